package netlab.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import netlab.core.ExitCode;
import netlab.core.Msg;
import netlab.core.NetlabException;
import netlab.exercise.Exercise;
import netlab.exercise.ExerciseCatalog;
import netlab.grade.batch.SubmissionPlan;
import netlab.grade.batch.SubmissionWriter;
import netlab.progress.Progress;
import netlab.progress.ProgressStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "submit")
final class SubmitSubcommand implements Callable<Integer> {
  @ParentCommand
  TopCommand top;

  @Parameters(arity = "0..1", paramLabel = "EXERCISE", descriptionKey = "exercise")
  String exercise;

  @Option(names = "--student", paramLabel = "ID")
  String student;

  @Option(names = "--out", paramLabel = "FILE")
  Path out;

  @Override
  public Integer call() throws NetlabException {
    Cli cli = top.cli();
    var home = cli.home();
    var printer = cli.printer();
    ExerciseCatalog catalog = ExerciseCatalog.load(home);
    if (catalog.exercises().isEmpty() && !catalog.problems().isEmpty()) throw NetlabException.usage(catalog.problems().get(0));
    List<Exercise> chosen = exercise == null ? catalog.exercises() : List.of(catalog.find(exercise));
    ProgressStore store = new ProgressStore(home.progressFile());
    Progress progress = store.load().progress();
    try {
      SubmissionPlan plan = SubmissionPlan.of(home, chosen, progress);
      if (plan.entries().isEmpty()) throw plan.nothingToSubmit();
      String id = student != null ? student : progress.student != null ? progress.student : ask(cli);
      try {
        SubmissionWriter.checkId(id);
      } catch (IllegalArgumentException e) {
        throw NetlabException.usage(e.getMessage());
      }
      Path target = out != null ? out : home.root().resolve("submission-" + id + ".zip");
      String replacing = plan.replacing(target);
      Path written = SubmissionWriter.write(id, plan, progress, target);
      for (String l : plan.listing(id)) printer.println(l);
      for (String l : plan.notes()) printer.wrapped(new org.jline.utils.AttributedString(l));
      printer.println(plan.written(written));
      if (replacing != null) printer.note(replacing);
      if (!id.equals(progress.student)) remember(store, progress, id, printer);
      return 0;
    } catch (IOException e) {
      throw new NetlabException(ExitCode.ENVIRONMENT, Msg.get("submit.cannotWrite", e.getMessage()));
    }
  }

  private static void remember(ProgressStore store, Progress progress, String id, netlab.core.Printer printer) {
    progress.student = id;
    try {
      store.save(progress);
    } catch (IOException e) {
      printer.warn(Msg.get("submit.cannotRemember", store.file(), e.getMessage()));
    }
  }

  /** At a terminal the id is asked for once; from a script it has to be given. */
  private static String ask(Cli cli) throws NetlabException, IOException {
    if (!cli.streams().stdinTty()) {
      throw NetlabException.usage(Msg.get("submit.noId.cli"));
    }
    cli.streams().out().print(Msg.label("submit.askId"));
    cli.streams().out().flush();
    String line = new BufferedReader(new InputStreamReader(cli.streams().in(), StandardCharsets.UTF_8)).readLine();
    if (line == null || line.isBlank()) {
      throw NetlabException.usage(Msg.get("submit.noIdGiven.cli"));
    }
    return line.strip();
  }
}
