package netlab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import netlab.core.ExitCode;
import netlab.core.Msg;
import netlab.core.NetlabException;
import netlab.exercise.Exercise;
import netlab.exercise.ExerciseCatalog;
import netlab.grade.sandbox.Confinement;
import netlab.grade.batch.BatchGrader;
import netlab.grade.batch.ClassReport;
import netlab.grade.batch.Isolation;
import netlab.grade.batch.LmsGradebook;
import netlab.grade.batch.ShardFromEnvironment;
import netlab.grade.batch.ProgressLine;
import netlab.grade.similarity.SimilarityCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "grade")
final class GradeSubcommand implements Callable<Integer> {
  @ParentCommand
  TopCommand top;

  @Parameters(paramLabel = "DIR", descriptionKey = "submissions")
  Path dir;

  @Option(names = "--out", required = true, paramLabel = "REPORT")
  Path out;

  @Option(names = "--jobs", paramLabel = "N")
  Integer jobs;

  @Option(names = "--exercises", paramLabel = "IDS", split = ",")
  List<String> exercises;

  @Option(names = "--timeout", paramLabel = "SECONDS")
  int timeout = 5;

  @Option(names = "--exercise-limit", paramLabel = "SECONDS")
  int exerciseLimit = 20;

  @Option(names = "--compile-limit", paramLabel = "SECONDS")
  int compileLimit = 60;

  @Option(names = "--regrade")
  boolean regrade;

  @Option(names = "--shard", paramLabel = "K/N|auto")
  String shard;

  @Option(names = "--no-sandbox")
  boolean noSandbox;

  @Option(names = "--lms", paramLabel = "canvas|moodle", split = ",")
  List<String> lms;

  @Option(names = "--similarity")
  boolean similarity;

  @Option(names = "--threshold", paramLabel = "PERCENT")
  int threshold = (int) Math.round(SimilarityCheck.THRESHOLD * 100);

  /** A worker's share of memory: its 256 MB heap, the JVM around it, and the grader's part. */
  static final long MEMORY_PER_JOB = 768L << 20;

  /**
   * Students graded at once per core by default. The hidden tests mostly wait (sockets, timers,
   * the time limits of wrong programs), so two per core grade a class about twice as fast as one;
   * beyond that the CPU is the limit (bench/README.md). Twice the load, four per core, is the test
   * of the margin (bench/wrong_class.sh RUNS 8): in 40 runs of 106 wrong programs, 3 full marks there
   * (a udp-retry client twice, now measured at a growing scale; selector-echo's busy-spin test once, open).
   */
  static final int JOBS_PER_CORE = 2;

  /** {@link #JOBS_PER_CORE} students per core, fewer where memory is short. An instructor can ask for more with --jobs. */
  static int defaultJobs() {
    int byCores = JOBS_PER_CORE * Runtime.getRuntime().availableProcessors();
    long memory = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getTotalMemorySize();
    int byMemory = (int) Math.max(1, Math.min(256, memory / MEMORY_PER_JOB));
    return Math.max(1, Math.min(byCores, byMemory));
  }

