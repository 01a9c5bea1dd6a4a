package netlab.grade.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Students whose ids, submission problems and program output are built to break the reports: a
 * formula for the instructor's spreadsheet, a line break that forges a gradebook row, a script
 * for the HTML report, control characters XML cannot hold, a bidi override that reorders what
 * the instructor reads. Every report still opens in the tool it is meant for, with a row per
 * student and nothing the student wrote run or hidden.
 */
class ReportSafetyTest {
  @TempDir
  static Path out;
  static final ObjectMapper JSON = new ObjectMapper();

  static final String SCRIPT = "</td><script>alert(1)</script>";
  static final String PRINTED = "hello\n\tworld\u0000\u0007\u001b[2J\r\nbye\u202E \uD800 \uD83D\uDE00";
  /** id → what the gradebook shows for it. */
  static final Map<String, String> IDS = new java.util.LinkedHashMap<>();

  static {
    IDS.put("=HYPERLINK(\"http://evil.example\",\"x\")", "'=HYPERLINK(\"http://evil.example\",\"x\")");
    IDS.put("+1+1", "'+1+1");
    IDS.put("-2+3", "'-2+3");
    IDS.put("@SUM(A1)", "'@SUM(A1)");
    IDS.put("\t=tab", "' =tab");
    IDS.put("\r=cr", "' =cr");
    IDS.put("\n=1+1", "' =1+1");
    IDS.put("honest\nevil,9,9,9,", "honest evil,9,9,9,");
    IDS.put("cr\r\nforged,3,3,3,", "cr forged,3,3,3,");
    IDS.put("a,b\"c", "a,b\"c");
    IDS.put("nul\u0000id\u001b[31m", "nulid[31m");
    IDS.put("bidi\u202Egnp.exe\u2066", "bidignp.exe");
    IDS.put("para\u2028graph\u2029", "para graph ");
    IDS.put(SCRIPT, SCRIPT);
  }

  static final List<String> PROBLEMS = List.of("=cmd|' /C calc'!A0 names a zip entry\n-2+3 in the manifest",
      "@evil \u0000\u001b]0;title\u0007 \u202Etxt.exe", "<script>alert('p')</script>, \"quoted\"");

  static StudentGrade grade(String id) {
    StudentGrade g = new StudentGrade();
    g.student = id;
    g.source = id + ".zip";
    g.sandboxed = true;
    g.millis = 1234;
    g.problems.addAll(PROBLEMS);
    StudentGrade.ExerciseGrade e = new StudentGrade.ExerciseGrade();
    e.id = "adder";
    e.dir = "01-adder";
    e.title = "Adder";
    e.submitted = true;
    e.compiled = true;
    e.max = 3;
    e.score = 1;
    e.problems.add("stray file " + id);
    e.notes.add("note\u0000 " + SCRIPT);
    StudentGrade.TestGrade pass = new StudentGrade.TestGrade();
    pass.name = "adds small numbers";
    pass.points = 1;
    pass.passed = true;
    StudentGrade.TestGrade fail = new StudentGrade.TestGrade();
    fail.name = "adds " + SCRIPT;
    fail.points = 2;
    fail.reason = "expected 3\u0000 but was\n=4 " + SCRIPT;
    fail.detail.add("caused by \u001b[2J" + id);
    fail.output = PRINTED;
    e.tests.addAll(List.of(pass, fail));
    g.exercises.add(e);
    return g;
  }

  static final List<Path> folders = new ArrayList<>();

  @BeforeAll
  static void writeTheReports() throws IOException {
    List<StudentGrade> all = new ArrayList<>();
    int n = 0;
    for (String id : IDS.keySet()) {
      StudentGrade g = grade(id);
      all.add(g);
      Path folder = out.resolve("students").resolve("s" + n++); // apart from how ids become folder names
      ReportWriter.writeStudent(folder, g);
      folders.add(folder);
    }
    ClassReport.write(out, all, List.of("01-adder"), new Isolation(List.of("bubblewrap"), List.of()));
  }

  @Test
  void theGradebookHasARowPerStudentAndNoFormulaInAnySpreadsheetCell() throws Exception {
    List<List<String>> rows = pythonCsv(out.resolve("gradebook.csv"));
    assertEquals(List.of("student", "01-adder", "total", "max", "problems"), rows.get(0));
    assertEquals(IDS.size() + 1, rows.size(), "one row per student and the header: " + rows);
    List<String> shown = new ArrayList<>(IDS.values());
    for (int i = 1; i < rows.size(); i++) {
      List<String> row = rows.get(i);
      assertEquals(List.of(shown.get(i - 1), "1", "1", "3"), row.subList(0, 4), "row " + i);
      for (String cell : row) {
        assertFalse(!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0, "a formula cell: " + cell);
        assertFalse(cell.stripLeading().matches("(?s)[=+\\-@].*"), "a formula cell after spaces: " + cell);
        assertNoControl(cell, false);
      }
      assertTrue(row.get(4).contains("=cmd|' /C calc'!A0 names a zip entry -2+3 in the manifest; @evil ]0;title txt.exe; <script>"),
          row.get(4));
      assertTrue(row.get(4).startsWith("'"), "the problems start with a formula: " + row.get(4));
    }
    String csv = Files.readString(out.resolve("gradebook.csv"));
    assertEquals(IDS.size() + 1, csv.lines().count(), "a record per line, for tools that read line by line:\n" + csv);
  }

