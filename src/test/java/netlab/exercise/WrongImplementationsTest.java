package netlab.exercise;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import netlab.core.LabHome;
import netlab.grade.CheckResult;
import netlab.grade.Grader;
import netlab.testing.LabRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The mistakes students really make, written down in src/test/resources/wrong/NN-id/NAME/:
 * each must compile and fail at least one hidden test. A hidden test suite that lets one of
 * them through is too weak.
 */
class WrongImplementationsTest {
  static final LabHome HOME = new LabHome(LabRun.repo());
  static final Path WRONG = LabRun.repo().resolve("src/test/resources/wrong");
  static Grader grader;

  @BeforeAll
  static void grader() {
    grader = Grader.forLab(HOME, Grader.Options.defaults());
  }

  @AfterAll
  static void close() {
    grader.close();
  }

  @Test
  void everyExerciseHasAtLeastTwoWrongImplementations() throws IOException {
    List<String> short_ = new ArrayList<>();
    for (Exercise e : ExerciseCatalog.load(HOME).exercises()) {
      Path dir = WRONG.resolve(e.dir());
      long n = 0;
      if (Files.isDirectory(dir)) {
        try (Stream<Path> s = Files.list(dir)) {
          n = s.filter(Files::isDirectory).count();
        }
      }
      if (n < 2) short_.add(e.dir() + " has " + n);
    }
    assertTrue(short_.isEmpty(), "wrong implementations missing: " + short_);
  }

  @TestFactory
  Stream<DynamicTest> eachWrongImplementationFailsAHiddenTest() throws Exception {
    ExerciseCatalog catalog = ExerciseCatalog.load(HOME);
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> exercises = Files.list(WRONG)) {
      for (Path exDir : exercises.sorted().toList()) {
        Exercise ex = catalog.find(exDir.getFileName().toString());
        try (Stream<Path> variants = Files.list(exDir)) {
          for (Path v : variants.filter(Files::isDirectory).sorted().toList()) {
            tests.add(DynamicTest.dynamicTest(ex.dir() + " / " + v.getFileName(), () -> {
              String why = Files.readString(v.resolve(ex.files().get(0))).lines().findFirst().orElse("");
              assertTrue(why.startsWith("// WRONG:"), v + " starts with a // WRONG: line saying what is wrong");
              CheckResult r = grader.check(ex, v, null);
              assertTrue(r.compiled(), v + " should compile: " + r.diagnostics());
              assertFalse(r.passed(), v.getFileName() + " (" + why.substring(9).trim()
                  + ") passed every hidden test of " + ex.id());
            }));
          }
        }
      }
    }
    return tests.stream();
  }
}
