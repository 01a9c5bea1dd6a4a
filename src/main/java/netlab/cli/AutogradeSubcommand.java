package netlab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import netlab.core.ExitCode;
import netlab.core.Msg;
import netlab.core.NetlabException;
import netlab.exercise.Exercise;
import netlab.exercise.ExerciseCatalog;
import netlab.grade.batch.GradescopeRun;
import netlab.grade.sandbox.Confinement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The Gradescope autograder's entry point, run by the {@code run_autograder} script that
 * {@code netlab release --gradescope} writes (not something an instructor types).
 */
@Command(name = "autograde", hidden = true)
final class AutogradeSubcommand implements Callable<Integer> {
  @ParentCommand
  TopCommand top;

  @Option(names = "--root", paramLabel = "DIR")
  Path root;

  @Option(names = "--exercises", paramLabel = "IDS", split = ",")
  List<String> exercises;

  @Option(names = "--timeout", paramLabel = "SECONDS")
  int timeout = 5;

  @Option(names = "--check")
  boolean check;

  @Override
  public Integer call() throws NetlabException {
    Cli cli = top.cli();
    var home = cli.home();
    var printer = cli.printer();
    Map<String, String> env = cli.streams().env();
    ExerciseCatalog catalog = ExerciseCatalog.load(home);
    if (!catalog.problems().isEmpty()) throw NetlabException.usage(catalog.problems().get(0));
    List<Exercise> chosen = new ArrayList<>();
    if (exercises == null) {
      chosen.addAll(catalog.exercises());
    } else {
      for (String id : exercises) chosen.add(catalog.find(id));
    }
    Path base = root != null ? root : Path.of(env.getOrDefault("NETLAB_AUTOGRADER_ROOT", "/autograder"));
    Path probeDir;
    try {
      probeDir = Files.createTempDirectory("netlab-probe-");
    } catch (IOException e) {
      throw new NetlabException(ExitCode.ENVIRONMENT, Msg.get("autograde.noTempDir", e.getMessage()));
    }
    Confinement confinement = Confinement.probe(true, !"0".equals(env.get("NETLAB_CGROUPS")), probeDir);
    // standard output: Gradescope shows it to instructors only
    printer.println(Msg.get(check ? "autograde.canGrade" : "autograde.grading", chosen.size(), confinement.summary()));
    for (String m : confinement.missingShown()) printer.println(Msg.get("autograde.notInForce", m));
    if (check) {
      netlab.grade.HiddenTests.deleteTree(probeDir);
      return 0;
    }
    try {
      Map<String, Object> r = GradescopeRun.run(home, base.toAbsolutePath(), chosen, confinement, Duration.ofSeconds(timeout),
          Duration.ofSeconds(Math.max(20, timeout)), cli.streams().outWriter());
      cli.streams().outWriter().flush();
      Object max = r.get("extra_data") instanceof Map<?, ?> extra ? extra.get("max_score") : "?";
      printer.println(Msg.get("autograde.score", r.get("score"), max, base.resolve("results").resolve("results.json")));
    } catch (IOException e) {
      throw new NetlabException(ExitCode.ENVIRONMENT, Msg.get("autograde.cannotWrite", base.resolve("results"), e.getMessage()));
    } finally {
      netlab.grade.HiddenTests.deleteTree(probeDir);
    }
    return 0;
  }
}
