package netlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import netlab.core.ExitCode;
import netlab.core.Msg;
import netlab.core.NetlabException;
import netlab.exercise.Exercise;
import netlab.exercise.ExerciseCatalog;
import netlab.grade.batch.BatchGrader;
import netlab.grade.batch.ClassReport;
import netlab.grade.batch.Clean;
import netlab.grade.batch.IdClaims;
import netlab.grade.batch.Isolation;
import netlab.grade.batch.ReportWriter;
import netlab.grade.similarity.SimilarityCheck;
import netlab.grade.batch.StudentGrade;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "merge")
final class MergeSubcommand implements Callable<Integer> {
  @ParentCommand
  TopCommand top;

  @Parameters(paramLabel = "REPORT", descriptionKey = "reports", arity = "1..*")
  List<Path> reports;

  @Option(names = "--out", required = true, paramLabel = "DIR")
  Path out;

  @Option(names = "--lms", paramLabel = "canvas|moodle", split = ",")
  List<String> lms;

  @Option(names = "--similarity")
  boolean similarity;

  @Option(names = "--threshold", paramLabel = "PERCENT")
  int threshold = (int) Math.round(SimilarityCheck.THRESHOLD * 100);

  @Override
  public Integer call() throws NetlabException {
    Cli cli = top.cli();
    GradeSubcommand.lmsFormats(lms); // a typo is found before merging
    ObjectMapper json = new ObjectMapper();
    // by report folder (the submission's key), not student id: two submissions may claim one id
    Map<String, StudentGrade> students = new LinkedHashMap<>();
    Set<String> dirs = new LinkedHashSet<>();
    Set<String> applied = new LinkedHashSet<>();
    Set<String> missing = new LinkedHashSet<>();
    try {
      Files.createDirectories(out.resolve("students"));
      for (Path r : reports) {
        Path meta = r.resolve("meta.json");
        if (!Files.isRegularFile(meta)) throw NetlabException.usage(Msg.get("merge.notAReport", r));
        JsonNode m = json.readTree(meta.toFile());
        m.path("exercises").forEach(d -> dirs.add(d.asText()));
        // what was in force everywhere, and everything any shard lacked
        m.path("inForce").forEach(a -> applied.add(a.asText()));
        m.path("missing").forEach(x -> missing.add(x.asText()));
        if (!m.path("sandboxed").asBoolean(false) && !m.has("missing")) missing.add("sandbox (a shard was graded without one)");
        try (Stream<Path> s = Files.list(r.resolve("students"))) {
          for (Path sd : s.filter(Files::isDirectory).sorted().toList()) {
            Path gj = sd.resolve("grade.json");
            if (!Files.isRegularFile(gj)) continue;
            StudentGrade g = json.readValue(gj.toFile(), StudentGrade.class);
            g.key = sd.getFileName().toString(); // where it is, whatever the file says
            if (g.source == null) g.source = g.key;
            if (students.containsKey(g.key)) {
              // ids and file names are a student's choice: no escape sequences for the instructor's terminal
              throw NetlabException.usage(Msg.get("merge.overlap", Clean.line(g.source), Clean.line(g.student)));
            }
            students.put(g.key, g);
            copyDir(sd, out.resolve("students").resolve(g.key));
          }
        }
      }
      List<StudentGrade> all = new ArrayList<>(students.values());
      // one shard could not see another's manifests: which ids are shared is only known now
      for (StudentGrade g : IdClaims.mark(all, Map.of())) ReportWriter.writeStudent(out.resolve("students").resolve(g.key), g);
      all.sort(Comparator.comparing((StudentGrade g) -> g.student).thenComparing(g -> g.key));
      var home = cli.home();
      List<Exercise> exercises = ExerciseCatalog.load(home).exercises().stream().filter(e -> dirs.contains(e.dir())).toList();
      Isolation isolation = new Isolation(List.copyOf(applied), List.copyOf(missing));
      GradeSubcommand.BatchMeta.write(out, exercises, isolation);
      // an earlier check's pairs may not be this class's any more; a failed check leaves none
      SimilarityCheck.forget(out);
      NetlabException similarityFailed = null;
      if (similarity) {
        try {
          SimilaritySubcommand.check(cli, home, out, all, exercises, threshold / 100.0);
        } catch (NetlabException e) {
          similarityFailed = e; // the grades are good: write the report, then say what failed
        }
      }
      ClassReport.write(out, all, new ArrayList<>(dirs), isolation, GradeSubcommand.lmsFormats(lms));
      if (similarityFailed != null) throw similarityFailed;
      cli.printer().println(Msg.get("merge.done", all.size(), reports.size(), out));
      return 0;
    } catch (IOException e) {
      throw new NetlabException(ExitCode.ENVIRONMENT, Msg.get("merge.cannotMerge", e.getMessage()));
    }
  }

  /** A student's folder: its files, and the sources that were graded ({@code sources/NN-id/}). */
  private static void copyDir(Path from, Path to) throws IOException {
    copyFiles(from, to);
    Path sources = from.resolve(BatchGrader.SOURCES);
    if (!Files.isDirectory(sources, LinkOption.NOFOLLOW_LINKS)) return;
    try (Stream<Path> s = Files.list(sources)) {
      for (Path ex : s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
        copyFiles(ex, to.resolve(BatchGrader.SOURCES).resolve(ex.getFileName().toString()));
      }
    }
  }

  private static void copyFiles(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(from)) {
      for (Path p : s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
        Files.copy(p, to.resolve(p.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
