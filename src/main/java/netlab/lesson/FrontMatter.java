package netlab.lesson;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.commonmark.ext.front.matter.YamlFrontMatterVisitor;
import org.commonmark.node.Node;

/**
 * A lesson's YAML front matter, read with commonmark's front-matter extension. That extension
 * yields strings only; this class adds the typing and the line numbers for error messages.
 */
final class FrontMatter {
  static final Set<String> KEYS = Set.of("title", "minutes", "summary", "exercises", "demos");

  private final Map<String, List<String>> data;
  private final String source;

  private FrontMatter(Map<String, List<String>> data, String source) {
    this.data = data;
    this.source = source;
  }

  static boolean present(String source) {
    return source.startsWith("---\n") || source.startsWith("---\r\n");
  }

  /** The front matter block alone, closing line included (call after {@link #closed}). */
  static String block(String source) {
    String[] lines = source.split("\r?\n", -1);
    StringBuilder b = new StringBuilder(lines[0]).append('\n');
    for (int i = 1; i < lines.length; i++) {
      b.append(lines[i]).append('\n');
      if (lines[i].equals("---") || lines[i].equals("...")) break;
    }
    return b.toString();
  }

  /** An unclosed block would swallow the whole lesson, so it is an error of its own. */
  static boolean closed(String source) {
    String[] lines = source.split("\r?\n", -1);
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].equals("---") || lines[i].equals("...")) return true;
    }
    return false;
  }

  static FrontMatter of(Node document, String source) {
    YamlFrontMatterVisitor v = new YamlFrontMatterVisitor();
    document.accept(v);
    return new FrontMatter(new LinkedHashMap<>(v.getData()), source);
  }

  boolean isEmpty() {
    return data.isEmpty();
  }

  Set<String> keys() {
    return data.keySet();
  }

  String text(String key) {
    List<String> v = data.get(key);
    if (v == null || v.isEmpty()) return null;
    String s = String.join(" ", v).trim();
    return unquote(s);
  }

  /** A list given as {@code - a} lines, as {@code [a, b]}, or as one bare value. */
  List<String> list(String key) {
    List<String> v = data.get(key);
    if (v == null) return List.of();
    List<String> out = new ArrayList<>();
    for (String item : v) {
      String s = item.trim();
      if (s.startsWith("[") && s.endsWith("]")) {
        Arrays.stream(s.substring(1, s.length() - 1).split(","))
            .map(String::trim).map(FrontMatter::unquote).filter(x -> !x.isEmpty()).forEach(out::add);
      } else if (!s.isEmpty()) {
        out.add(unquote(s));
      }
    }
    return out;
  }

  /** 1-based line of {@code key:} in the file, or 1 when the key is absent. */
  int lineOf(String key) {
    String[] lines = source.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].startsWith(key + ":")) return i + 1;
    }
    return 1;
  }

  private static String unquote(String s) {
    if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
      return s.substring(1, s.length() - 1);
    }
    return s;
  }
}
