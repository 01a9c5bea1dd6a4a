package netlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No user-facing English outside the bundles: a string literal with English words that is handed
 * to something that prints or shows it (println, format, error, note, a NetlabException, a log
 * line, an AttributedString…) fails this test, unless the allowlist
 * ({@code src/test/resources/i18n/allowlist.txt}) names its file and says why it stays English.
 *
 * <p>Files not converted yet are listed in {@code src/test/resources/i18n/not-converted.txt}; the
 * test fails for one that no longer needs its entry, so the list only shrinks.
 */
class UserFacingStringsTest {
  /** The calls whose arguments reach the student's screen. */
  static final Set<String> SINKS = Set.of("print", "println", "printf", "format", "formatted", "error", "warn", "note",
      "info", "highlight", "event", "wrapped", "usage", "NetlabException", "LessonNotFound", "AttributedString", "styled",
      "Candidate", "readLine", "bytes");
  /** English prose: a word of two letters or more, and a space. */
  private static final Pattern PROSE = Pattern.compile("(?s)(?=.*[A-Za-z]{2,})(?=.*\\s).*");
  /** Names, not English: the program's own, as in "netlab: " before an error. */
  private static final Pattern NAMES = Pattern.compile("\\b(netlab|NetLab|Java|java)\\b");

  record Finding(String file, int line, String literal) {
    @Override
    public String toString() {
      return file + ":" + line + ": \"" + literal + "\"";
    }
  }

  @Test
  void userFacingEnglishComesFromTheBundles() throws IOException {
    Map<String, String> allowed = list("allowlist.txt");
    Map<String, String> pending = list("not-converted.txt");
    List<Finding> found = new ArrayList<>();
    Set<String> filesWithFindings = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java")).sorted()::iterator) {
        String name = Path.of("src/main/java").relativize(f).toString().replace('\\', '/');
        if (covered(allowed, name)) continue;
        List<Finding> mine = scan(name, Files.readString(f, StandardCharsets.UTF_8));
        if (!mine.isEmpty()) filesWithFindings.add(name);
        if (!covered(pending, name)) found.addAll(mine);
      }
    }
    // the whole list, for whoever converts the next file
    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target/i18n-findings.txt"), found.stream().map(Finding::toString).toList(), StandardCharsets.UTF_8);
    assertEquals(List.of(), found, "user-facing English built in code: move it to messages.properties and "
        + "messages_zh.properties (netlab.core.Msg), or allow the file with a reason in i18n/allowlist.txt");
    List<String> done = pending.keySet().stream().filter(p -> filesWithFindings.stream().noneMatch(f -> matches(p, f))).toList();
    assertEquals(List.of(), done, "converted: take these out of i18n/not-converted.txt");
  }

  @Test
  void theScannerSeesWhatItShould() {
    String src = """
        class X {
          void f() {
            out.println("lesson " + id + " finished"); // a sink
            out.note(Msg.get("run.next", 3));
            String key = "pager.keys";
            log.info(String.format("%-12s %s", a, b));
            Thread t = new Thread(r, "netlab background start"); // not a sink
            /* out.println("in a comment") */
            throw NetlabException.usage("no lesson " + n);
            out.println(\"""
                a text block with words
                \""");
          }
        }
        """;
    List<String> literals = scan("X.java", src).stream().map(Finding::literal).toList();
    assertEquals(List.of("lesson ", " finished", "no lesson ", "a text block with words\n"), literals);
  }

  /** The literals of {@code src} that are English prose inside a call to a sink. */
  static List<Finding> scan(String file, String src) {
    // the code with comments and literals blanked, so parentheses can be counted; literals kept aside
    StringBuilder code = new StringBuilder(src.length());
    List<int[]> spans = new ArrayList<>();
    int i = 0;
    while (i < src.length()) {
      char c = src.charAt(i);
      if (src.startsWith("//", i)) {
        int end = src.indexOf('\n', i);
        end = end < 0 ? src.length() : end;
        blank(code, src, i, end);
        i = end;
      } else if (src.startsWith("/*", i)) {
        int end = src.indexOf("*/", i + 2);
        end = end < 0 ? src.length() : end + 2;
        blank(code, src, i, end);
        i = end;
      } else if (src.startsWith("\"\"\"", i)) {
        int start = src.indexOf('\n', i) + 1;
        int end = src.indexOf("\"\"\"", start);
        spans.add(new int[] {start, end});
        code.append("\"");
        blank(code, src, i + 1, end + 2);
        code.append("\"");
        i = end + 3;
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < src.length() && src.charAt(j) != c) j += src.charAt(j) == '\\' ? 2 : 1;
        if (c == '"') spans.add(new int[] {i + 1, j});
        code.append(c);
        blank(code, src, i + 1, j);
        code.append(c);
        i = j + 1;
      } else {
        code.append(c);
        i++;
      }
    }
    List<Finding> out = new ArrayList<>();
    for (int[] s : spans) {
      String literal = unescape(src.substring(s[0], s[1]), src.startsWith("\"\"\"", s[0] - 4) || isTextBlock(src, s[0]));
      if (!PROSE.matcher(NAMES.matcher(literal).replaceAll("")).matches()) continue;
      String call = enclosingCall(code, s[0]);
      if (call == null || !SINKS.contains(call)) continue;
      int line = (int) src.substring(0, s[0]).chars().filter(ch -> ch == '\n').count() + 1;
      out.add(new Finding(file, line, literal));
    }
    return out;
  }

  private static boolean isTextBlock(String src, int start) {
    int q = src.lastIndexOf("\"\"\"", start);
    return q >= 0 && src.substring(q + 3, start).isBlank();
  }

  /** The name of the call whose parentheses hold position {@code at}, or null. */
  private static String enclosingCall(CharSequence code, int at) {
    int depth = 0;
    for (int i = at - 1; i >= 0; i--) {
      char c = code.charAt(i);
      if (c == ')') depth++;
      else if (c == '(') {
        if (depth == 0) {
          int end = i;
          while (end > 0 && Character.isWhitespace(code.charAt(end - 1))) end--;
          int start = end;
          while (start > 0 && Character.isJavaIdentifierPart(code.charAt(start - 1))) start--;
          return start == end ? null : code.subSequence(start, end).toString();
        }
        depth--;
      } else if ((c == ';' || c == '{' || c == '}') && depth == 0) {
        return null;
      }
    }
    return null;
  }

  private static void blank(StringBuilder code, String src, int from, int to) {
    for (int k = from; k < to && k < src.length(); k++) code.append(src.charAt(k) == '\n' ? '\n' : ' ');
  }

  private static String unescape(String s, boolean textBlock) {
    String t = textBlock ? s.stripIndent() : s;
    return t.replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
  }

  /** {@code path-or-prefix | reason} lines; '#' starts a comment. */
  static Map<String, String> list(String name) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String l : Files.readAllLines(Path.of("src/test/resources/i18n").resolve(name), StandardCharsets.UTF_8)) {
      if (l.isBlank() || l.startsWith("#")) continue;
      String[] parts = l.split("\\|", 2);
      if (parts.length < 2 || parts[1].isBlank()) throw new IllegalStateException(name + ": an entry needs a reason: " + l);
      out.put(parts[0].strip(), parts[1].strip());
    }
    return out;
  }

  private static boolean covered(Map<String, String> list, String file) {
    return list.keySet().stream().anyMatch(p -> matches(p, file));
  }

  /** An entry names a file, or a folder when it ends with '/'. */
  private static boolean matches(String entry, String file) {
    return entry.endsWith("/") ? file.startsWith(entry) : file.equals(entry);
  }
}
