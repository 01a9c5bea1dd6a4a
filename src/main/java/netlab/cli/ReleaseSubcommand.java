package netlab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import netlab.core.ExitCode;
import netlab.core.Msg;
import netlab.core.NetlabException;
import netlab.exercise.Exercise;
import netlab.exercise.ExerciseCatalog;
import netlab.grade.Grader;
import netlab.grade.Verifier;
import netlab.grade.batch.ClassroomWorkflow;
import netlab.grade.batch.GradescopeBundle;
import netlab.grade.batch.Release;
import netlab.lesson.LessonCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "release")
final class ReleaseSubcommand implements Callable<Integer> {
  @ParentCommand
  TopCommand top;

  @Option(names = "--out", paramLabel = "DIR")
  Path out;

  @Option(names = "--gradescope", paramLabel = "FILE.zip")
  Path gradescope;

  @Option(names = "--github-classroom", paramLabel = "DIR")
  Path classroom;

  @Option(names = "--exercises", paramLabel = "IDS", split = ",")
  List<String> exercises;

  @Option(names = "--verify-runs", paramLabel = "N")
  int runs = 10;

  @Override
  public Integer call() throws NetlabException {
    Cli cli = top.cli();
    var home = cli.home();
    var printer = cli.printer();
    if (out == null && gradescope == null && classroom == null) {
      throw NetlabException.usage(Msg.get("release.nothingToBuild"));
    }
    Path jar = home.root().resolve("target").resolve("netlab.jar");
    if (!Files.isRegularFile(jar)) {
      throw new NetlabException(ExitCode.ENVIRONMENT, Msg.get("release.notBuilt"));
    }
    ExerciseCatalog catalog = ExerciseCatalog.load(home);
    if (!catalog.problems().isEmpty()) throw NetlabException.usage(catalog.problems().get(0));
    List<Exercise> graded = new ArrayList<>();
    if (exercises == null) {
      graded.addAll(catalog.exercises());
    } else {
      for (String id : exercises) graded.add(catalog.find(id));
    }
    // refuse before minutes of verifying, not after
    for (Path dir : java.util.Arrays.asList(out, classroom)) {
      if (dir != null && Files.exists(dir) && !isEmptyDir(dir)) {
        throw NetlabException.usage(Msg.get("release.notEmpty", dir));
      }
    }
    if (gradescope != null && Files.exists(gradescope)) throw NetlabException.usage(Msg.get("release.exists", gradescope));
    if (!Files.isDirectory(home.solutions())) {
      throw NetlabException.usage(Msg.get("release.noSolutions"));
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
        throw new NetlabException(ExitCode.FAILURE, Msg.get("release.notVerified", bad));
      }
      printer.println(Msg.get("release.verified", catalog.exercises().size()));
      if (out != null) {
        Release.build(home, catalog, grader, jar, out);
        printer.println(Msg.get("release.kit", out, out.resolve("netlab")));
      }
      if (classroom != null) {
        Release.build(home, catalog, grader, jar, classroom);
        ClassroomWorkflow.write(classroom, graded);
        printer.println(Msg.get("release.classroom", classroom, ClassroomWorkflow.PATH, graded.size(),
            graded.stream().mapToInt(Exercise::points).sum()));
      }
      if (gradescope != null) {
        GradescopeBundle.write(home, catalog, grader, jar, gradescope, graded);
        printer.println(Msg.get("release.gradescope", gradescope, graded.size(), graded.stream().mapToInt(Exercise::points).sum()));
      }
    } catch (IOException e) {
      throw new NetlabException(ExitCode.ENVIRONMENT, Msg.get("release.cannotBuild", e.getMessage()));
    }
    return 0;
  }

  private static boolean isEmptyDir(Path dir) {
    try (var s = Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }
}
