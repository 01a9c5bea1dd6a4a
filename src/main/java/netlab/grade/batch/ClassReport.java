package netlab.grade.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import netlab.core.Version;

/**
 * The class-wide outputs: {@code gradebook.csv} (a row per student: points per exercise and the
 * total) and {@code report.html}: score distribution per exercise, the most-failed tests, time
 * per student, similar submissions (JPlag, when checked), submission problems and sandbox
 * status. Charts are inline SVG, so the page works offline.
 */
public final class ClassReport {
  private ClassReport() {}

  /** The gradebook and the page, leaving any LMS gradebooks as they are (the grades did not change). */
  public static void write(Path out, List<StudentGrade> raw, List<String> exerciseDirs, Isolation sandboxed) throws IOException {
    write(out, raw, exerciseDirs, sandboxed, null);
  }

  /**
   * The gradebook, the LMS gradebooks in {@code lms} (others are removed; null leaves them), and
   * the page, which shows {@code similarity.json}'s pairs when the folder has one.
   */
  public static void write(Path out, List<StudentGrade> raw, List<String> exerciseDirs, Isolation sandboxed,
      List<LmsGradebook> lms) throws IOException {
    // grades fresh from a run are as the student made them; grade.json files (a merge) are cleaned already
    List<StudentGrade> students = raw.stream().map(Clean::grade).toList();
    ReportWriter.atomically(out.resolve("gradebook.csv"), gradebook(students, exerciseDirs).getBytes(StandardCharsets.UTF_8));
    if (lms != null) {
      Map<String, String> titles = new LinkedHashMap<>();
      for (StudentGrade g : students) for (StudentGrade.ExerciseGrade e : g.exercises) titles.putIfAbsent(e.dir, e.dir + " " + e.title);
      LmsGradebook.writeAll(out, lms, students, exerciseDirs, titles);
    }
    String similar = SimilarityHtml.section(out, students, netlab.grade.similarity.SimilarityCheck.read(out));
    ReportWriter.atomically(out.resolve("report.html"),
        html(students, exerciseDirs, sandboxed, similar).getBytes(StandardCharsets.UTF_8));
  }

  /** RFC 4180 with every field quoted, so that no id or problem text can add a column or a row. */
  static String gradebook(List<StudentGrade> students, List<String> dirs) {
    StringBuilder b = new StringBuilder(csv("student"));
    for (String d : dirs) b.append(',').append(csv(d));
    b.append(',').append(csv("total")).append(',').append(csv("max")).append(',').append(csv("problems")).append('\n');
    for (StudentGrade g : students) {
      b.append(csv(g.student));
      for (String d : dirs) b.append(',').append(csv(exercise(g, d).map(e -> Integer.toString(e.score)).orElse("")));
      b.append(',').append(csv(Integer.toString(g.score()))).append(',').append(csv(Integer.toString(g.max())))
          .append(',').append(csv(String.join("; ", g.problems))).append('\n');
    }
    return b.toString();
  }

  /** Every exercise whose results could not be believed, and why (it scored 0). */
  private static String tampered(List<StudentGrade> students) {
    StringBuilder t = new StringBuilder();
    for (StudentGrade s : students) {
      for (StudentGrade.ExerciseGrade e : s.exercises) {
        if (e.tampered == null) continue;
        t.append("<tr><td>").append(esc(s.student)).append("</td><td>").append(esc(e.dir)).append("</td><td>")
            .append(esc(e.tampered)).append("</td></tr>\n");
      }
    }
    if (t.length() == 0) return "<p id=\"tampered\">None.</p>\n";
    return "<table id=\"tampered\"><tr><th>student</th><th>exercise</th><th>why (it scored 0)</th></tr>\n" + t + "</table>\n";
  }

  private static java.util.Optional<StudentGrade.ExerciseGrade> exercise(StudentGrade g, String dir) {
    return g.exercises.stream().filter(e -> e.dir.equals(dir)).findFirst();
  }

  static String csv(String s) {
    // one line: a break inside a quoted field is valid CSV, but many tools that read gradebooks split on it
    String v = Clean.line(s);
    // a spreadsheet runs a cell that starts with = + - @ as a formula (OWASP "CSV injection"); a leading '
    // makes it text. Spaces first are checked through, to be safe; tab, CR and NUL, the other risky starts,
    // are gone above.
    String lead = v.stripLeading();
    if (!lead.isEmpty() && "=+-@".indexOf(lead.charAt(0)) >= 0) v = "'" + v;
    return "\"" + v.replace("\"", "\"\"") + "\"";
  }

