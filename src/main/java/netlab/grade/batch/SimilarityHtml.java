package netlab.grade.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import netlab.grade.similarity.SimilarityResult;

/**
 * The report's "Similar submissions" section: the pairs JPlag found at or above the threshold,
 * most similar first, and for each its matched regions side by side (the code from the report's
 * copies of the sources, escaped like every other cell). Without a check it says how to run one.
 */
final class SimilarityHtml {
  static final String STYLE = ".pair{border:1px solid #d8dee4;border-radius:6px;margin:.6em 0;padding:.3em .8em}\n"
      + ".pair summary{cursor:pointer;font-weight:600}.match{display:flex;gap:.8em;margin:.5em 0}\n"
      + ".side{flex:1;min-width:0}.side .file{font-size:12px;color:#57606a;margin-bottom:.2em}\n"
      + ".side pre{margin:0;background:#fff8c5;border:1px solid #e5d38a;border-radius:4px;padding:.4em;font-size:12px;"
      + "overflow-x:auto;line-height:1.35}.ln{color:#8c959f;user-select:none}\n"
      + "td.hot{background:#ffebe9;font-weight:600}\n";
  /** Matches shown per pair, longest first, and lines per side of a match. */
  static final int REGIONS = 6;
  static final int LINES = 30;

  private SimilarityHtml() {}

  static String section(Path report, List<StudentGrade> students, SimilarityResult r) {
    StringBuilder h = new StringBuilder("<h2 id=\"similarity\">Similar submissions</h2>\n");
    if (r == null) {
      return h.append("<p id=\"similarity-off\">Not checked. <code>netlab similarity REPORT</code> compares every pair of")
          .append(" submissions of each exercise with JPlag (or grade with <code>--similarity</code>).</p>\n").toString();
    }
    Map<String, String> names = names(students);
    int pct = percent(r.threshold);
    h.append("<p class=\"meta\">Compared with ").append(ClassReport.esc(r.engine == null ? "JPlag" : r.engine))
        .append(", exercise by exercise, with the exercise's starter as base code (code every student was given does")
        .append(" not count). Pairs at ").append(pct).append("% average similarity or more, most similar first: a reason")
        .append(" to look closer, not a verdict; short exercises have few good answers.</p>\n");
    record Hot(String dir, SimilarityResult.Pair pair) {}
    List<Hot> hot = new ArrayList<>();
    for (SimilarityResult.Exercise ex : r.exercises) {
      for (SimilarityResult.Pair p : ex.pairs) if (p.similarity >= r.threshold) hot.add(new Hot(ex.dir, p));
    }
    hot.sort(Comparator.comparingDouble((Hot x) -> -x.pair().similarity).thenComparing(Hot::dir));
    if (hot.isEmpty()) {
      h.append("<p id=\"similar-none\">No pair of submissions reaches ").append(pct).append("%.</p>\n");
    } else {
      h.append("<table id=\"similar-pairs\"><tr><th>exercise</th><th>students</th><th>similarity</th>")
          .append("<th>matched regions</th><th>longest match</th></tr>\n");
      int n = 0;
      for (Hot x : hot) {
        SimilarityResult.Pair p = x.pair();
        int longest = p.regions.stream().mapToInt(g -> g.tokens).max().orElse(0);
        h.append("<tr><td>").append(ClassReport.esc(x.dir())).append("</td><td><a href=\"#pair-").append(++n).append("\">")
            .append(ClassReport.esc(names.getOrDefault(p.a, p.a))).append(" ↔ ").append(ClassReport.esc(names.getOrDefault(p.b, p.b)))
            .append("</a></td><td class=\"n hot\">").append(percent(p.similarity)).append("%</td><td class=\"n\">")
            .append(p.regions.size()).append("</td><td class=\"n\">").append(longest).append(" tokens</td></tr>\n");
      }
      h.append("</table>\n");
    }
    // the closest pair under the threshold says how far the rest are
    for (SimilarityResult.Exercise ex : r.exercises) {
      SimilarityResult.Pair below = ex.pairs.stream().filter(p -> p.similarity < r.threshold).findFirst().orElse(null);
      h.append("<p class=\"meta\">").append(ClassReport.esc(ex.dir)).append(": ").append(ex.submissions).append(" submissions compared");
      if (below != null) {
        h.append("; the closest pair under ").append(pct).append("% is ").append(ClassReport.esc(names.getOrDefault(below.a, below.a)))
            .append(" ↔ ").append(ClassReport.esc(names.getOrDefault(below.b, below.b))).append(" (").append(percent(below.similarity))
            .append("%)");
      }
      for (String s : ex.skipped) h.append("; left out ").append(ClassReport.esc(s));
      h.append(".</p>\n");
    }
    int n = 0;
    for (Hot x : hot) {
      SimilarityResult.Pair p = x.pair();
      String a = names.getOrDefault(p.a, p.a);
      String b = names.getOrDefault(p.b, p.b);
      h.append("<details class=\"pair\" id=\"pair-").append(++n).append("\"").append(n == 1 ? " open" : "").append("><summary>")
          .append(ClassReport.esc(x.dir())).append(": ").append(ClassReport.esc(a)).append(" ↔ ").append(ClassReport.esc(b))
          .append(" · ").append(percent(p.similarity)).append("%").append("</summary>\n");
      for (SimilarityResult.Region g : p.regions.subList(0, Math.min(REGIONS, p.regions.size()))) {
        h.append("<div class=\"match\">")
            .append(side(report, p.a, a, x.dir(), g.fileA, g.startA, g.endA))
            .append(side(report, p.b, b, x.dir(), g.fileB, g.startB, g.endB))
            .append("</div>\n");
      }
      if (p.regions.size() > REGIONS) h.append("<p class=\"meta\">and ").append(p.regions.size() - REGIONS).append(" shorter matches</p>\n");
      h.append("</details>\n");
    }
    return h.toString();
  }

