package netlab.grade.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;

/**
 * Text a student controls, made fit for the reports. Student ids come from file names, problems
 * quote zip entries and manifests, and test output is whatever the student's program printed: any
 * of them may hold control characters that break a format (XML 1.0 cannot hold most of them, not
 * even escaped; a CR or LF starts a new gradebook row), move a terminal's cursor, or reorder what
 * an instructor reads (a right-to-left override before {@code txt.exe} shows it as {@code exe.txt}).
 */
public final class Clean {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Fields of a grade that are legitimately several lines long; every other string is one line. */
  private static final Set<String> MULTI_LINE = Set.of("output", "reason", "diagnostics");

  private Clean() {}

  /**
   * One line: line breaks and tabs become spaces (an id or a problem is a single cell or list
   * item wherever it is shown), other control and bidi characters are dropped.
   */
  public static String line(String s) {
    return clean(s, false);
  }

  /** Several lines (program output, compiler messages): keeps {@code \n} and tab, nothing else invisible. */
  public static String text(String s) {
    return clean(s, true);
  }

  /**
   * A copy of {@code g} with every string cleaned: one line unless it is {@link #MULTI_LINE}. It
   * walks the JSON tree rather than the fields so that a field added later is cleaned too.
   */
  public static StudentGrade grade(StudentGrade g) {
    try {
      JsonNode tree = JSON.valueToTree(g);
      clean(tree, false);
      return JSON.treeToValue(tree, StudentGrade.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e); // a tree made from a StudentGrade always reads back
    }
  }

  private static void clean(JsonNode node, boolean multiLine) {
    if (node instanceof ObjectNode o) {
      for (String name : o.properties().stream().map(Map.Entry::getKey).toList()) {
        boolean many = MULTI_LINE.contains(name);
        JsonNode v = o.get(name);
        if (v.isTextual()) o.put(name, clean(v.asText(), many));
        else clean(v, many);
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        if (a.get(i).isTextual()) a.set(i, TextNode.valueOf(clean(a.get(i).asText(), multiLine)));
        else clean(a.get(i), multiLine);
      }
    }
  }

  private static String clean(String s, boolean keepLines) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        b.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
        b.append('\uFFFD'); // half a pair, or a non-character: XML cannot hold it, UTF-8 cannot encode it
      } else if (c == '\r' || c == '\n' || c == '\u2028' || c == '\u2029') {
        if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') i++; // CRLF is one break
        b.append(keepLines ? '\n' : ' ');
      } else if (c == '\t') {
        b.append(keepLines ? '\t' : ' ');
      } else if (!invisible(c)) {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** C0 and C1 controls, DEL, and the bidi embeddings, overrides and isolates. */
  private static boolean invisible(char c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
  }
}
