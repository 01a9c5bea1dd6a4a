package netlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import netlab.core.ExitCode;
import netlab.core.LabHome;
import netlab.core.Msg;
import netlab.core.NetlabException;
import netlab.exercise.Exercise;
import netlab.exercise.ExerciseCatalog;
import netlab.exercise.Starters;
import netlab.grade.batch.ClassReport;
import netlab.grade.batch.Clean;
import netlab.grade.batch.Isolation;
import netlab.grade.batch.StudentGrade;
import netlab.grade.similarity.SimilarityCheck;
import netlab.grade.similarity.SimilarityResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "similarity")
final class SimilaritySubcommand implements Callable<Integer> {
  @ParentCommand
  TopCommand top;

  @Parameters(paramLabel = "REPORT", descriptionKey = "report")
  Path report;

  @Option(names = "--threshold", paramLabel = "PERCENT")
  int threshold = (int) Math.round(SimilarityCheck.THRESHOLD * 100);

  @Override
  public Integer call() throws NetlabException {
    Cli cli = top.cli();
    LabHome home = cli.home();
    if (threshold < 1 || threshold > 100) throw NetlabException.usage(Msg.get("similarity.thresholdRange"));
    Path meta = report.resolve("meta.json");
    if (!Files.isRegularFile(meta)) throw NetlabException.usage(Msg.get("similarity.notAReport", report));
    ObjectMapper json = new ObjectMapper();
    try {
      JsonNode m = json.readTree(meta.toFile());
      List<String> dirs = new ArrayList<>();
      m.path("exercises").forEach(d -> dirs.add(d.asText()));
      List<String> applied = new ArrayList<>();
      List<String> missing = new ArrayList<>();
      m.path("inForce").forEach(a -> applied.add(a.asText()));
      m.path("missing").forEach(x -> missing.add(x.asText()));
      List<Exercise> exercises = ExerciseCatalog.load(home).exercises().stream().filter(e -> dirs.contains(e.dir())).toList();
      List<StudentGrade> students = new ArrayList<>();
      try (Stream<Path> s = Files.list(report.resolve("students"))) {
        for (Path sd : s.filter(Files::isDirectory).sorted().toList()) {
          Path gj = sd.resolve("grade.json");
          if (!Files.isRegularFile(gj)) continue;
          StudentGrade g = json.readValue(gj.toFile(), StudentGrade.class);
          g.key = sd.getFileName().toString();
          students.add(g);
        }
      }
      students.sort(Comparator.comparing((StudentGrade g) -> g.student).thenComparing(g -> g.key));
      check(cli, home, report, students, exercises, threshold / 100.0);
      ClassReport.write(report, students, dirs, new Isolation(applied, missing));
    } catch (IOException e) {
      throw new NetlabException(ExitCode.ENVIRONMENT, Msg.get("similarity.cannotReadWrite", report, e.getMessage()));
    }
    cli.printer().println(Msg.get("similarity.report", report.resolve("report.html")));
    return 0;
  }

  /** Runs JPlag over {@code report}'s students and says what it found; the caller writes the page. */
  static void check(Cli cli, LabHome home, Path report, List<StudentGrade> students, List<Exercise> exercises, double threshold)
      throws NetlabException {
    Map<String, Path> starters = new LinkedHashMap<>();
    for (Exercise ex : exercises) {
      // the pristine copy when the lab kept one: the instructor may have edited exercises/ since
      Path pristine = Starters.pristine(home, ex);
      starters.put(ex.dir(), pristine != null ? pristine : ex.starterDir(home));
    }
    List<String> keys = students.stream().map(g -> g.key).toList();
    var printer = cli.printer();
    printer.println(Msg.get("similarity.comparing", exercises.size()));
    SimilarityResult r;
    try {
      r = SimilarityCheck.run(report, keys, starters, threshold);
    } catch (IOException e) {
      throw new NetlabException(ExitCode.ENVIRONMENT, Msg.get("similarity.failed", e.getMessage()));
    }
    Map<String, String> names = new LinkedHashMap<>();
    for (StudentGrade g : students) names.put(g.key, Clean.line(g.student));
    int hot = 0;
    String top = null;
    double best = -1;
    for (SimilarityResult.Exercise ex : r.exercises) {
      for (SimilarityResult.Pair p : ex.pairs) {
        if (p.similarity >= threshold) hot++;
        if (p.similarity > best) {
          best = p.similarity;
          top = ex.dir + " " + names.getOrDefault(p.a, p.a) + " ↔ " + names.getOrDefault(p.b, p.b)
              + " " + Math.round(p.similarity * 100) + "%";
        }
      }
    }
    long percent = Math.round(threshold * 100);
    printer.println(top == null ? Msg.get("similarity.found", r.engine, hot, percent)
        : Msg.get("similarity.found.top", r.engine, hot, percent, top));
  }
}
