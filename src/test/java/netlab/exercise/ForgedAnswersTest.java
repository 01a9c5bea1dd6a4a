package netlab.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import org.junit.jupiter.api.TestFactory;

/**
 * Programs that answer the hidden tests without doing the work, in src/test/resources/forged/NN-id/NAME/:
 * a record whose equals always says true, accessors that answer the same for every object, a
 * decoder that hands back the last object the test built, a socket factory that answers the
 * tests' own sockets. Each file's second line says what must happen: {@code // MUST FAIL: a; b}
 * (the tests whose display names start so must fail: the forgery is aimed at them) or
 * {@code // MUST BE: tampered} (the exercise scores 0 with a tamper verdict).
 */
class ForgedAnswersTest {
  static final LabHome HOME = new LabHome(LabRun.repo());
  static final Path FORGED = LabRun.repo().resolve("src/test/resources/forged");
  static Grader grader;

  @BeforeAll
  static void grader() {
    grader = Grader.forLab(HOME, Grader.Options.defaults());
  }

  @AfterAll
  static void close() {
    grader.close();
  }

  @TestFactory
  Stream<DynamicTest> noForgeryEarnsThePointsItAimsAt() throws Exception {
    ExerciseCatalog catalog = ExerciseCatalog.load(HOME);
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> exercises = Files.list(FORGED)) {
      for (Path exDir : exercises.sorted().toList()) {
        Exercise ex = catalog.find(exDir.getFileName().toString());
        try (Stream<Path> variants = Files.list(exDir)) {
          for (Path v : variants.filter(Files::isDirectory).sorted().toList()) {
            tests.add(DynamicTest.dynamicTest(ex.dir() + " / " + v.getFileName(), () -> check(ex, v)));
          }
        }
      }
    }
    assertTrue(tests.size() >= 6, "the forgeries are in " + FORGED);
    return tests.stream();
  }

  private static void check(Exercise ex, Path v) throws Exception {
    List<String> head = Files.readString(v.resolve(ex.files().get(0))).lines().limit(2).toList();
    assertTrue(head.size() == 2 && head.get(0).startsWith("// FORGED:"), v + " starts with a // FORGED: line");
    String must = head.get(1);
    CheckResult r = grader.check(ex, v, null);
    assertTrue(r.compiled(), v + " should compile: " + r.diagnostics());
    String all = r.tests().stream().map(t -> (t.passed() ? "✓ " : "✗ ") + t.name() + (t.passed() ? "" : ": " + t.reason()))
        .collect(Collectors.joining("\n"));
    if (must.equals("// MUST BE: tampered")) {
      assertNotNull(r.tampered(), v.getFileName() + " was not caught:\n" + all);
      assertEquals(0, r.score(), all);
      return;
    }
    assertTrue(must.startsWith("// MUST FAIL: "), v + ": the second line says // MUST FAIL: or // MUST BE: tampered");
    for (String prefix : must.substring("// MUST FAIL: ".length()).split(";")) {
      List<TestOutcome> aimed = r.tests().stream().filter(t -> t.name().startsWith(prefix.strip())).toList();
      assertEquals(1, aimed.size(), "one test of " + ex.id() + " starts with '" + prefix.strip() + "':\n" + all);
      assertTrue(!aimed.get(0).passed(), v.getFileName() + " (" + head.get(0).substring(10).strip()
          + ") passed '" + aimed.get(0).name() + "'");
    }
  }
}
