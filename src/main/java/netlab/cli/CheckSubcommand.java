package netlab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Duration;
import java.util.concurrent.Callable;
import netlab.core.NetlabException;
import netlab.exercise.Exercise;
import netlab.exercise.ExerciseCatalog;
import netlab.grade.CheckResult;
import netlab.grade.Feedback;
import netlab.grade.Grader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "check")
final class CheckSubcommand implements Callable<Integer> {
  @ParentCommand
  TopCommand top;

  @Parameters(paramLabel = "ID", descriptionKey = "exercise")
  String id;

  @Option(names = "--json")
  boolean json;

  @Option(names = "--timeout", paramLabel = "SECONDS")
  int timeout = 5;

  @Override
  public Integer call() throws Exception {
    netlab.core.StartupTrace.mark("check: start");
    Cli cli = top.cli();
    var home = cli.home();
    if (timeout < 1 || timeout > 600) throw NetlabException.usage(netlab.core.Msg.get("cli.check.timeout"));
    CheckResult r;
    try (Grader grader = Grader.forLab(home, new Grader.Options(Duration.ofSeconds(timeout), false))) {
      // the worker JVM boots while this one reads the catalog and hashes the tests
      grader.prewarm();
      ExerciseCatalog catalog = ExerciseCatalog.load(home);
      if (catalog.exercises().isEmpty() && !catalog.problems().isEmpty()) {
        throw NetlabException.usage(catalog.problems().get(0));
      }
      Exercise ex = catalog.find(id);
      r = grader.check(ex);
      netlab.core.StartupTrace.mark("check: result");
    }
    netlab.core.StartupTrace.mark("check: worker closed");
    ExerciseStatus.record(home, r);
    netlab.core.StartupTrace.mark("check: recorded");
    if (json) {
      cli.streams().outWriter().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(Feedback.json(home, r)));
    } else {
      var printer = cli.printer();
      printer.lines(Feedback.lines(home, r, printer.width()));
    }
    netlab.core.StartupTrace.mark("check: printed");
    return r.passed() ? 0 : 1;
  }
}
