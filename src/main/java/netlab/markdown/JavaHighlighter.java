package netlab.markdown;

import java.util.Set;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Colours Java source for code blocks. A small lexer rather than jline's nanorc highlighter:
 * nanorc rules are regexes applied line by line and colour "// not a comment" inside a string
 * literal as a comment; a lexer knows which of the two it is in.
 */
public final class JavaHighlighter {
  private static final Set<String> KEYWORDS = Set.of(
      "abstract", "assert", "break", "case", "catch", "class", "continue", "default", "do", "else",
      "enum", "extends", "final", "finally", "for", "if", "implements", "import", "instanceof",
      "interface", "native", "new", "package", "private", "protected", "public", "record", "return",
      "static", "strictfp", "super", "switch", "synchronized", "this", "throw", "throws",
      "transient", "try", "var", "volatile", "while", "yield", "sealed", "permits", "non-sealed");
  private static final Set<String> TYPES =
      Set.of("boolean", "byte", "char", "double", "float", "int", "long", "short", "void");
  private static final Set<String> LITERALS = Set.of("true", "false", "null");

  static final AttributedStyle KEYWORD = AttributedStyle.DEFAULT.foreground(AttributedStyle.MAGENTA);
  static final AttributedStyle TYPE = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
  static final AttributedStyle LITERAL = AttributedStyle.DEFAULT.foreground(AttributedStyle.BLUE);
  static final AttributedStyle STRING = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
  static final AttributedStyle COMMENT = AttributedStyle.DEFAULT.foreground(AttributedStyle.BRIGHT + AttributedStyle.BLACK);
  static final AttributedStyle ANNOTATION = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);

  private JavaHighlighter() {}

  public static AttributedString highlight(String src) {
    AttributedStringBuilder b = new AttributedStringBuilder(src.length() + 16);
    int i = 0;
    int n = src.length();
    while (i < n) {
      char c = src.charAt(i);
      int start = i;
      if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
        i = indexOrEnd(src, "\n", i);
        b.append(src.substring(start, i), COMMENT);
      } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
        int end = src.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        b.append(src.substring(start, i), COMMENT);
      } else if (src.startsWith("\"\"\"", i)) {
        int end = src.indexOf("\"\"\"", i + 3);
        i = end < 0 ? n : end + 3;
        b.append(src.substring(start, i), STRING);
      } else if (c == '"' || c == '\'') {
        i = endOfQuoted(src, i, c);
        b.append(src.substring(start, i), STRING);
      } else if (c == '@' && i + 1 < n && Character.isJavaIdentifierStart(src.charAt(i + 1))) {
        i++;
        while (i < n && (Character.isJavaIdentifierPart(src.charAt(i)) || src.charAt(i) == '.')) i++;
        b.append(src.substring(start, i), ANNOTATION);
      } else if (Character.isJavaIdentifierStart(c)) {
        while (i < n && Character.isJavaIdentifierPart(src.charAt(i))) i++;
        String word = src.substring(start, i);
        b.append(word, styleOf(word));
      } else if (Character.isDigit(c)) {
        while (i < n && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '_' || src.charAt(i) == '.')) i++;
        b.append(src.substring(start, i), LITERAL);
      } else {
        b.append(c);
        i++;
      }
    }
    return b.toAttributedString();
  }

  private static AttributedStyle styleOf(String word) {
    if (KEYWORDS.contains(word)) return KEYWORD;
    if (TYPES.contains(word)) return TYPE;
    if (LITERALS.contains(word)) return LITERAL;
    return AttributedStyle.DEFAULT;
  }

  private static int endOfQuoted(String src, int i, char quote) {
    int n = src.length();
    i++;
    while (i < n) {
      char c = src.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == quote) {
        return i + 1;
      } else if (c == '\n') {
        return i; // unterminated literal: stop at the end of the line
      } else {
        i++;
      }
    }
    return Math.min(i, n);
  }

  private static int indexOrEnd(String s, String what, int from) {
    int k = s.indexOf(what, from);
    return k < 0 ? s.length() : k;
  }
}
