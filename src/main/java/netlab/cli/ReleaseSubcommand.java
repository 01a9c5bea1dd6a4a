package netlab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import netlab.core.ExitCode;
import netlab.core.NetlabException;
import netlab.exercise.Exercise;
import netlab.exercise.ExerciseCatalog;
import netlab.grade.Grader;
import netlab.grade.Verifier;
import netlab.grade.batch.Release;
import netlab.lesson.LessonCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "release", description = {
    "Build the student kit in DIR: lessons, exercise starters, the built lab with the hidden tests",
    "compiled in (no test sources, no solutions) and a student README. Runs 'verify' first and",
    "refuses to build when an exercise does not verify."})
final class ReleaseSubcommand implements Callable<Integer> {
  @ParentCommand
  TopCommand top;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "a new folder for the kit")
  Path out;

  @Option(names = "--verify-runs", paramLabel = "N", description = "green runs each solution must give first (default 10)")
  int runs = 10;

  @Override
  public Integer call() throws NetlabException {
    Cli cli = top.cli();
    var home = cli.home();
    var printer = cli.printer();
    Path jar = home.root().resolve("target").resolve("netlab.jar");
    if (!Files.isRegularFile(jar)) {
      throw new NetlabException(ExitCode.ENVIRONMENT, "the lab is not built (no target/netlab.jar); run ./netlab --version once");
    }
    ExerciseCatalog catalog = ExerciseCatalog.load(home);
    if (!catalog.problems().isEmpty()) throw NetlabException.usage(catalog.problems().get(0));
    if (!Files.isDirectory(home.solutions())) {
      throw NetlabException.usage("this lab has no solutions/ (a student kit?): release from the course repository");
    }
    try (Grader grader = Grader.forLab(home, Grader.Options.defaults())) {
      Verifier verifier = new Verifier(home, grader, LessonCatalog.load(home.lessons()));
      int bad = 0;
      for (Exercise ex : catalog.exercises()) {
        Verifier.Report r = verifier.verify(ex, runs, null);
        if (!r.ok()) {
          bad++;
          printer.error(ex.dir() + ": " + String.join("; ", r.problems()));
        }
      }
      if (bad > 0) {
        throw new NetlabException(ExitCode.FAILURE, bad + " exercises do not verify; no kit was built (fix them, see 'netlab verify')");
      }
      printer.println(catalog.exercises().size() + " exercises verified; building the kit…");
      Release.build(home, catalog, grader, jar, out);
    } catch (IOException e) {
      throw new NetlabException(ExitCode.ENVIRONMENT, "cannot build the kit in " + out + ": " + e.getMessage());
    }
    printer.println("student kit in " + out + ": start it with " + out.resolve("netlab"));
    return 0;
  }
}