  @Override
  public Integer call() throws NetlabException {
    Cli cli = top.cli();
    var home = cli.home();
    var printer = cli.printer();
    if (!Files.isDirectory(dir)) throw NetlabException.usage(Msg.get("grade.noFolder", dir));
    if (timeout < 1 || timeout > 600) throw NetlabException.usage(Msg.get("grade.timeoutRange"));
    int n = jobs == null ? defaultJobs() : jobs;
    if (n < 1 || n > 256) throw NetlabException.usage(Msg.get("grade.jobsRange"));
    String shardFrom = null;
    int[] sh;
    if ("auto".equals(shard)) {
      ShardFromEnvironment auto = ShardFromEnvironment.read(cli.streams().env());
      sh = new int[] {auto.shard(), auto.shards()};
      shardFrom = auto.from();
    } else {
      sh = parseShard(shard);
    }
    List<LmsGradebook> formats = lmsFormats(lms); // a typo is found before grading, not after
    if (similarity && sh[1] > 1) {
      throw NetlabException.usage(Msg.get("grade.similarityShard"));
    }
    if (threshold < 1 || threshold > 100) throw NetlabException.usage(Msg.get("grade.thresholdRange"));
    ExerciseCatalog catalog = ExerciseCatalog.load(home);
    if (!catalog.problems().isEmpty()) throw NetlabException.usage(catalog.problems().get(0));
    List<Exercise> chosen = new ArrayList<>();
    if (exercises == null) {
      chosen.addAll(catalog.exercises());
    } else {
      for (String id : exercises) chosen.add(catalog.find(id));
    }
    Confinement confinement = Confinement.probe(!noSandbox, !"0".equals(cli.streams().env().get("NETLAB_CGROUPS")),
        out.toAbsolutePath().resolve(".work"));
    boolean sandbox = confinement.sandboxed() && confinement.missing().isEmpty();
    if (!noSandbox) {
      List<String> english = confinement.missing();
      List<String> shown = confinement.missingShown();
      for (int i = 0; i < shown.size(); i++) {
        printer.warn(Msg.get(english.get(i).startsWith("sandbox") ? "grade.notInForce.sandbox" : "grade.notInForce", shown.get(i)));
      }
    }
    if (exerciseLimit < timeout) throw NetlabException.usage(Msg.get("grade.exerciseLimit"));
    if (compileLimit < 1 || compileLimit > 3600) throw NetlabException.usage(Msg.get("grade.compileLimitRange"));
    BatchGrader grader = new BatchGrader(home, new BatchGrader.Options(n, chosen, Duration.ofSeconds(timeout),
        Duration.ofSeconds(exerciseLimit), confinement, regrade, sh[0], sh[1], Duration.ofSeconds(compileLimit)), out);
    int total = grader.submissions(dir).size();
    if (total == 0 && sh[1] == 1) throw NetlabException.usage(Msg.get("grade.noSubmissions", dir));
    if (total == 0) {
      // a matrix of more jobs than students: this one has nothing to do, but merge wants its report
      printer.println(Msg.get("grade.emptyShard", sh[0], sh[1]));
    }
    printer.println(Msg.get("grade.grading", total, chosen.size(), n, confinement.summary(),
        sh[1] > 1 ? Msg.get("grade.grading.shard", sh[0], sh[1]) : "",
        shardFrom == null ? "" : Msg.get("grade.grading.from", shardFrom)));
    ProgressLine progress = new ProgressLine(cli.streams().err(), cli.streams().stdoutTty());
    BatchGrader.Summary s = grader.grade(dir, (g, done, all) -> progress.update(done, all, g.student + " " + g.score() + "/" + g.max()));
    try {
      Isolation isolation = Isolation.of(confinement);
      BatchMeta.write(out, chosen, isolation);
      // an earlier check's pairs may not be this class's any more; a failed check leaves none
      SimilarityCheck.forget(out);
      NetlabException similarityFailed = null;
      if (similarity) {
        try {
          SimilaritySubcommand.check(cli, home, out, s.students(), chosen, threshold / 100.0);
        } catch (NetlabException e) {
          similarityFailed = e; // the grades are good: write the report, then say what failed
        }
      }
      ClassReport.write(out, s.students(), chosen.stream().map(Exercise::dir).toList(), isolation, formats);
      if (similarityFailed != null) throw similarityFailed;
    } catch (IOException e) {
      throw new NetlabException(ExitCode.ENVIRONMENT, Msg.get("grade.cannotWriteReport", e.getMessage()));
    }
    double perStudent = s.graded() == 0 ? 0 : s.millis() / 1000.0 / s.graded();
    printer.println(Msg.get("grade.done", s.graded(), s.skipped(), String.format("%.1f", s.millis() / 1000.0),
        String.format("%.2f", perStudent), String.format("%.0f", perStudent == 0 ? 0 : 60 / perStudent)));
    printer.println(Msg.get("grade.report", out.resolve("report.html"), out.resolve("gradebook.csv")));
    return 0;
  }

  static List<LmsGradebook> lmsFormats(List<String> names) throws NetlabException {
    List<LmsGradebook> out = new ArrayList<>();
    if (names != null) for (String n : names) out.add(LmsGradebook.parse(n));
    return out;
  }

  static int[] parseShard(String shard) throws NetlabException {
    if (shard == null) return new int[] {1, 1};
    String[] p = shard.split("/");
    try {
      int k = Integer.parseInt(p[0].trim());
      int n = Integer.parseInt(p[1].trim());
      if (p.length != 2 || n < 1 || k < 1 || k > n) throw new NumberFormatException();
      return new int[] {k, n};
    } catch (RuntimeException e) {
      throw NetlabException.usage(Msg.get("grade.shardSyntax", shard));
    }
  }

  /** What a report was made of, for 'netlab merge'. */
  static final class BatchMeta {
    static void write(Path out, List<Exercise> exercises, Isolation isolation) throws IOException {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("exercises", exercises.stream().map(Exercise::dir).toList());
      m.put("sandboxed", isolation.complete());
      m.put("inForce", isolation.applied());
      m.put("missing", isolation.missing());
      new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.resolve("meta.json").toFile(), m);
    }
  }
}