  /** One side of a match: whose file, which lines, and the lines themselves. */
  private static String side(Path report, String key, String who, String dir, String file, int start, int end) {
    StringBuilder b = new StringBuilder("<div class=\"side\"><div class=\"file\">").append(ClassReport.esc(who)).append(" · ")
        .append(ClassReport.esc(file)).append(" lines ").append(start).append("–").append(end).append("</div><pre>");
    List<String> lines = source(report, key, dir, file);
    int last = Math.min(end, start + LINES - 1);
    for (int i = start; i <= last && i >= 1 && i <= lines.size(); i++) {
      b.append("<span class=\"ln\">").append(String.format(Locale.ROOT, "%4d", i)).append("  </span>")
          .append(ClassReport.esc(lines.get(i - 1).stripTrailing())).append('\n');
    }
    if (end > last) b.append("<span class=\"ln\">      … ").append(end - last).append(" more lines</span>\n");
    return b.append("</pre></div>").toString();
  }

  /** The lines of a kept source; none when it is not there (a report copied without its sources). */
  private static List<String> source(Path report, String key, String dir, String file) {
    Path base = report.resolve("students").resolve(key).resolve(BatchGrader.SOURCES).resolve(dir).normalize();
    Path f = base.resolve(file).normalize();
    if (!f.startsWith(base)) return List.of(); // names come from our own copies; checked all the same
    try {
      // a student's file need not be UTF-8: undecodable bytes show as U+FFFD rather than hide the code
      return new String(Files.readAllBytes(f), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  /** Report key → what the page calls the submission: the student id, with the file when two share an id. */
  private static Map<String, String> names(List<StudentGrade> students) {
    Map<String, Integer> perId = new HashMap<>();
    for (StudentGrade s : students) perId.merge(s.student, 1, Integer::sum);
    Map<String, String> out = new HashMap<>();
    for (StudentGrade s : students) {
      String key = s.key != null ? s.key : s.student;
      out.put(key, perId.get(s.student) > 1 ? s.student + " (" + s.source + ")" : s.student);
    }
    return out;
  }

  private static int percent(double x) {
    return (int) Math.round(x * 100);
  }
}
