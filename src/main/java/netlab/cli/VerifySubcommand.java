package netlab.cli;

import java.util.List;
import java.util.concurrent.Callable;
import netlab.core.Msg;
import netlab.core.NetlabException;
import netlab.exercise.Exercise;
import netlab.exercise.ExerciseCatalog;
import netlab.grade.Grader;
import netlab.grade.Verifier;
import netlab.lesson.LessonCatalog;
import netlab.markdown.Theme;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "verify")
final class VerifySubcommand implements Callable<Integer> {
  @ParentCommand
  TopCommand top;

  @Parameters(paramLabel = "ID", descriptionKey = "exercise", arity = "0..1")
  String id;

  @Option(names = "--runs", paramLabel = "N")
  int runs = 10;

  @Override
  public Integer call() throws NetlabException {
    Cli cli = top.cli();
    var home = cli.home();
    var printer = cli.printer();
    ExerciseCatalog catalog = ExerciseCatalog.load(home);
    for (String p : catalog.problems()) printer.error(p);
    if (runs < 1) throw NetlabException.usage(Msg.get("verify.runsMin"));
    List<Exercise> todo = id == null ? catalog.exercises() : List.of(catalog.find(id));
    if (todo.isEmpty()) throw NetlabException.usage(Msg.get("verify.nothing"));
    int bad = catalog.problems().size();
    try (Grader grader = Grader.forLab(home, Grader.Options.defaults())) {
      Verifier verifier = new Verifier(home, grader, LessonCatalog.load(home.lessons()));
      for (Exercise ex : todo) {
        Verifier.Report r = verifier.verify(ex, runs, null);
        if (r.ok()) {
          printer.println("✓ " + ex.dir() + "  " + r.summary(), Theme.OK);
        } else {
          bad++;
          printer.println("✗ " + ex.dir() + (r.summary().isEmpty() ? "" : "  " + r.summary()), Theme.BAD);
          for (String p : r.problems()) printer.println("    " + p);
        }
      }
    }
    printer.println(bad == 0 ? Msg.get("verify.ok", todo.size()) : Msg.get("verify.problems", bad), bad == 0 ? Theme.OK : Theme.BAD);
    return bad == 0 ? 0 : 1;
  }
}
