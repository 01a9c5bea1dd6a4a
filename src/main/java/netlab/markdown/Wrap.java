package netlab.markdown;

import java.util.ArrayList;
import java.util.List;
import org.jline.utils.AttributedString;
import org.jline.utils.WCWidth;

/**
 * Greedy word wrapping by terminal columns. Wide (CJK) characters count as two columns and,
 * like spaces, are places where a line may break, since CJK text has no spaces between words.
 */
public final class Wrap {
  private Wrap() {}

  public static int columns(int codePoint) {
    return Math.max(0, WCWidth.wcwidth(codePoint));
  }

  /** {@code s} padded with spaces to {@code columns} terminal columns (wide characters count two). */
  public static String pad(String s, int columns) {
    return s + " ".repeat(Math.max(0, columns - columns(s)));
  }

  public static int columns(CharSequence s) {
    int cols = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = Character.codePointAt(s, i);
      cols += columns(cp);
      i += Character.charCount(cp);
    }
    return cols;
  }

  /** Wraps {@code text} into lines of at most {@code width} columns; '\n' forces a break. */
  public static List<AttributedString> wrap(AttributedString text, int width) {
    int w = Math.max(1, width);
    List<AttributedString> lines = new ArrayList<>();
    int from = 0;
    String s = text.toString();
    while (true) {
      int nl = s.indexOf('\n', from);
      int end = nl < 0 ? s.length() : nl;
      wrapLine(text, s, from, end, w, lines);
      if (nl < 0) break;
      from = nl + 1;
    }
    return lines;
  }

  private static void wrapLine(AttributedString text, String s, int start, int end, int width,
      List<AttributedString> out) {
    if (start == end) {
      out.add(AttributedString.EMPTY);
      return;
    }
    boolean first = true;
    while (start < end) {
      if (!first) {
        while (start < end && s.charAt(start) == ' ') start++;
        if (start == end) break;
      }
      first = false;
      int col = 0;
      int i = start;
      int breakAt = -1;
      int resumeAt = -1;
      while (i < end) {
        int cp = s.codePointAt(i);
        int cw = columns(cp);
        if (col + cw > width) break;
        if (cp == ' ') {
          breakAt = i;
          resumeAt = i + 1;
        } else if (cw == 2 && i > start && !closesClause(cp) && !opensClause(s.codePointBefore(i))) {
          breakAt = i;
          resumeAt = i;
        }
        col += cw;
        i += Character.charCount(cp);
        if (cw == 2 && !opensClause(cp) && !(i < end && closesClause(s.codePointAt(i)))) {
          breakAt = i;
          resumeAt = i;
        }
      }
      if (i >= end) {
        out.add(trimEnd(text, start, end));
        return;
      }
      if (s.charAt(i) == ' ') {
        breakAt = i;
        resumeAt = i + 1;
      }
      if (breakAt > start) {
        out.add(trimEnd(text, start, breakAt));
        start = resumeAt;
      } else {
        // a word longer than the line: cut it (at least one character, so we always advance)
        int cut = i > start ? i : start + Character.charCount(s.codePointAt(start));
        out.add(text.subSequence(start, cut));
        start = cut;
      }
    }
  }

  /** CJK punctuation that must not start a line (a simple form of kinsoku shori). */
  /** CJK punctuation that must not end a line: opening brackets and quotes. */
  private static boolean opensClause(int cp) {
    return "（「『【《〈“‘".indexOf(cp) >= 0;
  }

  private static boolean closesClause(int cp) {
    return "，。、！？：；）」』】》〉”’…".indexOf(cp) >= 0;
  }

  private static AttributedString trimEnd(AttributedString text, int start, int end) {
    while (end > start && text.charAt(end - 1) == ' ') end--;
    return text.subSequence(start, end);
  }

  /** Pads {@code s} with spaces on the right to exactly {@code width} columns (if shorter). */
  public static AttributedString padRight(AttributedString s, int width) {
    int pad = width - s.columnLength();
    if (pad <= 0) return s;
    return new org.jline.utils.AttributedStringBuilder().append(s).append(" ".repeat(pad)).toAttributedString();
  }
}
