package netlab.grade;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netlab.markdown.Wrap;

/**
 * A failed test's reason laid out in lines of a given width, never breaking inside a value the
 * assertion quotes in {@code <…>}: lines break at the spaces between values. A reason with an
 * expected and an actual value that does not fit on one line puts each value on a line of its
 * own, one under the other, so they can be compared:
 *
 * <pre>
 * the echo of a line
 *   expected: &lt;the quick brown fox jumps over the dog&gt;
 *   but was:  &lt;THE QUICK BROWN FOX JUMPS OVER THE DOG&gt;
 * </pre>
 *
 * Only a value wider than the whole line is cut, with its continuation aligned under it. A
 * paragraph that starts with a tab (each failure of an {@code assertAll}) is indented.
 */
final class ReasonLayout {
  private static final Pattern EXPECTED =
      Pattern.compile("(?s)(.*?)(?:\\s*==>\\s*|,\\s*|\\s+)?expected: <(.*)> but was: <(.*)>");
  private static final String EXPECTED_LABEL = "expected: ";
  private static final String ACTUAL_LABEL = "but was:  ";

  private ReasonLayout() {}

  static List<String> lines(String reason, int width) {
    int w = Math.max(10, width);
    List<String> paragraphs = paragraphs(reason);
    // one comparison split over lines splits them all, so a list of failures reads alike
    boolean split = false;
    for (String p : paragraphs) {
      Matcher m = EXPECTED.matcher(p.strip());
      split |= m.matches() && !onlyTrueOrFalse(m) && !fits(p.strip(), w - indent(p) * 2);
    }
    List<String> out = new ArrayList<>();
    for (String paragraph : paragraphs) {
      int indent = indent(paragraph);
      String text = paragraph.substring(indent).replace('\t', ' ');
      String pad = "  ".repeat(indent);
      for (String l : paragraph(text, Math.max(10, w - pad.length()), split)) out.add(pad + l);
    }
    return out;
  }

  private static int indent(String paragraph) {
    int n = 0;
    while (n < paragraph.length() && paragraph.charAt(n) == '\t') n++;
    return n;
  }

  private static boolean fits(String text, int width) {
    return text.indexOf('\n') < 0 && Wrap.columns(text) <= width;
  }

  private static List<String> paragraph(String text, int width, boolean split) {
    Matcher m = EXPECTED.matcher(text);
    boolean comparison = m.matches();
    if (comparison && onlyTrueOrFalse(m)) return fill(m.group(1).strip(), width);
    if (fits(text, width) && !(split && comparison)) return List.of(text);
    if (!comparison) return fill(text, width);
    List<String> out = new ArrayList<>();
    String head = m.group(1).strip();
    if (!head.isEmpty()) out.addAll(fill(head, width));
    // under a message, the values are indented: each comparison of a list stays one block
    String pad = head.isEmpty() ? "" : "  ";
    for (String l : value(EXPECTED_LABEL, m.group(2), width - pad.length())) out.add(pad + l);
    for (String l : value(ACTUAL_LABEL, m.group(3), width - pad.length())) out.add(pad + l);
    return out;
  }

  /**
   * assertTrue's or assertFalse's message with JUnit's "expected: &lt;true&gt; but was: &lt;false&gt;": the
   * message says it all.
   */
  private static boolean onlyTrueOrFalse(Matcher m) {
    return !m.group(1).isBlank() && isBoolean(m.group(2)) && isBoolean(m.group(3));
  }

  private static boolean isBoolean(String value) {
    return value.equals("true") || value.equals("false");
  }

  /** {@code label<value>}, its own lines (and a wide value's) aligned under the value's first character. */
  private static List<String> value(String label, String value, int width) {
    List<String> out = new ArrayList<>();
    String hang = " ".repeat(label.length() + 1);
    String[] parts = ("<" + value + ">").split("\n", -1);
    for (int i = 0; i < parts.length; i++) {
      String lead = i == 0 ? label : hang;
      List<String> chunks = cut(parts[i], Math.max(1, width - lead.length()));
      for (int j = 0; j < chunks.size(); j++) out.add((i == 0 && j == 0 ? label : hang) + chunks.get(j));
    }
    return out;
  }

  /** Greedy filling at spaces outside values; a word wider than the line is cut. */
  private static List<String> fill(String text, int width) {
    List<String> out = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    String space = "";
    for (String token : tokens(text)) {
      if (token.isBlank() && token.indexOf('\n') < 0) {
        space = token;
        continue;
      }
      if (token.equals("\n")) {
        out.add(line.toString());
        line.setLength(0);
        space = "";
        continue;
      }
      String[] parts = token.split("\n", -1); // a value holding line breaks keeps them
      for (int i = 0; i < parts.length; i++) {
        if (i > 0) {
          out.add(line.toString());
          line.setLength(0);
        }
        String word = parts[i];
        if (line.length() > 0 && Wrap.columns(line) + Wrap.columns(space) + Wrap.columns(word) <= width) {
          line.append(space).append(word);
        } else {
          if (line.length() > 0) out.add(line.toString());
          line.setLength(0);
          List<String> chunks = cut(word, width);
          out.addAll(chunks.subList(0, chunks.size() - 1));
          line.append(chunks.get(chunks.size() - 1));
        }
        space = "";
      }
    }
    if (line.length() > 0 || out.isEmpty()) out.add(line.toString());
    return out;
  }

  /** Words (a value with its spaces counts as one), runs of spaces, and line breaks. */
  static List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      int start = i;
      if (c == '\n') {
        out.add("\n");
        i++;
      } else if (c == ' ') {
        while (i < n && text.charAt(i) == ' ') i++;
        out.add(text.substring(start, i));
      } else {
        while (i < n && text.charAt(i) != ' ' && text.charAt(i) != '\n') {
          int close = text.charAt(i) == '<' && opensValue(text, i) ? closeOf(text, i) : -1;
          i = close < 0 ? i + 1 : close + 1;
        }
        out.add(text.substring(start, i));
      }
    }
    return out;
  }

  /** The text before the paragraph breaks that are not inside a value. */
  private static List<String> paragraphs(String reason) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < reason.length(); i++) {
      char c = reason.charAt(i);
      if (c == '<' && opensValue(reason, i)) {
        int close = closeOf(reason, i);
        if (close > 0) i = close;
      } else if (c == '\n') {
        out.add(reason.substring(start, i));
        start = i + 1;
      }
    }
    out.add(reason.substring(start));
    return out;
  }

  private static boolean opensValue(String s, int i) {
    return i == 0 || " \t\n([{:=,".indexOf(s.charAt(i - 1)) >= 0;
  }

  /** The '>' that closes the value opened at {@code open}: nesting counted, followed by a space, punctuation or the end. */
  private static int closeOf(String s, int open) {
    int depth = 0;
    for (int j = open; j < s.length(); j++) {
      char c = s.charAt(j);
      if (c == '<') depth++;
      if (c == '>' && --depth <= 0) {
        if (j + 1 == s.length() || " \t\n,.;:)]}".indexOf(s.charAt(j + 1)) >= 0) return j;
        depth = Math.max(depth, 1);
      }
    }
    return -1;
  }

  /** Pieces of at most {@code width} columns (at least one character each). */
  private static List<String> cut(String s, int width) {
    List<String> out = new ArrayList<>();
    int start = 0;
    int cols = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int cw = Wrap.columns(cp);
      if (cols + cw > width && i > start) {
        out.add(s.substring(start, i));
        start = i;
        cols = 0;
      }
      cols += cw;
      i += Character.charCount(cp);
    }
    out.add(s.substring(start));
    return out;
  }
}
