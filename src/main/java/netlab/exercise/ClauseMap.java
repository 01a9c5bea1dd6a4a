package netlab.exercise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import netlab.core.LabHome;

/**
 * An exercise's clause map, {@code src/hidden/NN-id/clauses.md}: each clause of its README's
 * contract and its starter's javadoc (a top-level bullet), and the display names of the hidden
 * tests that check it (bullets nested under it). The map is the audit that every promise made
 * to the student is tested; {@link #problems} keeps it honest as tests are renamed or removed.
 */
public record ClauseMap(Path file, List<Clause> clauses) {
  public static final String FILE = "clauses.md";

  /** One clause, the line it starts on, and the display names of the tests said to check it. */
  public record Clause(String text, int line, List<String> tests) {}

  /** The map of {@code ex}, or null when it has none (a student kit has no hidden sources). */
  public static ClauseMap of(LabHome home, Exercise ex) throws IOException {
    Path file = ex.hiddenDir(home).resolve(FILE);
    return Files.isRegularFile(file) ? read(file) : null;
  }

  /**
   * Reads the Markdown: a line starting with {@code "- "} opens a clause; an indented
   * {@code "- "} line under it names a test, exactly as its display name; other indented lines
   * continue the clause's text (a long clause wrapped); anything else (headings, prose) is
   * commentary.
   */
  public static ClauseMap read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    List<Clause> clauses = new ArrayList<>();
    StringBuilder text = null;
    List<String> tests = null;
    int start = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String trimmed = line.strip();
      boolean indented = !line.isEmpty() && Character.isWhitespace(line.charAt(0));
      if (!indented && line.startsWith("- ")) {
        if (text != null) clauses.add(new Clause(text.toString(), start, List.copyOf(tests)));
        text = new StringBuilder(line.substring(2).strip());
        tests = new ArrayList<>();
        start = i + 1;
      } else if (indented && text != null && trimmed.startsWith("- ")) {
        tests.add(trimmed.substring(2).strip());
      } else if (indented && text != null && tests.isEmpty() && !trimmed.isEmpty()) {
        text.append(' ').append(trimmed);
      } else if (!indented && !trimmed.isEmpty() && text != null) {
        clauses.add(new Clause(text.toString(), start, List.copyOf(tests)));
        text = null;
      }
    }
    if (text != null) clauses.add(new Clause(text.toString(), start, List.copyOf(tests)));
    return new ClauseMap(file, List.copyOf(clauses));
  }

  /**
   * What is wrong with the map, given the display names of the exercise's hidden tests: one
   * line each, naming the file (as {@code shown}), the clause and the missing test.
   */
  public List<String> problems(Collection<String> displayNames, String shown) {
    List<String> problems = new ArrayList<>();
    if (clauses.isEmpty()) problems.add(shown + ": no clauses (a top-level \"- \" bullet each)");
    for (Clause c : clauses) {
      String where = shown + ":" + c.line() + ": clause \"" + abbreviate(c.text()) + "\"";
      if (c.tests().isEmpty()) problems.add(where + " names no hidden test");
      for (String t : c.tests()) {
        if (!displayNames.contains(t)) problems.add(where + " names \"" + t + "\", which is no hidden test's display name");
      }
    }
    return problems;
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
