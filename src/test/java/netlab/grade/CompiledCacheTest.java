package netlab.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import netlab.core.LabHome;
import netlab.exercise.Exercise;
import netlab.exercise.ExerciseCatalog;
import netlab.testing.ToyLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A check of unchanged code uses the class files of the last clean compile; any edit is compiled
 * again, a compile error is never kept, and a damaged entry is compiled again.
 */
class CompiledCacheTest {
  @TempDir
  Path dir;

  @Test
  void unchangedCodeIsNotCompiledAgainAndAnEditAlwaysIs() throws Exception {
    Path lab = ToyLab.create(dir.resolve("lab"));
    LabHome home = new LabHome(lab);
    Path cache = home.state().resolve("compiled");
    try (Grader grader = Grader.forLab(home, new Grader.Options(Duration.ofSeconds(5), true))) {
      Exercise adder = ExerciseCatalog.load(home).find("adder");

      ToyLab.solve(lab);
      assertTrue(grader.check(adder).passed(), "the solution passes");
      List<Path> first = entries(cache);
      assertEquals(1, first.size(), "one clean compile, one entry: " + first);

      ToyLab.studentAdd(lab, "return a - b;");
      CheckResult wrong = grader.check(adder);
      assertTrue(wrong.compiled() && !wrong.passed(), "an edit is compiled again: the wrong add fails");
      assertEquals(2, entries(cache).size());

      // the entry is what a check of unchanged code runs: the solution's entry given the wrong
      // classes makes the unchanged solution fail (the student fools only their own check)
      Path wrongEntry = entries(cache).stream().filter(p -> !p.equals(first.get(0))).findFirst().orElseThrow();
      Files.copy(wrongEntry, first.get(0), StandardCopyOption.REPLACE_EXISTING);
      ToyLab.solve(lab);
      assertFalse(grader.check(adder).passed(), "unchanged code: its classes come from the cache");

      // a damaged entry is a miss: compiled again, right again, and the entry written anew
      Files.writeString(first.get(0), "not a zip");
      assertTrue(grader.check(adder).passed(), "a damaged entry is compiled again");
      assertTrue(grader.check(adder).passed(), "and the new entry is good");

      ToyLab.studentAdd(lab, "return a +;");
      CheckResult broken = grader.check(adder);
      assertFalse(broken.compiled(), "a compile error is reported");
      assertEquals(2, entries(cache).size(), "and not kept");
      assertFalse(grader.check(adder).compiled(), "and reported again");
    }
  }

  private static List<Path> entries(Path cache) throws Exception {
    try (Stream<Path> s = Files.list(cache)) {
      return s.filter(p -> p.toString().endsWith(".zip")).sorted().toList();
    }
  }
}