  @Test
  void junitXmlIsWellFormedAndShowsTheOutputWithoutControlCharacters() throws Exception {
    for (Path f : folders) {
      Document x = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(f.resolve("junit.xml").toFile());
      String suite = x.getDocumentElement().getAttribute("name");
      assertNoControl(suite, false);
      assertTrue(IDS.containsValue(suite) || IDS.containsValue("'" + suite), suite);
      Element failure = (Element) x.getElementsByTagName("failure").item(0);
      assertEquals("expected 3 but was =4 " + SCRIPT, failure.getAttribute("message"));
      String body = failure.getTextContent();
      assertNoControl(body, true);
      assertTrue(body.contains("hello\n\tworld[2J\nbye"), body);
      assertTrue(body.contains("\uD83D\uDE00") && body.contains("\uFFFD"), "a whole emoji stays, half of one does not: " + body);
    }
  }

  @Test
  void resultsAndGradeJsonHoldNoControlCharactersButOutputKeepsItsLines() throws Exception {
    for (Path f : folders) {
      JsonNode results = JSON.readTree(f.resolve("results.json").toFile());
      assertNoControl(results.path("output").asText(), true);
      for (JsonNode t : results.path("tests")) {
        assertNoControl(t.path("name").asText(), false);
        assertNoControl(t.path("output").asText(), true);
      }
      assertTrue(results.path("tests").get(1).path("output").asText().contains("hello\n\tworld[2J\nbye"), results.toString());
      JsonNode grade = JSON.readTree(f.resolve("grade.json").toFile());
      everyString(grade, "", (field, s) -> assertNoControl(s, List.of("output", "reason", "diagnostics").contains(field)));
      assertTrue(grade.path("exercises").get(0).path("tests").get(1).path("reason").asText().contains("was\n=4"),
          "a reason keeps its lines in grade.json");
    }
  }

  @Test
  void theHtmlReportShowsScriptsAsText() throws Exception {
    String html = Files.readString(out.resolve("report.html"));
    assertFalse(html.contains("<script"), "no script from a student reaches the page");
    assertTrue(html.contains("&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;"), html);
    assertTrue(html.contains("&lt;script&gt;alert(&#39;p&#39;)&lt;/script&gt;"), html);
    assertNoControl(html, true);
  }

  @Test
  void feedbackHoldsNoControlCharacters() throws Exception {
    for (Path f : folders) assertNoControl(Files.readString(f.resolve("feedback.md")), true);
  }

  /** Rows of a CSV file as Python's csv module reads it (strict, so a stray quote fails). */
  static List<List<String>> pythonCsv(Path file) throws Exception {
    String script = "import csv, json, sys\n"
        + "with open(sys.argv[1], newline='', encoding='utf-8') as f:\n"
        + "    print(json.dumps(list(csv.reader(f, strict=True))))\n";
    Process p;
    try {
      p = new ProcessBuilder("python3", "-c", script, file.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      Assumptions.abort("python3 is needed to read the gradebook as a CSV tool does");
      throw e;
    }
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), text);
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode r : JSON.readTree(text)) {
      List<String> row = new ArrayList<>();
      r.forEach(c -> row.add(c.asText()));
      rows.add(row);
    }
    return rows;
  }

  static void everyString(JsonNode n, String field, java.util.function.BiConsumer<String, String> check) {
    if (n.isTextual()) check.accept(field, n.asText());
    n.properties().forEach(e -> everyString(e.getValue(), e.getKey(), check));
    if (n.isArray()) n.forEach(c -> everyString(c, field, check));
  }

  /** No control, bidi or line-separator character nor half a surrogate pair; {@code \n} and tab only where {@code lines}. */
  static void assertNoControl(String s, boolean lines) {
    s.codePoints().forEach(c -> {
      boolean allowed = lines && (c == '\n' || c == '\t');
      boolean invisible = c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E)
          || (c >= 0x2066 && c <= 0x2069) || (c >= 0xD800 && c <= 0xDFFF) || c == 0xFFFE || c == 0xFFFF;
      assertFalse(invisible && !allowed, () -> String.format("U+%04X in %s", c, s.replace("\u0000", "\\0")));
    });
  }
}