  static String html(List<StudentGrade> students, List<String> dirs, Isolation isolation, String similarity) {
    boolean sandboxed = isolation.complete();
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>NetLab grading report</title>\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<style>\n")
        .append("body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#1d232a;padding:0 1em}\n")
        .append("h1{margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:1px solid #d8dee4;padding-bottom:.2em}\n")
        .append(".meta{color:#57606a}.warn{background:#fff4e5;border:1px solid #f0b86e;padding:.6em 1em;border-radius:6px}\n")
        .append(".ok{background:#e9f7ef;border:1px solid #8cd0a5;padding:.6em 1em;border-radius:6px}\n")
        .append("table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #d8dee4;padding:.25em .6em;text-align:left}\n")
        .append("th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}\n")
        .append(".charts{display:flex;flex-wrap:wrap;gap:1em}.chart{border:1px solid #d8dee4;border-radius:6px;padding:.5em}\n")
        .append(".chart h3{margin:.2em 0;font-size:13px}svg text{font:11px system-ui,sans-serif;fill:#1d232a}\n")
        .append(SimilarityHtml.STYLE)
        .append("</style></head><body>\n");
    double mean = students.stream().mapToInt(StudentGrade::score).average().orElse(0);
    int max = students.stream().mapToInt(StudentGrade::max).max().orElse(0);
    h.append("<h1>NetLab grading report</h1>\n<p class=\"meta\">")
        .append(students.size()).append(" students · ").append(dirs.size()).append(dirs.size() == 1 ? " exercise" : " exercises").append(" · mean score ")
        .append(String.format(Locale.ROOT, "%.1f", mean)).append(" / ").append(max).append(" · NetLab ").append(esc(Version.get()))
        .append(" · ").append(esc(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME))).append("</p>\n");
    long unsandboxed = students.stream().filter(s -> !s.sandboxed).count();
    if (!sandboxed || unsandboxed > 0) {
      // never "sandboxed" with a cap missing: say exactly which ones
      h.append("<div class=\"warn\" id=\"sandbox\"><b>Not fully sandboxed:</b> ").append(unsandboxed)
          .append(" submissions ran without every protection. Missing here:<ul>");
      for (String m : isolation.missing()) h.append("<li>").append(esc(m)).append("</li>");
      h.append("</ul>");
      if (!isolation.applied().isEmpty()) {
        h.append("In force:<ul>");
        for (String a : isolation.applied()) h.append("<li>").append(esc(a)).append("</li>");
        h.append("</ul>");
      }
      h.append("Install what is missing (Debian: <code>apt install bubblewrap</code>; cgroups need root or a delegated")
          .append(" cgroup) and grade again with <code>--regrade</code>.</div>\n");
    } else {
      h.append("<div class=\"ok\" id=\"sandbox\"><b>Sandboxed:</b> every submission ran with all of these:<ul>");
      for (String a : isolation.applied()) h.append("<li>").append(esc(a)).append("</li>");
      h.append("</ul></div>\n");
    }
    h.append("<h2>Results tampered with</h2>\n").append(tampered(students));
    h.append(similarity);

    h.append("<h2>Score distribution per exercise</h2>\n<div class=\"charts\">\n");
    for (String d : dirs) h.append(histogram(d, students));
    h.append("</div>\n");

    h.append("<h2>Most-failed tests</h2>\n").append(mostFailed(students));
    h.append("<h2>Time per student</h2>\n").append(timeChart(students));

    List<StudentGrade> troubled = students.stream().filter(s -> !s.problems.isEmpty()).toList();
    h.append("<h2>Submission problems</h2>\n");
    if (troubled.isEmpty()) {
      h.append("<p>None.</p>\n");
    } else {
      h.append("<table id=\"problems\"><tr><th>student</th><th>problems</th></tr>\n");
      for (StudentGrade s : troubled) {
        h.append("<tr><td>").append(esc(s.student)).append("</td><td>").append(esc(String.join(" · ", s.problems))).append("</td></tr>\n");
      }
      h.append("</table>\n");
    }

