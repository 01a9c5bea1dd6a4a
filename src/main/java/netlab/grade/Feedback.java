package netlab.grade;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import netlab.core.LabHome;
import netlab.core.Msg;
import netlab.grade.protocol.Event;
import netlab.markdown.Theme;
import netlab.markdown.Wrap;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * A check's result as the student reads it: compile errors first (like javac's: file:line,
 * message, source line, caret), then one ✓/✗ line per test with what went wrong, then the score.
 */
public final class Feedback {
  private static final int OUTPUT_LINES = 12;

  private Feedback() {}

  public static List<AttributedString> lines(LabHome home, CheckResult r, int width) {
    List<AttributedString> out = new ArrayList<>();
    for (String p : r.problems()) out.add(styled("✗ " + p, Theme.BAD));
    if (!r.problems().isEmpty()) return out;
    if (!r.compiled()) {
      int errors = 0;
      for (Event.Diagnostic d : r.diagnostics()) {
        out.addAll(diagnostic(home, d));
        if ("error".equals(d.kind())) errors++;
      }
      out.add(styled(Msg.get("feedback.noCompile", errors), Theme.BAD));
      return out;
    }
    if (r.tampered() != null) {
      // one verdict for the whole exercise: the run's results cannot be believed, none of them
      for (AttributedString l : Wrap.wrap(new AttributedString("✗ " + r.tampered(), Theme.BAD), width)) out.add(l);
      out.add(new AttributedStringBuilder().styled(Theme.BAD.bold(), Msg.get("feedback.score", 0, r.max()))
          .styled(Theme.DIM, " · " + Msg.get("feedback.tampered")).toAttributedString());
      return out;
    }
    int nameWidth = Math.max(20, Math.min(width - 12, r.tests().stream().mapToInt(t -> Wrap.columns(t.name())).max().orElse(20)));
    for (TestOutcome t : r.tests()) {
      AttributedStringBuilder b = new AttributedStringBuilder();
      b.styled(t.passed() ? Theme.OK : Theme.BAD, t.passed() ? "✓ " : "✗ ");
      String name = Wrap.columns(t.name()) > nameWidth ? cut(t.name(), nameWidth - 1) + "…" : t.name();
      b.append(name + " ".repeat(Math.max(0, nameWidth - Wrap.columns(name))));
      b.styled(Theme.DIM, String.format(" %d/%d", t.passed() ? t.points() : 0, t.points()));
      out.add(b.toAttributedString());
      if (!t.passed()) {
        for (String l : ReasonLayout.lines(t.reason() == null ? Msg.get("feedback.failed") : t.reason(), width - 4)) {
          out.add(indent(new AttributedString(l), 4));
        }
        for (String d : t.detail()) out.add(indent(new AttributedString(d, Theme.DIM), 6));
        if (t.output() != null && !t.output().isBlank()) {
          out.add(indent(new AttributedString(Msg.get("feedback.printed"), Theme.DIM), 4));
          List<String> lines = t.output().strip().lines().toList();
          for (String l : lines.subList(0, Math.min(OUTPUT_LINES, lines.size()))) {
            out.add(indent(new AttributedString(Wrap.columns(l) > width - 8 ? cut(l, width - 9) + "…" : l, Theme.DIM), 6));
          }
          if (lines.size() > OUTPUT_LINES) out.add(indent(new AttributedString("…", Theme.DIM), 6));
        }
      }
    }
    for (String n : r.notes()) {
      for (AttributedString l : Wrap.wrap(new AttributedString(Msg.label("label.note") + n, Theme.WARN), width)) out.add(l);
    }
    AttributedStyle summary = r.passed() ? Theme.OK.bold() : Theme.BAD.bold();
    long passing = r.tests().size() - r.failedCount();
    out.add(new AttributedStringBuilder()
        .styled(summary, Msg.get("feedback.score", r.score(), r.max()))
        .styled(Theme.DIM, " · " + Msg.get("feedback.passing", passing, r.tests().size()) + " · "
            + String.format("%.2f s", r.millis() / 1000.0))
        .toAttributedString());
    return out;
  }

  /** One compiler message, laid out like javac's. */
  static List<AttributedString> diagnostic(LabHome home, Event.Diagnostic d) {
    List<AttributedString> out = new ArrayList<>();
    String[] message = d.message() == null ? new String[] {""} : d.message().split("\n");
    String where = d.file() == null ? "" : home.show(java.nio.file.Path.of(d.file())) + ":" + d.line() + ": ";
    out.add(new AttributedStringBuilder().append(where)
        .styled("error".equals(d.kind()) ? Theme.BAD : Theme.WARN, d.kind() + ": ")
        .append(message[0]).toAttributedString());
    if (d.sourceLine() != null) {
      String src = d.sourceLine().replace('\t', ' ');
      out.add(new AttributedString(src));
      int col = (int) Math.max(1, d.column());
      out.add(new AttributedString(" ".repeat(Math.min(col - 1, src.length())) + "^", Theme.BAD));
    }
    for (int i = 1; i < message.length; i++) out.add(new AttributedString(message[i]));
    return out;
  }

  static String firstDiagnostic(LabHome home, List<Event.Diagnostic> diagnostics) {
    if (diagnostics == null || diagnostics.isEmpty()) return Msg.get("feedback.unknownCompilerError");
    Event.Diagnostic d = diagnostics.get(0);
    String where = d.file() == null ? "" : home.show(java.nio.file.Path.of(d.file())) + ":" + d.line() + ": ";
    return where + d.message().lines().findFirst().orElse("");
  }

  /** The result as plain data, for {@code netlab check --json}. */
  public static Map<String, Object> json(LabHome home, CheckResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("exercise", r.exercise().id());
    m.put("passed", r.passed());
    m.put("score", r.score());
    m.put("max", r.max());
    m.put("compiled", r.compiled());
    m.put("tampered", r.tampered());
    m.put("problems", r.problems());
    List<Map<String, Object>> diags = new ArrayList<>();
    for (Event.Diagnostic d : r.diagnostics()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("file", d.file() == null ? null : home.show(java.nio.file.Path.of(d.file())));
      x.put("line", d.line());
      x.put("column", d.column());
      x.put("kind", d.kind());
      x.put("message", d.message());
      diags.add(x);
    }
    m.put("diagnostics", diags);
    List<Map<String, Object>> tests = new ArrayList<>();
    for (TestOutcome t : r.tests()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("name", t.name());
      x.put("points", t.points());
      x.put("passed", t.passed());
      x.put("reason", t.reason());
      x.put("detail", t.detail());
      x.put("output", t.output());
      x.put("ms", t.millis());
      tests.add(x);
    }
    m.put("tests", tests);
    m.put("notes", r.notes());
    m.put("ms", r.millis());
    return m;
  }

  /** The longest start of {@code s} that fits in {@code columns} terminal columns. */
  private static String cut(String s, int columns) {
    int col = 0;
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      if (col + Wrap.columns(cp) > columns) break;
      col += Wrap.columns(cp);
      i += Character.charCount(cp);
    }
    return s.substring(0, i);
  }

  private static AttributedString indent(AttributedString s, int n) {
    return new AttributedStringBuilder().append(" ".repeat(n)).append(s).toAttributedString();
  }

  private static AttributedString styled(String s, AttributedStyle st) {
    return new AttributedString(s, st);
  }
}
