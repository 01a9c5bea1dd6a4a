package netlab.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import netlab.testing.LabRun;
import netlab.testing.ToyLab;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** exercises, check, hint, solution and reset, driven through the REPL as a script would. */
class ExerciseCommandsTest {
  @TempDir
  Path dir;
  Path lab;

  @BeforeEach
  void lab() throws Exception {
    lab = ToyLab.create(dir);
  }

  @Test
  void checkShowsEachTestAndTheScoreAndExercisesRemembersIt() {
    LabRun r = LabRun.run(lab, "exercises\ncheck adder\nexercises\n");
    assertTrue(r.out.contains("01  adder                Adder                            not started   0/3 pts"), r.out);
    assertTrue(r.out.contains("✗ adds small numbers"), r.out);
    assertTrue(r.out.contains("    UnsupportedOperationException: TODO: add\n      at Adder.add(Adder.java:8)"), r.out);
    assertTrue(r.out.contains("score 0/3 · 0 of 3 tests pass"), r.out);
    assertTrue(r.out.contains("Stuck? 'hint adder' gives a hint."), r.out);
    assertTrue(r.out.contains("01  adder                Adder                            failing       0/3 pts"), r.out);
  }

  @Test
  void checkWithoutAnIdUsesTheCurrentLessonsExerciseAndNumbersWork() throws Exception {
    ToyLab.solve(lab);
    LabRun r = LabRun.run(lab, "check\nlesson 1\ncheck\ncheck 1\ncheck 01\ncheck nope\n");
    assertTrue(r.out.contains("error: which exercise? give an id or number"), r.out);
    assertEquals(3, r.out.split("score 3/3 · 3 of 3 tests pass", -1).length - 1, r.out);
    assertTrue(r.out.contains("error: no exercise 'nope'; 'exercises' lists them"), r.out);
  }

  @Test
  void hintsComeOneMoreEachTimeAndAreRemembered() {
    LabRun r = LabRun.run(lab, "hint adder\nhint adder\n");
    assertTrue(r.out.contains("hint 1 of 3: Java has an operator for this."), r.out);
    assertTrue(r.out.contains("hint 2 of 3: It is the plus sign."), r.out);
    LabRun again = LabRun.run(lab, "hint adder\nhint adder\n");
    assertTrue(again.out.contains("hint 3 of 3: return a + b;"), again.out);
    assertTrue(again.out.contains("That was the last hint."), again.out);
  }

  @Test
  void theSolutionIsShownOnlyAfterEveryTestPasses() throws Exception {
    LabRun before = LabRun.run(lab, "solution adder\n");
    assertTrue(before.out.contains("error: solve it first: 'check adder' must pass every test (not checked yet)"), before.out);
    ToyLab.solve(lab);
    LabRun after = LabRun.run(lab, "check adder\nsolution adder\n");
    assertTrue(after.out.contains("Reference solution: Adder"), after.out);
    assertTrue(after.out.contains("│     return a + b;"), after.out);
  }

  @Test
  void resetRestoresTheStarterAndKeepsTheStudentsFileAsABackup() throws Exception {
    LabRun.run(lab, ""); // first start: the lab keeps a pristine copy of the starters
    waitFor(lab.resolve(".netlab/starters/01-adder/Adder.java"));
    ToyLab.studentAdd(lab, "    return 42; // my attempt");
    LabRun r = LabRun.run(lab, "reset adder\ncheck adder\n");
    assertTrue(r.out.contains("restored the starter of adder in exercises/01-adder"), r.out);
    assertTrue(r.out.contains("your files are in .netlab/backups/01-adder-"), r.out);
    assertTrue(Files.readString(lab.resolve("exercises/01-adder/Adder.java")).contains("TODO"));
    try (Stream<Path> backups = Files.walk(lab.resolve(".netlab/backups"))) {
      Path kept = backups.filter(p -> p.endsWith("Adder.java")).findFirst().orElseThrow();
      assertTrue(Files.readString(kept).contains("my attempt"));
    }
    assertTrue(r.out.contains("score 0/3"), r.out);
  }

  @Test
  void cliCheckExitCodes() throws Exception {
    LabRun starter = LabRun.run(lab, "", "check", "1");
    assertEquals(1, starter.exitCode, starter.toString());
    assertTrue(starter.out.contains("✗ adds small numbers"), starter.out);
    ToyLab.solve(lab);
    LabRun solved = LabRun.run(lab, "", "check", "adder");
    assertEquals(0, solved.exitCode, solved.toString());
    LabRun json = LabRun.run(lab, "", "check", "adder", "--json");
    assertTrue(json.out.contains("\"passed\" : true") && json.out.contains("\"score\" : 3"), json.out);
    LabRun unknown = LabRun.run(lab, "", "check", "nope");
    assertEquals(2, unknown.exitCode);
    assertEquals("netlab: no exercise 'nope'; 'exercises' lists them\n", unknown.err);
    ToyLab.studentAdd(lab, "    return a + ;");
    LabRun broken = LabRun.run(lab, "", "check", "adder");
    assertEquals(1, broken.exitCode);
    assertTrue(broken.out.contains("error: illegal start of expression"), broken.out);
  }

  @Test
  void cliVerifyProvesTheExercise() {
    LabRun r = LabRun.run(lab, "", "verify", "--runs", "3");
    assertEquals(0, r.exitCode, r.toString());
    assertTrue(r.out.contains("✓ 01-adder  3 tests · 3 pts · solution green 3/3"), r.out);
    assertTrue(r.out.contains("starter fails 3 of 3"), r.out);
  }

  @Test
  void verifyCatchesAStarterWhoseApiDiffersAndPointsThatDoNotAddUp() throws Exception {
    ToyLab.student(lab, "public final class Adder {\n  public static long add(long a, long b) { throw new UnsupportedOperationException(); }\n}\n");
    Files.writeString(lab.resolve("exercises/exercises.toml"),
        Files.readString(lab.resolve("exercises/exercises.toml")).replace("points = 3", "points = 5"));
    LabRun r = LabRun.run(lab, "", "verify", "adder", "--runs", "1");
    assertEquals(1, r.exitCode, r.toString());
    assertTrue(r.out.contains("the tests are worth 3 points but exercises.toml says 5"), r.out);
    assertTrue(r.out.contains("the starter lacks the solution's public static int Adder.add(int,int)"), r.out);
  }

  private static void waitFor(Path p) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!Files.exists(p) && System.nanoTime() < deadline) Thread.sleep(5);
    assertTrue(Files.exists(p), "never appeared: " + p);
  }
}
