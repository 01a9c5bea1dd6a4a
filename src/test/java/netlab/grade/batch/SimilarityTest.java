package netlab.grade.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import netlab.grade.similarity.SimilarityResult;
import netlab.testing.LabRun;
import netlab.testing.ToyLab;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code netlab grade … --similarity}: a class where mallory handed in alice's Adder with every
 * identifier renamed, the methods reordered and comments added, and bob and carol each wrote their
 * own. JPlag ranks alice and mallory first, far above the threshold, their matched code side by
 * side in report.html; bob and carol stay below it.
 */
class SimilarityTest {
  @TempDir
  static Path dir;
  static Path lab;
  static Path report;
  static LabRun run;
  static SimilarityResult result;

  @BeforeAll
  @Timeout(300)
  static void gradeTheClass() throws Exception {
    lab = ToyLab.create(dir.resolve("lab"));
    Path subs = dir.resolve("subs");
    for (String who : List.of("alice", "mallory", "bob", "carol")) {
      Path d = Files.createDirectories(subs.resolve(who).resolve("01-adder"));
      Files.copy(LabRun.repo().resolve("src/test/resources/fixtures/similarity/" + who + ".java"), d.resolve("Adder.java"));
    }
    report = dir.resolve("report");
    run = LabRun.run(lab, "", "grade", subs.toString(), "--out", report.toString(), "--timeout", "2", "--similarity");
    assertEquals(0, run.exitCode, run.toString());
    result = new ObjectMapper().readValue(report.resolve("similarity.json").toFile(), SimilarityResult.class);
  }

  @Test
  void theCopyRanksFirstAndTheHonestPairStaysBelowTheThreshold() {
    SimilarityResult.Exercise ex = result.exercises.get(0);
    assertEquals("01-adder", ex.dir);
    assertEquals(4, ex.submissions);
    assertEquals(6, ex.pairs.size(), "every pair of four: " + pairs(ex));
    SimilarityResult.Pair first = ex.pairs.get(0);
    assertEquals(List.of("alice", "mallory"), List.of(first.a, first.b), pairs(ex));
    assertTrue(first.similarity >= result.threshold, pairs(ex));
    SimilarityResult.Pair honest = ex.pairs.stream().filter(p -> p.a.equals("bob") && p.b.equals("carol")).findFirst().orElseThrow();
    assertTrue(honest.similarity < result.threshold, pairs(ex));
    assertTrue(ex.pairs.stream().skip(1).allMatch(p -> p.similarity < result.threshold), "only the copy is flagged: " + pairs(ex));
    assertTrue(run.out.contains("1 pair at 60% or more; most similar: 01-adder alice ↔ mallory"), run.out);
  }

  @Test
  void theReportShowsThePairAndTheirMatchedCodeSideBySide() throws Exception {
    String html = Files.readString(report.resolve("report.html"));
    int table = html.indexOf("<table id=\"similar-pairs\">");
    assertTrue(table > 0, html);
    String rows = html.substring(table, html.indexOf("</table>", table));
    assertTrue(rows.contains("alice ↔ mallory"), rows);
    assertFalse(rows.contains("bob") || rows.contains("carol"), "the honest pair is not listed: " + rows);
    int pair = html.indexOf("<details class=\"pair\" id=\"pair-1\" open>");
    assertTrue(pair > 0, html);
    String shown = html.substring(pair, html.indexOf("</details>", pair));
    // the loop of each, renamed: the same code, found through the renaming
    assertTrue(shown.contains("sum = sum ^ carry;") && shown.contains("acc = acc ^ rest;"), shown);
    assertTrue(shown.contains("alice · Adder.java lines") && shown.contains("mallory · Adder.java lines"), shown);
    // the code is the students', shown as text: a comment cannot end the block or run a script
    assertTrue(shown.contains("&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;") && !html.contains("<script"), shown);
  }

  @Test
  void similarityRunsAgainOnAGradedReportWithAnotherThreshold() throws Exception {
    Path report = dir.resolve("report-copy"); // the other tests read the first
    LabRun.copyTree(SimilarityTest.report, report);
    LabRun again = LabRun.run(lab, "", "similarity", report.toString(), "--threshold", "1");
    assertEquals(0, again.exitCode, again.toString());
    SimilarityResult r = new ObjectMapper().readValue(report.resolve("similarity.json").toFile(), SimilarityResult.class);
    assertEquals(0.01, r.threshold, 1e-9);
    String html = Files.readString(report.resolve("report.html"));
    assertTrue(html.contains("Pairs at 1% average similarity or more"), html);
    // a grade run without --similarity forgets it: its pairs could be another class's
    LabRun plain = LabRun.run(lab, "", "grade", dir.resolve("subs").toString(), "--out", report.toString(), "--timeout", "2");
    assertEquals(0, plain.exitCode, plain.toString());
    assertFalse(Files.exists(report.resolve("similarity.json")));
    assertTrue(Files.readString(report.resolve("report.html")).contains("id=\"similarity-off\""));
  }

  private static String pairs(SimilarityResult.Exercise ex) {
    StringBuilder b = new StringBuilder();
    for (SimilarityResult.Pair p : ex.pairs) b.append(String.format("%n  %s ↔ %s %.2f", p.a, p.b, p.similarity));
    return b.toString();
  }
}
