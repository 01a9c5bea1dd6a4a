package netlab.grade.similarity;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs JPlag over a report's copies of the students' sources ({@code students/KEY/sources/NN-id/}),
 * one exercise at a time with its starter as base code, in a child JVM with a capped heap and a
 * wall clock ({@link SimilarityMain}), and keeps the answer as {@code similarity.json} beside the
 * report. Only sources are read; nothing a student wrote is run.
 */
public final class SimilarityCheck {
  public static final String FILE = "similarity.json";
  /** Pairs at or above 60% average similarity are shown; JPlag's own default shows every pair. */
  public static final double THRESHOLD = 0.6;
  /** Pairs kept per exercise: every one above the threshold and the closest below, for context. */
  static final int KEEP = 50;
  static final int HEAP_MB = 768;

  private SimilarityCheck() {}

  /**
   * {@code keys}: the report folders to compare; {@code starters}: exercise dir → its starter
   * folder (the base code). Exercises nobody submitted are listed with no pairs.
   */
  public static SimilarityResult run(Path report, List<String> keys, Map<String, Path> starters, double threshold)
      throws IOException {
    Path work = Files.createTempDirectory("netlab-similarity-");
    try {
      SimilarityMain.Request req = new SimilarityMain.Request();
      req.threshold = threshold;
      req.keep = KEEP;
      int files = 0;
      for (Map.Entry<String, Path> e : starters.entrySet()) {
        String dir = e.getKey();
        Path root = Files.createDirectories(work.resolve("exercises").resolve(dir));
        for (String key : keys) {
          Path src = report.resolve("students").resolve(key).resolve("sources").resolve(dir);
          if (!Files.isDirectory(src)) continue;
          Path to = Files.createDirectories(root.resolve(key));
          try (Stream<Path> s = Files.list(src)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p)).toList()) {
              Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
              files++;
            }
          }
        }
        // the starter's Java files only: JPlag would try to parse anything else as Java too
        Path base = Files.createDirectories(work.resolve("base").resolve(dir));
        try (Stream<Path> s = Files.list(e.getValue())) {
          for (Path f : s.filter(p -> p.toString().endsWith(".java")).toList()) Files.copy(f, base.resolve(f.getFileName()));
        }
        SimilarityMain.Job job = new SimilarityMain.Job();
        job.dir = dir;
        job.root = root.toString();
        job.base = base.toString();
        req.exercises.add(job);
      }
      ObjectMapper json = new ObjectMapper();
      Path request = work.resolve("request.json");
      Path answer = work.resolve("result.json");
      Path log = work.resolve("jplag.log");
      json.writeValue(request.toFile(), req);
      // generous: parsing and comparing a class takes seconds; this only stops a hang
      Duration limit = Duration.ofSeconds(120 + files / 10);
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx" + HEAP_MB + "m", "-XX:+UseSerialGC", "-Xshare:auto", "-Djava.awt.headless=true",
          "-cp", System.getProperty("java.class.path"), SimilarityMain.class.getName(), request.toString(), answer.toString()));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      boolean done;
      try {
        done = p.waitFor(limit.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        done = false;
      }
      if (!done) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new IOException("JPlag did not finish within " + limit.toSeconds() + " s; no similarity report");
      }
      if (p.exitValue() != 0 || !Files.isRegularFile(answer)) {
        String tail = tail(log);
        throw new IOException("JPlag failed (exit " + p.exitValue() + ")" + (tail.isEmpty() ? "" : ": " + tail));
      }
      SimilarityResult r = json.readValue(answer.toFile(), SimilarityResult.class);
      write(report, r);
      return r;
    } finally {
      delete(work);
    }
  }

  public static void write(Path report, SimilarityResult r) throws IOException {
    Path tmp = Files.createTempFile(report, FILE, ".tmp");
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), r);
    Files.move(tmp, report.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The report's similarity results, or null when similarity was not checked for it. */
  public static SimilarityResult read(Path report) {
    Path f = report.resolve(FILE);
    if (!Files.isRegularFile(f)) return null;
    try {
      return new ObjectMapper().readValue(f.toFile(), SimilarityResult.class);
    } catch (IOException e) {
      return null; // a damaged file: shown as not checked, and the next check writes it again
    }
  }

  /** Forgets an earlier check, whose pairs may no longer be this report's students. */
  public static void forget(Path report) throws IOException {
    Files.deleteIfExists(report.resolve(FILE));
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size())).strip();
    } catch (IOException e) {
      return "";
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      // a temporary folder: left behind at worst
    }
  }
}
