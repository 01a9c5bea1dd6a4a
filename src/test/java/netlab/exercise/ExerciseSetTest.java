package netlab.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import netlab.core.LabHome;
import netlab.grade.Grader;
import netlab.grade.Verifier;
import netlab.lesson.LessonCatalog;
import netlab.testing.LabRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The real exercise set: every entry of exercises.toml has a starter, a README, a solution and
 * hidden tests; and `netlab verify` holds for each (10 green runs on the solution, the starter
 * fails, the APIs match, the points add up). This is what keeps every exercise honest in CI.
 */
class ExerciseSetTest {
  static final LabHome HOME = new LabHome(LabRun.repo());
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
  void theCatalogLoadsCleanly() {
    ExerciseCatalog c = ExerciseCatalog.load(HOME);
    assertEquals(List.of(), c.problems());
    assertFalse(c.exercises().isEmpty());
  }

  @Test
  void everyEntryHasStarterReadmeSolutionAndHiddenTestsAndNoTestsLiveInExercises() throws Exception {
    List<String> missing = new ArrayList<>();
    for (Exercise e : ExerciseCatalog.load(HOME).exercises()) {
      for (Path f : e.starterFiles(HOME)) if (!Files.isRegularFile(f)) missing.add(HOME.show(f));
      for (Path f : e.solutionFiles(HOME)) if (!Files.isRegularFile(f)) missing.add(HOME.show(f));
      if (!Files.isRegularFile(e.starterDir(HOME).resolve("README.md"))) missing.add(e.dir() + "/README.md");
      if (!Files.isDirectory(e.hiddenDir(HOME))) missing.add(HOME.show(e.hiddenDir(HOME)));
    }
    assertEquals(List.of(), missing);
    try (Stream<Path> s = Files.walk(HOME.exercises())) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().contains("HiddenTest")), "hidden tests never under exercises/");
    }
  }

  @Test
  void everyLessonThatLinksAnExerciseLinksARealOne() {
    ExerciseCatalog c = ExerciseCatalog.load(HOME);
    for (var l : LessonCatalog.load(HOME.lessons()).lessons()) {
      for (String id : l.exercises()) {
        assertTrue(c.byId(id).isPresent() || Planned.EXERCISES.contains(id),
            l.label() + " links exercise '" + id + "', which is neither in exercises.toml nor planned");
      }
    }
  }

  @Test
  void everyExerciseIsLinkedFromTheLessonThatTeachesIt() {
    LessonCatalog lessons = LessonCatalog.load(HOME.lessons());
    for (Exercise e : ExerciseCatalog.load(HOME).exercises()) {
      var lesson = lessons.bySlug(e.lesson());
      assertTrue(lesson.isPresent(), e.dir() + " names lesson '" + e.lesson() + "', which does not exist");
      assertTrue(lesson.get().exercises().contains(e.id()), "lesson " + lesson.get().label() + " does not link " + e.id());
    }
  }

  @Test
  void theExercisesAreNumberedInOrderFromOneWithoutGaps() {
    // the first edition's 15 and the second edition's appended after them (16, 17, 18, ...)
    List<Exercise> all = ExerciseCatalog.load(HOME).exercises();
    assertTrue(all.size() >= 15, "the course has at least its first edition's 15 exercises: " + all.size());
    for (int i = 0; i < all.size(); i++) {
      assertEquals(i + 1, all.get(i).number(), "exercise " + all.get(i).dir() + " is number " + (i + 1) + " in exercises.toml");
    }
  }

  @TestFactory
  Stream<DynamicTest> verifyHoldsForEveryExercise() {
    LessonCatalog lessons = LessonCatalog.load(HOME.lessons());
    Verifier verifier = new Verifier(HOME, grader, lessons);
    return ExerciseCatalog.load(HOME).exercises().stream().map(e -> DynamicTest.dynamicTest("verify " + e.dir(), () -> {
      Verifier.Report r = verifier.verify(e, 10, null);
      assertTrue(r.ok(), e.dir() + ": " + String.join("\n", r.problems()));
    }));
  }
}
