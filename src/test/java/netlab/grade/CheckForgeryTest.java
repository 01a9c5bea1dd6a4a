package netlab.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import netlab.testing.LabRun;
import netlab.testing.ToyLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A student's own {@code check} (no sandbox) with a forger beside the unchanged starter: the
 * check says the results were tampered with and scores 0. The forger is the one of the issue,
 * as {@link GradingIntegrityTest} grades it in batch.
 */
class CheckForgeryTest {
  @TempDir
  Path dir;

  @Test
  void theStarterPlusAForgerIsToldItTamperedAndScoresZero() throws Exception {
    Path lab = ToyLab.create(dir.resolve("lab"));
    Files.writeString(lab.resolve("exercises/01-adder/Forger.java"), GradingIntegrityTest.FORGER);
    LabRun run = LabRun.run(lab, "", "check", "1");
    assertEquals(1, run.exitCode, run.toString());
    assertTrue(run.out.contains("✗ results tampered with: Forger.java uses"), run.out);
    assertTrue(run.out.contains("score 0/3"), run.out);
  }

  @Test
  void aForgerHiddenFromTheScreenIsToldByWhatItsAttemptThrew() throws Exception {
    Path lab = ToyLab.create(dir.resolve("lab"));
    ToyLab.studentAdd(lab, GradingIntegrityTest.LOUD + "\n  }\n" + GradingIntegrityTest.REV + "  static int unused() {\n    return 0;");
    LabRun run = LabRun.run(lab, "", "check", "1", "--json");
    assertEquals(1, run.exitCode, run.toString());
    assertTrue(run.out.contains("\"tampered\" : \"results tampered with: the code tried to reach into the grader"), run.out);
  }

  @Test
  void anHonestSolutionIsNotSuspected() throws Exception {
    Path lab = ToyLab.create(dir.resolve("lab"));
    ToyLab.solve(lab);
    LabRun run = LabRun.run(lab, "", "check", "1");
    assertEquals(0, run.exitCode, run.toString());
    assertTrue(run.out.contains("score 3/3"), run.out);
    assertFalse(run.out.contains("tampered"), run.out);
  }
}
