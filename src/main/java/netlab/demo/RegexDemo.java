package netlab.demo;

import static netlab.core.Msg.get;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import netlab.markdown.Theme;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Lesson 14: a regex playground. Each line is a pattern and a text; the demo highlights every
 * match and lists its position and groups, numbered and named. A bad pattern gets the
 * compiler's own message and a caret under the place it stopped.
 */
public final class RegexDemo implements Demo {
  static final int MAX_MATCHES = 20;
  private static final long TIME_LIMIT_NANOS = 1_000_000_000L;
  /** The examples offered at the start: commands to type, the same in every language. */
  private static final String EXAMPLE_NAMED = "say /(?<user>\\w+)@(?<host>[\\w.]+)/ mail bob@example.com now";
  private static final String EXAMPLE_DATES = "say /^(\\d{4})-(\\d\\d)-(\\d\\d)$/m 2024-01-31\\nnot a date\\n1999-12-31";
  /** Alternating styles, so two matches side by side stay two. */
  private static final AttributedStyle[] MATCH_STYLES = {Theme.MATCH, AttributedStyle.DEFAULT.inverse()};

  /** A line taken apart: the pattern, its flags, and the text (null: it comes on the next line). */
  record Parsed(String pattern, String flagLetters, int flags, String text) {}

  /** A pattern typed alone, waiting for its text. */
  private Parsed pending;

  @Override
  public String name() {
    return "regex";
  }

  @Override
  public int lesson() {
    return 14;
  }

  @Override
  public String summary() {
    return netlab.core.Msg.get("demo.regex.summary");
  }

  @Override
  public boolean listening() {
    return true;
  }

  @Override
  public void start(DemoContext ctx) {
    var log = ctx.log();
    log.event("regex", get("demo.regex.ready", MAX_MATCHES));
    log.highlight(get("demo.regex.syntax"));
    log.info("  " + get("demo.regex.flags"));
    log.info("  " + get("demo.regex.twoLines"));
    log.highlight(get("demo.regex.try", EXAMPLE_NAMED));
    log.highlight("      " + EXAMPLE_DATES);
  }

  @Override
  public synchronized void input(DemoContext ctx, String line) {
    var log = ctx.log();
    if (line == null) return;
    if (pending != null) {
      Parsed p = pending;
      pending = null;
      run(ctx, new Parsed(p.pattern(), p.flagLetters(), p.flags(), unescape(line)));
      return;
    }
    if (line.isBlank()) {
      log.info(get("demo.regex.blank"));
      return;
    }
    Parsed p;
    try {
      p = parse(line);
    } catch (IllegalArgumentException e) {
      log.warn(e.getMessage());
      return;
    }
    if (p.text() == null) {
      if (compile(ctx, p) == null) return;
      pending = p;
      log.event("regex", p.flagLetters().isEmpty() ? get("demo.regex.pending", p.pattern())
          : get("demo.regex.pendingFlags", p.pattern(), p.flagLetters()));
      return;
    }
    run(ctx, p);
  }

  /**
   * "/PATTERN/FLAGS TEXT" → its parts; anything else is a pattern alone. The closing slash is the
   * first unescaped one outside a character class, so "[/]" and "\/" are fine in the pattern.
   */
  static Parsed parse(String line) {
    int close = line.startsWith("/") ? closingSlash(line) : -1;
    if (close < 0) return new Parsed(line, "", 0, null);
    String pattern = line.substring(1, close);
    int space = line.indexOf(' ', close + 1);
    String letters = space < 0 ? line.substring(close + 1) : line.substring(close + 1, space);
    int flags = 0;
    for (char c : letters.toCharArray()) {
      switch (c) {
        case 'i' -> flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        case 'm' -> flags |= Pattern.MULTILINE;
        case 's' -> flags |= Pattern.DOTALL;
        case 'x' -> flags |= Pattern.COMMENTS;
        default -> throw new IllegalArgumentException(get("demo.regex.badFlag", String.valueOf(c)));
      }
    }
    String text = space < 0 || space + 1 >= line.length() ? null : unescape(line.substring(space + 1));
    return new Parsed(pattern, letters, flags, text);
  }