    h.append("<h2>Gradebook</h2>\n<table id=\"gradebook\"><tr><th>student</th>");
    for (String d : dirs) h.append("<th>").append(esc(d.substring(0, 2))).append("</th>");
    h.append("<th>total</th><th>time</th></tr>\n");
    for (StudentGrade s : students) {
      h.append("<tr><td><a href=\"students/").append(esc(s.key != null ? s.key : BatchGrader.safe(s.student))).append("/feedback.md\">")
          .append(esc(s.student)).append("</a></td>");
      for (String d : dirs) {
        h.append("<td class=\"n\">").append(exercise(s, d).map(e -> e.submitted ? Integer.toString(e.score) : "–").orElse("")).append("</td>");
      }
      h.append("<td class=\"n\"><b>").append(s.score()).append("</b></td><td class=\"n\">")
          .append(String.format(Locale.ROOT, "%.1f s", s.millis / 1000.0)).append("</td></tr>\n");
    }
    h.append("</table>\n</body></html>\n");
    return h.toString();
  }

  /** A bar per score (0..max) counting the students who got it. */
  private static String histogram(String dir, List<StudentGrade> students) {
    int max = students.stream().flatMap(s -> s.exercises.stream()).filter(e -> e.dir.equals(dir)).mapToInt(e -> e.max).max().orElse(0);
    int[] counts = new int[max + 1];
    for (StudentGrade s : students) exercise(s, dir).ifPresent(e -> counts[Math.min(max, Math.max(0, e.score))]++);
    int top = 1;
    for (int c : counts) top = Math.max(top, c);
    int w = 220;
    int ht = 110;
    double bw = (double) (w - 20) / counts.length;
    StringBuilder b = new StringBuilder("<div class=\"chart\"><h3>").append(esc(dir)).append("</h3>");
    b.append("<svg width=\"").append(w).append("\" height=\"").append(ht + 30).append("\" role=\"img\" aria-label=\"")
        .append(esc(dir)).append(" score distribution\">");
    for (int i = 0; i < counts.length; i++) {
      double bh = (double) counts[i] / top * ht;
      double x = 10 + i * bw;
      b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%d points: %d students</title></rect>",
          x + 1, 10 + ht - bh, Math.max(1, bw - 2), bh, i == max ? "#2da44e" : i == 0 ? "#cf222e" : "#0969da", i, counts[i]));
      if (counts[i] > 0) {
        b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>", x + bw / 2, 8 + ht - bh, counts[i]));
      }
      if (counts.length <= 11 || i % 2 == 0) {
        b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>", x + bw / 2, ht + 25, i));
      }
    }
    return b.append("</svg></div>\n").toString();
  }

  private static String mostFailed(List<StudentGrade> students) {
    Map<String, int[]> failed = new TreeMap<>();
    for (StudentGrade s : students) {
      for (StudentGrade.ExerciseGrade e : s.exercises) {
        if (!e.submitted) continue;
        for (StudentGrade.TestGrade t : e.tests) {
          int[] c = failed.computeIfAbsent(e.dir + " · " + t.name, k -> new int[2]);
          c[1]++;
          if (!t.passed) c[0]++;
        }
      }
    }
    List<Map.Entry<String, int[]>> top = new ArrayList<>(failed.entrySet());
    top.removeIf(e -> e.getValue()[0] == 0);
    top.sort(Comparator.comparingInt((Map.Entry<String, int[]> e) -> -e.getValue()[0]).thenComparing(Map.Entry::getKey));
    if (top.isEmpty()) return "<p>No test failed.</p>\n";
    StringBuilder b = new StringBuilder("<table id=\"most-failed\"><tr><th>exercise · test</th><th>failed</th><th>of submitted</th></tr>\n");
    for (Map.Entry<String, int[]> e : top.subList(0, Math.min(15, top.size()))) {
      b.append("<tr><td>").append(esc(e.getKey())).append("</td><td class=\"n\">").append(e.getValue()[0])
          .append("</td><td class=\"n\">").append(e.getValue()[1]).append("</td></tr>\n");
    }
    return b.append("</table>\n").toString();
  }

  private static String timeChart(List<StudentGrade> students) {
    List<StudentGrade> sorted = new ArrayList<>(students);
    sorted.sort(Comparator.comparingLong((StudentGrade s) -> -s.millis));
    long top = Math.max(1, sorted.isEmpty() ? 1 : sorted.get(0).millis);
    int row = 16;
    int width = 700;
    StringBuilder b = new StringBuilder("<svg id=\"time-chart\" width=\"").append(width).append("\" height=\"")
        .append(sorted.size() * row + 10).append("\" role=\"img\" aria-label=\"grading time per student\">");
    for (int i = 0; i < sorted.size(); i++) {
      StudentGrade s = sorted.get(i);
      double w = (double) s.millis / top * (width - 260);
      b.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\">%s</text><rect x=\"160\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#8250df\"/>"
          + "<text x=\"%.1f\" y=\"%d\">%.1f s</text>", i * row + 12, esc(truncate(s.student, 24)), i * row + 2, Math.max(1, w), row - 4,
          166 + w, i * row + 12, s.millis / 1000.0));
    }
    double mean = students.stream().mapToLong(s -> s.millis).average().orElse(0) / 1000.0;
    return b.append("</svg>\n<p class=\"meta\">mean ").append(String.format(Locale.ROOT, "%.2f", mean)).append(" s per student</p>\n").toString();
  }

  private static String truncate(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "…";
  }

  /** Escaped for HTML text and quoted attributes; every cell of the report is one line. */
  static String esc(String s) {
    return Clean.line(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
  }
}
