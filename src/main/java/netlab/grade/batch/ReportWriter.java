package netlab.grade.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A student's report folder: {@code grade.json} (everything, for merges and the class report),
 * {@code results.json} in the shape of Gradescope's autograder output, {@code junit.xml} for CI
 * tools, and {@code feedback.md} for the student. Each file is written atomically.
 */
public final class ReportWriter {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final int OUTPUT_KEEP = 2000;

  private ReportWriter() {}

  public static void writeStudent(Path dir, StudentGrade raw) throws IOException {
    // every file below is made from the cleaned copy: ids, problems and output are the student's
    StudentGrade g = Clean.grade(raw);
    Files.createDirectories(dir);
    atomically(dir.resolve("results.json"), JSON.writeValueAsBytes(gradescope(g)));
    atomically(dir.resolve("junit.xml"), junitXml(g).getBytes(StandardCharsets.UTF_8));
    atomically(dir.resolve("feedback.md"), feedback(g).getBytes(StandardCharsets.UTF_8));
    // last: its presence marks the student as graded when a run resumes
    atomically(dir.resolve("grade.json"), JSON.writeValueAsBytes(g));
  }

  static void atomically(Path file, byte[] data) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
    try {
      Files.write(tmp, data);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Gradescope's autograder results.json: score, execution_time, output, visibility, and a test
   * per hidden test with name, number, score, max_score, status, output, visibility.
   */
  static Map<String, Object> gradescope(StudentGrade g) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("score", g.score());
    r.put("execution_time", Math.max(1, g.millis / 1000));
    r.put("output", g.problems.isEmpty() ? "Graded by NetLab." : "Problems with the submission:\n- " + String.join("\n- ", g.problems));
    r.put("visibility", "visible");
    r.put("stdout_visibility", "hidden");
    List<Map<String, Object>> tests = new ArrayList<>();
    for (StudentGrade.ExerciseGrade e : g.exercises) {
      int n = 0;
      for (StudentGrade.TestGrade t : e.tests) {
        n++;
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("name", e.dir + ": " + t.name);
        x.put("number", Integer.parseInt(e.dir.substring(0, 2)) + "." + n);
        x.put("score", t.passed ? t.points : 0);
        x.put("max_score", t.points);
        x.put("status", t.passed ? "passed" : "failed");
        x.put("output", testOutput(t));
        // the instructor's own tests stay out of sight until the grades are published
        x.put("visibility", t.instructorOnly ? "after_published" : "visible");
        tests.add(x);
      }
    }
    r.put("tests", tests);
    // only the fields Gradescope documents at the top level; the rest is extra_data, which it keeps
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("max_score", g.max());
    extra.put("student", g.student);
    r.put("extra_data", extra);
    return r;
  }

  private static String testOutput(StudentGrade.TestGrade t) {
    StringBuilder b = new StringBuilder();
    if (!t.passed && t.reason != null) b.append(t.reason);
    for (String d : t.detail) b.append('\n').append("  ").append(d);
    if (t.output != null && !t.output.isBlank()) {
      String o = t.output.length() > OUTPUT_KEEP ? cut(t.output, OUTPUT_KEEP) + "…" : t.output;
      b.append(b.length() > 0 ? "\n" : "").append("printed:\n").append(o);
    }
    return b.toString();
  }

  /** The first {@code n} chars, or one fewer rather than half an emoji: a lone surrogate is not text JSON or XML can hold. */
  private static String cut(String s, int n) {
    return s.substring(0, Character.isHighSurrogate(s.charAt(n - 1)) ? n - 1 : n);
  }

  static String junitXml(StudentGrade g) {
    StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    int tests = g.exercises.stream().mapToInt(e -> e.tests.size()).sum();
    long failures = g.exercises.stream().flatMap(e -> e.tests.stream()).filter(t -> !t.passed).count();
    b.append("<testsuites name=\"").append(xml(g.student)).append("\" tests=\"").append(tests)
        .append("\" failures=\"").append(failures).append("\" time=\"").append(seconds(g.millis)).append("\">\n");
    for (StudentGrade.ExerciseGrade e : g.exercises) {
      long f = e.tests.stream().filter(t -> !t.passed).count();
      b.append("  <testsuite name=\"").append(xml(e.dir)).append("\" tests=\"").append(e.tests.size())
          .append("\" failures=\"").append(f).append("\" time=\"").append(seconds(e.millis)).append("\">\n");
      for (StudentGrade.TestGrade t : e.tests) {
        b.append("    <testcase classname=\"").append(xml(g.student + "." + e.dir)).append("\" name=\"").append(xml(t.name))
            .append("\" time=\"").append(seconds(t.millis)).append("\"");
        if (t.passed) {
          b.append("/>\n");
        } else {
          b.append(">\n      <failure message=\"").append(xml(t.reason == null ? "failed" : Clean.line(t.reason))).append("\">")
              .append(xml(testOutput(t))).append("</failure>\n    </testcase>\n");
        }
      }
      b.append("  </testsuite>\n");
    }
    return b.append("</testsuites>\n").toString();
  }

  static String feedback(StudentGrade g) {
    StringBuilder b = new StringBuilder();
    b.append("# NetLab feedback for ").append(g.student).append("\n\n");
    b.append("**Score: ").append(g.score()).append(" / ").append(g.max()).append("**")
        .append(g.sandboxed ? "" : " (graded without a sandbox)").append("\n\n");
    if (!g.problems.isEmpty()) {
      b.append("## Problems with the submission\n\n");
      for (String p : g.problems) b.append("- ").append(p).append('\n');
      b.append('\n');
    }
    b.append("| exercise | score |\n|---|---:|\n");
    for (StudentGrade.ExerciseGrade e : g.exercises) {
      b.append("| ").append(e.dir).append(" ").append(e.title).append(" | ").append(e.score).append(" / ").append(e.max)
          .append(e.submitted ? "" : " (not submitted)").append(" |\n");
    }
    for (StudentGrade.ExerciseGrade e : g.exercises) {
      if (!e.submitted) continue;
      b.append("\n## ").append(e.dir).append(" ").append(e.title).append(": ").append(e.score).append(" / ").append(e.max).append("\n\n");
      for (String p : e.problems) b.append("- ").append(p).append('\n');
      if (e.tampered != null) {
        // one verdict for the exercise: none of its tests counts
        b.append("**").append(e.tampered).append("** — this exercise scores 0.\n");
        continue;
      }
      if (!e.diagnostics.isEmpty()) {
        b.append("It does not compile, so no test ran:\n\n```text\n");
        for (String d : e.diagnostics) b.append(d).append('\n');
        b.append("```\n");
        continue;
      }
      for (StudentGrade.TestGrade t : e.tests) {
        b.append(t.passed ? "- ✓ " : "- ✗ ").append(t.name);
        if (t.instructorOnly) b.append(" _(instructor's test)_");
        if (!t.passed && t.reason != null) b.append("  \n  ").append(Clean.line(t.reason));
        for (String d : t.detail) b.append("  \n  `").append(d).append('`');
        b.append('\n');
      }
      for (String n : e.notes) b.append("\n> note: ").append(n).append('\n');
    }
    return b.toString();
  }

  /** Escaped for XML text and attributes; {@link Clean#text} first, as XML 1.0 cannot hold control characters at all. */
  static String xml(String s) {
    String t = Clean.text(s);
    StringBuilder b = new StringBuilder(t.length());
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static String seconds(long ms) {
    return String.format(java.util.Locale.ROOT, "%.3f", ms / 1000.0);
  }
}
