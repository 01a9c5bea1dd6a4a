package netlab.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import netlab.core.LabHome;
import netlab.grade.CheckResult;
import netlab.grade.Grader;
import netlab.grade.TestOutcome;
import netlab.testing.LabRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Correct implementations written differently from the reference, in
 * src/test/resources/alternative/NN-id/ (issue 13): each must compile and pass every hidden
 * test, instructor-only ones included. A hidden test that fails one of them checks the
 * reference's choices, not the README's contract, and would fail a correct student.
 */
class AlternativeImplementationsTest {
  static final LabHome HOME = new LabHome(LabRun.repo());
  static final Path ALTERNATIVE = LabRun.repo().resolve("src/test/resources/alternative");
  static Grader grader;

  @BeforeAll
  static void grader() {
    grader = Grader.forLab(HOME, Grader.Options.defaults());
  }

  @AfterAll
  static void close() {
    grader.close();
  }

  /** Separate from the grading below, so progress shows while exercises are still without one. */
  @Test
  void everyExerciseHasAnAlternativeImplementation() {
    List<String> without = new ArrayList<>();
    for (Exercise e : ExerciseCatalog.load(HOME).exercises()) {
      Path dir = ALTERNATIVE.resolve(e.dir());
      if (!e.files().stream().allMatch(f -> Files.isRegularFile(dir.resolve(f)))) without.add(e.dir());
    }
    assertEquals(List.of(), without, "exercises with no alternative implementation (all its files) in " + ALTERNATIVE);
  }

  @TestFactory
  Stream<DynamicTest> eachAlternativeScoresFullMarks() throws Exception {
    ExerciseCatalog catalog = ExerciseCatalog.load(HOME);
    List<DynamicTest> tests = new ArrayList<>();
    if (!Files.isDirectory(ALTERNATIVE)) return Stream.empty();
    try (Stream<Path> dirs = Files.list(ALTERNATIVE)) {
      for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
        Exercise ex = catalog.find(dir.getFileName().toString());
        tests.add(DynamicTest.dynamicTest(ex.dir(), () -> {
          String why = Files.readString(dir.resolve(ex.files().get(0))).lines().findFirst().orElse("");
          assertTrue(why.startsWith("// ALTERNATIVE:"), dir + "/" + ex.files().get(0)
              + " starts with a // ALTERNATIVE: line saying how it differs from the reference");
          CheckResult r = grader.check(ex, dir, null, true);
          assertTrue(r.compiled(), dir + " should compile: " + r.diagnostics());
          String failures = r.tests().stream().filter(t -> !t.passed())
              .map(AlternativeImplementationsTest::describe).collect(Collectors.joining("\n"));
          assertTrue(r.passed() && r.problems().isEmpty(), ex.dir() + " alternative (" + why.substring(15).trim()
              + ") scored " + r.score() + "/" + r.max() + "; a correct implementation must get full marks."
              + (r.problems().isEmpty() ? "" : "\n  problems: " + r.problems())
              + (failures.isEmpty() ? "" : "\n" + failures));
        }));
      }
    }
    return tests.stream();
  }

  private static String describe(TestOutcome t) {
    String detail = t.detail() == null || t.detail().isEmpty() ? "" : "\n      " + String.join("\n      ", t.detail());
    return "  ✗ " + t.name() + ": " + t.reason() + detail;
  }
}
