package netlab.grade.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import netlab.testing.LabRun;
import netlab.testing.ToyLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests an instructor keeps to themselves: a student's check neither runs nor names them (it
 * says how many points they hold), grading and verify run them, the results mark them, and a
 * student kit leaves them out.
 */
class InstructorOnlyTestsTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  /** The toy lab plus a 2-point instructor-only test that Math.addExact fails (it throws on overflow). */
  static Path labWithInstructorTest(Path at) throws Exception {
    Path lab = ToyLab.create(at);
    Files.writeString(lab.resolve("src/hidden/01-adder/AdderInstructorTest.java"), """
        import static org.junit.jupiter.api.Assertions.assertEquals;

        import netlab.grade.api.InstructorOnly;
        import netlab.grade.api.Points;
        import org.junit.jupiter.api.DisplayName;
        import org.junit.jupiter.api.Test;

        @InstructorOnly
        class AdderInstructorTest {
          @Test
          @DisplayName("wraps around past Integer.MAX_VALUE as int arithmetic does")
          @Points(2)
          void wraps() {
            assertEquals(Integer.MIN_VALUE, Adder.add(Integer.MAX_VALUE, 1));
          }
        }
        """);
    Path toml = lab.resolve("exercises/exercises.toml");
    Files.writeString(toml, Files.readString(toml).replace("points = 3", "points = 5"));
    return lab;
  }

  static void addExact(Path dir) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("Adder.java"),
        "public final class Adder {\n  public static int add(int a, int b) {\n    return Math.addExact(a, b);\n  }\n}\n");
  }

  @Test
  void checkRunsOnlyTheVisibleTestsWhileVerifyAndGradeRunThemAll() throws Exception {
    Path lab = labWithInstructorTest(dir.resolve("lab"));
    LabRun verify = LabRun.run(lab, "", "verify", "adder", "--runs", "1");
    assertEquals(0, verify.exitCode, verify.toString());
    assertTrue(verify.out.contains("4 tests · 5 pts"), "verify runs and counts every test: " + verify.out);

    addExact(lab.resolve("exercises/01-adder"));
    LabRun check = LabRun.run(lab, "", "check", "adder");
    assertEquals(0, check.exitCode, check.toString());
    assertTrue(check.out.contains("score 3/3"), check.out);
    assertTrue(check.out.contains("2 more points come from the instructor's own tests"), check.out);
    assertFalse(check.out.contains("wraps around"), "a student's check does not name the instructor's tests: " + check.out);

    Path subs = dir.resolve("subs");
    addExact(subs.resolve("exact/01-adder"));
    Files.createDirectories(subs.resolve("careful/01-adder"));
    Files.copy(lab.resolve("solutions/01-adder/Adder.java"), subs.resolve("careful/01-adder/Adder.java"));
    LabRun graded = LabRun.run(lab, "", "grade", subs.toString(), "--out", dir.resolve("report").toString(),
        "--timeout", "2", "--jobs", "2");
    assertEquals(0, graded.exitCode, graded.toString());
    String csv = Files.readString(dir.resolve("report/gradebook.csv"));
    assertTrue(csv.contains("\n\"careful\",\"5\",\"5\",\"5\","), csv);
    assertTrue(csv.contains("\n\"exact\",\"3\",\"3\",\"5\","), csv);

    JsonNode results = JSON.readTree(dir.resolve("report/students/exact/results.json").toFile());
    JsonNode wraps = null;
    for (JsonNode t : results.path("tests")) {
      if (t.path("name").asText().contains("wraps around")) wraps = t;
      else assertEquals("visible", t.path("visibility").asText(), t.toString());
    }
    assertTrue(wraps != null, results.toString());
    assertEquals("after_published", wraps.path("visibility").asText());
    assertEquals(0, wraps.path("score").asInt());
    assertEquals(2, wraps.path("max_score").asInt());
    String feedback = Files.readString(dir.resolve("report/students/exact/feedback.md"));
    assertTrue(feedback.contains("✗ wraps around past Integer.MAX_VALUE as int arithmetic does _(instructor's test)_"), feedback);
  }

  @Test
  void theStudentKitLeavesTheInstructorsTestsOut() throws Exception {
    Path lab = labWithInstructorTest(dir.resolve("lab"));
    ToyLab.installBuiltLab(lab);
    Path kit = dir.resolve("kit");
    LabRun r = LabRun.run(lab, "", "release", "--out", kit.toString(), "--verify-runs", "1");
    assertEquals(0, r.exitCode, r.toString());

    assertTrue(Files.isRegularFile(kit.resolve("hidden/01-adder/netlab.hidden.AdderHiddenTest.class")));
    assertFalse(Files.exists(kit.resolve("hidden/01-adder/netlab.hidden.AdderInstructorTest.class")), "the instructor's test stays home");
    String index = Files.readString(kit.resolve("hidden/01-adder/index.json"));
    assertFalse(index.contains("wraps around") || index.contains("AdderInstructorTest"), index);

    addExact(kit.resolve("exercises/01-adder"));
    // without recording class data: that first-start step is LauncherTest's, and on a loaded CI machine it
    // alone can take most of this test's time limit
    ProcessBuilder pb = new ProcessBuilder("bash", kit.resolve("netlab").toString(), "check", "1").redirectErrorStream(true);
    pb.environment().put("NETLAB_CDS", "0");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("score 3/3") && out.contains("2 more points come from the instructor's own tests"), out);
  }
}
