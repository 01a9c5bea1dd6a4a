package netlab.markdown;

import java.util.ArrayList;
import java.util.List;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;

/**
 * Folds a line of code that is wider than the terminal. Code keeps its spaces, so it is not
 * word-wrapped like prose: it breaks between tokens (after a space, after {@code (} or {@code ,},
 * before {@code .}, around an operator), never inside a name, number or operator; inside a string
 * literal or a comment only at one of its spaces; and mid-token only when one token is wider than the line.
 * A folded line ends with {@link #MARK} and goes on indented under its own indentation, so the
 * reader sees one statement, not two.
 */
final class CodeWrap {
  /** Ends a line that goes on below. */
  static final String MARK = "↩";
  /** Extra indentation of the lines a long line was folded onto. */
  static final int HANG = 4;

  private static final int NONE = 0;
  /** After whitespace: the best place. */
  private static final int SPACE = 1;
  /** Between two tokens with nothing between them, where Java style allows a break. */
  private static final int TOKEN = 2;
  /**
   * After a space inside a string literal or a comment: the words stay whole; for a comment at
   * the end of a line, folding before it is better.
   */
  private static final int IN_TEXT = 3;

  private CodeWrap() {}

  static List<AttributedString> fold(AttributedString line, int width) {
    List<AttributedString> out = new ArrayList<>();
    if (line.columnLength() <= width) {
      out.add(line);
      return out;
    }
    String s = line.toString();
    int[] breaks = breaks(s);
    int lead = 0;
    while (lead < s.length() && s.charAt(lead) == ' ') lead++;
    // continuation lines keep at least two thirds of the width for code
    String hang = " ".repeat(Math.max(0, Math.min(lead + HANG, width / 3)));
    int start = 0;
    boolean first = true;
    while (true) {
      String prefix = first ? "" : hang;
      int room = width - prefix.length();
      if (Wrap.columns(s.substring(start)) <= room) {
        out.add(join(prefix, line.subSequence(start, s.length()), false));
        return out;
      }
      int end = fit(s, start, Math.max(1, room - MARK.length()));
      int cut = choose(breaks, first ? Math.max(start, lead) : start, end);
      out.add(join(prefix, line.subSequence(start, cut), true));
      start = cut;
      first = false;
    }
  }

  private static AttributedString join(String prefix, AttributedString part, boolean continues) {
    AttributedStringBuilder b = new AttributedStringBuilder().append(prefix).append(part);
    if (continues) b.styled(Theme.CODE_FRAME, MARK);
    return b.toAttributedString();
  }

  /** The end of the longest run from {@code start} that fits in {@code cols} (at least one character). */
  private static int fit(String s, int start, int cols) {
    int col = 0;
    int i = start;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      int cw = Wrap.columns(cp);
      if (col + cw > cols && i > start) break;
      col += cw;
      i += Character.charCount(cp);
    }
    return i;
  }

  /**
   * Where to fold in (from, end]: the latest space if the line is at least half full there, else
   * the latest break between tokens, else a space inside a string or comment, else {@code end}.
   */
  private static int choose(int[] breaks, int from, int end) {
    for (int i = end; i > from + (end - from) / 2; i--) {
      if (breaks[i] == SPACE) return i;
    }
    for (int i = end; i > from; i--) {
      if (breaks[i] == SPACE || breaks[i] == TOKEN) return i;
    }
    for (int i = end; i > from; i--) {
      if (breaks[i] == IN_TEXT) return i;
    }
    return end;
  }

  /** For each index, whether the line may break before the character there, and how well. */
  static int[] breaks(String s) {
    int n = s.length();
    int[] b = new int[n + 1];
    List<int[]> tokens = tokens(s);
    for (int t = 1; t < tokens.size(); t++) {
      int[] prev = tokens.get(t - 1);
      int[] cur = tokens.get(t);
      if (cur[2] == SPACE_TOKEN) continue; // break after the space, not before it
      if (prev[2] == SPACE_TOKEN) {
        b[cur[0]] = prev[0] == 0 ? NONE : SPACE; // not inside the indentation
      } else if (mayJoin(s, prev, cur)) {
        b[cur[0]] = TOKEN;
      }
    }
    for (int[] t : tokens) {
      if (t[2] == STRING_TOKEN) {
        for (int i = t[0] + 1; i < t[1] - 1; i++) if (s.charAt(i - 1) == ' ' && s.charAt(i) != ' ') b[i] = IN_TEXT;
      } else if (t[2] == COMMENT_TOKEN) {
        for (int i = t[0] + 1; i < t[1]; i++) if (s.charAt(i - 1) == ' ' && s.charAt(i) != ' ') b[i] = IN_TEXT;
      }
    }
    return b;
  }

  /** Whether a break may go between two adjacent tokens, the way Java is usually folded. */
  private static boolean mayJoin(String s, int[] prev, int[] cur) {
    String a = s.substring(prev[0], prev[1]);
    String c = s.substring(cur[0], cur[1]);
    // closers, separators and an opening bracket stay with what they follow; what follows a dot
    // or an annotation's @ stays with it
    if (c.equals(")") || c.equals("]") || c.equals("}") || c.equals(",") || c.equals(";")
        || c.equals("(") || c.equals("[")) {
      return false;
    }
    if (a.equals(".") || a.equals("@")) return false;
    return true;
  }

  private static final int SPACE_TOKEN = 1;
  private static final int WORD_TOKEN = 2;
  private static final int OPERATOR_TOKEN = 3;
  private static final int STRING_TOKEN = 4;
  private static final int COMMENT_TOKEN = 5;
  private static final int OTHER_TOKEN = 6;
  private static final String OPERATORS = "+-*/%=<>!&|^?:~";

  /** The line's tokens as {start, end, kind}: enough of Java's lexical rules to know where one ends. */
  private static List<int[]> tokens(String s) {
    List<int[]> out = new ArrayList<>();
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      int start = i;
      int kind;
      if (c == ' ') {
        while (i < n && s.charAt(i) == ' ') i++;
        kind = SPACE_TOKEN;
      } else if (s.startsWith("//", i) || s.startsWith("/*", i)) {
        i = n; // a comment is prose: it folds at its spaces
        kind = COMMENT_TOKEN;
      } else if ((c == '"' || c == '\'') && closing(s, i) > 0) {
        i = closing(s, i);
        kind = STRING_TOKEN;
      } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
        boolean number = Character.isDigit(c);
        while (i < n) {
          char d = s.charAt(i);
          // 1.5e-3, 0xFF, 1_000L: a number's dot and exponent sign are part of it
          boolean more = Character.isLetterOrDigit(d) || d == '_' || d == '$'
              || number && d == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1))
              || number && (d == '-' || d == '+') && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E');
          if (!more) break;
          i++;
        }
        kind = WORD_TOKEN;
      } else if (OPERATORS.indexOf(c) >= 0) {
        while (i < n && OPERATORS.indexOf(s.charAt(i)) >= 0 && !s.startsWith("//", i)) i++;
        kind = OPERATOR_TOKEN;
      } else {
        i += Character.charCount(s.codePointAt(i));
        kind = OTHER_TOKEN;
      }
      out.add(new int[] {start, i, kind});
    }
    return out;
  }

  /** The index after the quote that closes the literal opened at {@code open}, or -1. */
  private static int closing(String s, int open) {
    char q = s.charAt(open);
    for (int i = open + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == q) {
        return i + 1;
      }
    }
    return -1;
  }
}