  private static int closingSlash(String line) {
    int classDepth = 0;
    for (int i = 1; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\') {
        i++; // the next character is escaped, whatever it is
      } else if (c == '[') {
        classDepth++;
      } else if (c == ']' && classDepth > 0) {
        classDepth--;
      } else if (c == '/' && classDepth == 0) {
        return i;
      }
    }
    return -1;
  }

  /** \n → newline, \t → tab, \\ → backslash; any other backslash stays as typed. */
  static String unescape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(i + 1);
        if (n == 'n' || n == 't' || n == '\\') {
          b.append(n == 'n' ? '\n' : n == 't' ? '\t' : '\\');
          i++;
          continue;
        }
      }
      b.append(c);
    }
    return b.toString();
  }

  private static Pattern compile(DemoContext ctx, Parsed p) {
    try {
      return Pattern.compile(p.pattern(), p.flags());
    } catch (PatternSyntaxException e) {
      var log = ctx.log();
      log.warn(e.getIndex() >= 0 ? get("demo.regex.badPatternAt", e.getDescription(), e.getIndex())
          : get("demo.regex.badPattern", e.getDescription()));
      log.line(new AttributedStringBuilder().append("    ").styled(Theme.CODE_INLINE, e.getPattern()).toAttributedString());
      if (e.getIndex() >= 0) log.line(new AttributedStringBuilder().append("    " + " ".repeat(e.getIndex())).styled(Theme.BAD, "^").toAttributedString());
      return null;
    }
  }

  private static void run(DemoContext ctx, Parsed p) {
    var log = ctx.log();
    Pattern pattern = compile(ctx, p);
    if (pattern == null) return;
    List<String> names = groupNames(p.pattern(), (p.flags() & Pattern.COMMENTS) != 0);
    String text = p.text();
    Matcher m = pattern.matcher(new Deadline(text, System.nanoTime() + TIME_LIMIT_NANOS));
    if (names.size() != m.groupCount()) names = new ArrayList<>(); // a pattern this scanner misreads: numbers only

    log.event("regex", get("demo.regex.compiled", p.pattern(),
        p.flagLetters().isEmpty() ? get("demo.regex.noFlags") : p.flagLetters(), m.groupCount()));
    log.info("  " + get("demo.regex.inJava", javaLiteral(p.pattern()) + flagConstants(p.flags())));

    List<int[]> spans = new ArrayList<>();
    List<String> details = new ArrayList<>();
    boolean more = false;
    try {
      while (m.find()) {
        if (spans.size() == MAX_MATCHES) {
          more = true;
          break;
        }
        spans.add(new int[] {m.start(), m.end()});
        details.add(get("demo.regex.match", spans.size(), m.start(), m.end(), quote(m.group())));
        for (int g = 1; g <= m.groupCount(); g++) {
          String name = g <= names.size() && names.get(g - 1) != null ? " <" + names.get(g - 1) + ">" : "";
          String value = m.group(g) == null ? get("demo.regex.notInMatch")
              : "[" + m.start(g) + "," + m.end(g) + ")  " + quote(m.group(g));
          details.add("    " + get("demo.regex.group", g, name, value));
        }
      }
    } catch (Deadline.Expired e) {
      log.warn(get("demo.regex.gaveUp", TIME_LIMIT_NANOS / 1_000_000));
      return;
    }
    log.line(highlighted(text, spans));
    for (String d : details) log.info(d);
    if (spans.isEmpty()) log.event("regex", get("demo.regex.noMatch"));
    else if (more) log.event("regex", get("demo.regex.matchesMore", spans.size(), MAX_MATCHES));
    else log.event("regex", get("demo.regex.matches", spans.size()));
  }

  /** The text with each match in reverse video; newlines and tabs drawn so positions line up. */
  private static org.jline.utils.AttributedString highlighted(String text, List<int[]> spans) {
    AttributedStringBuilder b = new AttributedStringBuilder().styled(Theme.DIM, "  " + get("demo.regex.text") + "  ");
    int at = 0;
    for (int k = 0; k < spans.size(); k++) {
      int[] s = spans.get(k);
      if (s[0] < at) continue;
      b.append(shown(text.substring(at, s[0])));
      b.styled(MATCH_STYLES[k % 2], shown(text.substring(s[0], s[1])));
      at = s[1];
    }
    b.append(shown(text.substring(at)));
    return b.toAttributedString();
  }

  private static String shown(String s) {
    return s.replace('\n', '↵').replace('\t', '→');
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\"", "\\\"") + "\"";
  }

  /**
   * The name of each capturing group, by number (null for unnamed ones). Pattern.namedGroups()
   * is Java 20+, so the pattern is read here: "(" opens a capturing group unless "(?" follows,
   * and "(?<name>" is a named one ("(?<=" and "(?<!" are lookbehinds, not groups). Escapes,
   * \Q…\E quotes, character classes and (with x) #comments cannot open groups.
   */
  static List<String> groupNames(String p, boolean comments) {
    List<String> names = new ArrayList<>();
    int classDepth = 0;
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '\\') {
        if (i + 1 < p.length() && p.charAt(i + 1) == 'Q') {
          int end = p.indexOf("\\E", i + 2);
          i = end < 0 ? p.length() : end + 1;
        } else {
          i++;
        }
      } else if (classDepth > 0) {
        if (c == '[') classDepth++;
        else if (c == ']') classDepth--;
      } else if (c == '[') {
        classDepth++;
      } else if (comments && c == '#') {
        int nl = p.indexOf('\n', i);
        i = nl < 0 ? p.length() : nl;
      } else if (c == '(') {
        if (i + 1 >= p.length() || p.charAt(i + 1) != '?') {
          names.add(null);
        } else if (p.startsWith("?<", i + 1) && i + 3 < p.length() && Character.isLetter(p.charAt(i + 3))) {
          int end = p.indexOf('>', i + 3);
          if (end > 0) names.add(p.substring(i + 3, end));
        }
      }
    }
    return names;
  }

  private static String javaLiteral(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String flagConstants(int flags) {
    List<String> f = new ArrayList<>();
    if ((flags & Pattern.CASE_INSENSITIVE) != 0) f.add("Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE");
    if ((flags & Pattern.MULTILINE) != 0) f.add("Pattern.MULTILINE");
    if ((flags & Pattern.DOTALL) != 0) f.add("Pattern.DOTALL");
    if ((flags & Pattern.COMMENTS) != 0) f.add("Pattern.COMMENTS");
    return f.isEmpty() ? "" : ", " + String.join(" | ", f);
  }

  /**
   * The text, with a clock: a pattern that backtracks exponentially would otherwise hang the
   * lab's prompt. The matcher reads every character through charAt, so that is where to check.
   */
  static final class Deadline implements CharSequence {
    static final class Expired extends RuntimeException {
      private static final long serialVersionUID = 1L;

      Expired() {
        super(null, null, false, false);
      }
    }

    private final String text;
    private final long deadline;
    private int reads;

    Deadline(String text, long deadline) {
      this.text = text;
      this.deadline = deadline;
    }

    @Override
    public char charAt(int index) {
      if ((++reads & 0xFFF) == 0 && System.nanoTime() > deadline) throw new Expired();
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.substring(start, end);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
