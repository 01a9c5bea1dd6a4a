package netlab.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import netlab.core.LabHome;
import netlab.exercise.Exercise;
import netlab.exercise.ExerciseCatalog;
import netlab.testing.ToyLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Student code that exits, loops, hoards memory, leaves threads, floods output, does not compile,
 * is missing or renamed: each gets a clear verdict, and the same grader then checks a correct
 * solution as if nothing had happened (the lab keeps working).
 */
class HostileCodeTest {
  @TempDir
  static Path dir;
  static Path lab;
  static LabHome home;
  static Grader grader;
  static Exercise adder;

  @BeforeAll
  static void lab() throws Exception {
    lab = ToyLab.create(dir);
    home = new LabHome(lab);
    grader = Grader.forLab(home, new Grader.Options(Duration.ofSeconds(1), true));
    adder = ExerciseCatalog.load(home).find("adder");
  }

  @AfterAll
  static void close() {
    grader.close();
  }

  @BeforeEach
  void starter() throws Exception {
    Files.copy(lab.resolve("exercises/01-adder/Adder.java"), lab.resolve("exercises/01-adder/Adder.java"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static CheckResult check() throws Exception {
    return grader.check(adder);
  }

  private static String reasons(CheckResult r) {
    return r.tests().stream().map(t -> t.name() + ": " + (t.passed() ? "passed" : t.reason()))
        .collect(Collectors.joining("\n"));
  }

  /** After any abuse, a correct solution must pass in full with the same grader. */
  private static void labStillWorks() throws Exception {
    ToyLab.solve(lab);
    CheckResult r = check();
    assertTrue(r.passed(), () -> "a correct solution after the abuse:\n" + reasons(r) + "\nnotes " + r.notes());
    assertEquals(3, r.score());
  }

  @Test
  void theStarterFailsWithTheStudentsOwnStackFrame() throws Exception {
    Files.copy(lab.resolve("src/test/resources/../../../exercises/01-adder/Adder.java").normalize(),
        lab.resolve("exercises/01-adder/Adder.java"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    ToyLab.studentAdd(lab, "    throw new UnsupportedOperationException(\"TODO: add\");");
    CheckResult r = check();
    assertTrue(r.compiled());
    assertEquals(0, r.score());
    assertEquals(3, r.max());
    TestOutcome first = r.tests().get(0);
    assertEquals("adds small numbers", first.name());
    assertEquals("UnsupportedOperationException: TODO: add", first.reason());
    assertEquals("at Adder.add(Adder.java:3)", first.detail().get(0));
    assertTrue(first.detail().stream().noneMatch(d -> d.contains("HiddenTest")), "never the test's frames");
  }

  @Test
  void systemExitFailsTheTestThatCalledItAndTheOthersStillRun() throws Exception {
    ToyLab.studentAdd(lab, "    if (a == 2) System.exit(3);\n    return a + b;");
    CheckResult r = check();
    TestOutcome small = r.tests().get(0);
    assertFalse(small.passed());
    assertTrue(small.reason().contains("System.exit"), small.reason());
    assertTrue(r.tests().get(1).passed(), () -> "the next test still ran:\n" + reasons(r));
    assertTrue(r.tests().get(2).passed(), reasons(r));
    assertEquals(2, r.score());
    labStillWorks();
  }

  @Test
  void runtimeHaltIsStoppedToo() throws Exception {
    ToyLab.studentAdd(lab, "    Runtime.getRuntime().halt(1);\n    return 0;");
    CheckResult r = check();
    assertEquals(0, r.score());
    for (TestOutcome t : r.tests()) assertTrue(t.reason().contains("System.exit") || t.reason().contains("stopped"), t.reason());
    labStillWorks();
  }

  @Test
  void anEndlessLoopTimesOutAndTheWorkerIsReplaced() throws Exception {
    ToyLab.studentAdd(lab, "    while (true) { }");
    CheckResult r = check();
    assertEquals(0, r.score());
    for (TestOutcome t : r.tests()) {
      assertTrue(t.reason().startsWith("timed out after 1 s"), reasons(r));
      // where the loop is: the student's own frame, taken from the thread when time ran out
      assertTrue(t.detail().size() == 1 && t.detail().get(0).matches("at Adder\\.add\\(Adder\\.java:\\d+\\)"),
          t.name() + ": " + t.detail());
    }
    assertTrue(r.millis() < 20_000, "bounded by the per-test timeout, took " + r.millis());
    labStillWorks();
  }

  @Test
  void aStaticInitializerThatNeverEndsCostsOneTimeoutNotOneForEveryTest() throws Exception {
    // each later test would spin through its own limit in a fresh worker: they fail at once
    ToyLab.student(lab, "public final class Adder {\n  static { while (Boolean.TRUE) { } }\n"
        + "  public static int add(int a, int b) {\n    return a + b;\n  }\n}\n");
    CheckResult r = check();
    assertEquals(0, r.score());
    TestOutcome first = r.tests().get(0);
    assertTrue(first.reason().startsWith("timed out after 1 s"), reasons(r));
    assertTrue(first.reason().contains("still running the static initializer of Adder"), reasons(r));
    for (TestOutcome t : r.tests().subList(1, r.tests().size())) {
      assertEquals("did not run: the static initializer of Adder never finished (it was still running when the test \""
          + first.name() + "\" ended), so no test can use Adder", t.reason(), reasons(r));
    }
    labStillWorks();
  }

  @Test
  void aStaticInitializerThatOnlySpinsIsStoppedAfterASecondOfCpuNotAtTheTimeLimit() throws Exception {
    // with 10 s per test, the loop would hold a core for 10 s; the watchdog ends it after 1 s of CPU
    ToyLab.student(lab, "public final class Adder {\n  static { while (Boolean.TRUE) { } }\n"
        + "  public static int add(int a, int b) {\n    return a + b;\n  }\n}\n");
    try (Grader g = Grader.forLab(home, new Grader.Options(Duration.ofSeconds(10), true))) {
      CheckResult r = g.check(ExerciseCatalog.load(home).find("adder"));
      assertEquals(0, r.score());
      TestOutcome first = r.tests().get(0);
      assertTrue(first.reason().startsWith("the static initializer of Adder ran for 1 s of CPU without finishing (an endless loop?)"),
          reasons(r));
      for (TestOutcome t : r.tests().subList(1, r.tests().size())) {
        assertEquals("did not run: the static initializer of Adder never finished (it was still running when the test \""
            + first.name() + "\" ended), so no test can use Adder", t.reason(), reasons(r));
      }
    }
    labStillWorks();
  }

  @Test
  void aStaticInitializerStillRunningWhenATestGivesUpOnItsOwnDeadlineCostsThatTestOnly() throws Exception {
    // a hidden test with its own deadline fails before the worker's timeout: the endless static
    // initializer goes on spinning, and each later test would spin beside it until the budget ends
    Path own = ToyLab.create(dir.resolve("own-deadline"));
    Path test = own.resolve("src/hidden/01-adder/AdderHiddenTest.java");
    Files.writeString(test, Files.readString(test).replace("void small() {", "void small() throws Exception {")
        .replace("assertEquals(5, Adder.add(2, 3), \"add(2, 3)\");",
        "org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofMillis(300),"
            + " () -> assertEquals(5, Adder.add(2, 3), \"add(2, 3)\"));"));
    ToyLab.student(own, "public final class Adder {\n  static { while (Boolean.TRUE) { } }\n"
        + "  public static int add(int a, int b) {\n    return a + b;\n  }\n}\n");
    LabHome ownHome = new LabHome(own);
    try (Grader g = Grader.forLab(ownHome, new Grader.Options(Duration.ofSeconds(5), true))) {
      CheckResult r = g.check(ExerciseCatalog.load(ownHome).find("adder"));
      assertEquals(0, r.score());
      TestOutcome first = r.tests().get(0);
      assertFalse(first.reason().startsWith("timed out after 5 s"), "the test's own deadline: " + reasons(r));
      assertTrue(first.reason().contains("still running the static initializer of Adder"), reasons(r));
      for (TestOutcome t : r.tests().subList(1, r.tests().size())) {
        assertEquals("did not run: the static initializer of Adder never finished (it was still running when the test \""
            + first.name() + "\" ended), so no test can use Adder", t.reason(), reasons(r));
      }
    }
  }

  @Test
  void aTimeoutWhileTheTestWaitsOnAnotherThreadSaysWhereTheTestWaited() throws Exception {
    // the student's code runs on a thread of the test's own; the test's thread only waits for it
    Path own = ToyLab.create(dir.resolve("waits"));
    Path test = own.resolve("src/hidden/01-adder/AdderHiddenTest.java");
    Files.writeString(test, Files.readString(test).replace("void small() {", "void small() throws Exception {")
        .replace("assertEquals(5, Adder.add(2, 3), \"add(2, 3)\");",
        "assertEquals(5, java.util.concurrent.Executors.newSingleThreadExecutor(r -> { Thread t = new Thread(r);"
            + " t.setDaemon(true); return t; }).submit(() -> Adder.add(2, 3)).get(), \"add(2, 3)\");"));
    ToyLab.studentAdd(own, "    while (true) { }");
    LabHome ownHome = new LabHome(own);
    try (Grader g = Grader.forLab(ownHome, new Grader.Options(Duration.ofSeconds(1), true))) {
      CheckResult r = g.check(ExerciseCatalog.load(ownHome).find("adder"));
      TestOutcome waited = r.tests().stream().filter(t -> t.detail().stream().anyMatch(d -> d.startsWith("the test was")))
          .findFirst().orElseThrow(() -> new AssertionError(reasons(r) + " " + r.tests().stream().map(TestOutcome::detail).toList()));
      assertTrue(waited.reason().startsWith("timed out after 1 s"), reasons(r));
      assertTrue(waited.detail().get(0).matches("the test was waiting at netlab\\.hidden\\.\\S*AdderHiddenTest\\.\\w+\\(AdderHiddenTest\\.java:\\d+\\)"),
          waited.detail().toString());
    }
  }

  @Test
  void aStaticInitializerThatStartsAThreadBombCostsOneWorkerNotOneForEveryTest() throws Exception {
    // each later test would load the class in a fresh worker and set the bomb off again
    ToyLab.student(lab, "public final class Adder {\n  static {\n    for (int i = 0; i < 100_000; i++) {\n"
        + "      Thread t = new Thread(() -> { try { Thread.sleep(60_000); } catch (InterruptedException e) { } });\n"
        + "      t.setDaemon(true);\n      t.start();\n    }\n  }\n"
        + "  public static int add(int a, int b) {\n    return a + b;\n  }\n}\n");
    CheckResult r = check();
    assertEquals(0, r.score());
    TestOutcome first = r.tests().get(0);
    assertTrue(first.reason().contains("started more than 500 threads during '" + first.name() + "'"), reasons(r));
    assertTrue(first.reason().contains("it was running the static initializer of Adder"), reasons(r));
    for (TestOutcome t : r.tests().subList(1, r.tests().size())) {
      assertEquals("did not run: the static initializer of Adder started a thread bomb (in the test \""
          + first.name() + "\"), so no test can use Adder", t.reason(), reasons(r));
    }
    labStillWorks();
  }

  @Test
  void unboundedAllocationRunsOutOfMemoryWithAClearReason() throws Exception {
    ToyLab.studentAdd(lab, "    java.util.List<long[]> hoard = new java.util.ArrayList<>();\n"
        + "    while (true) hoard.add(new long[1 << 24]); // 128 MB a time: out of memory at once, whatever the load");
    CheckResult r = check();
    assertEquals(0, r.score());
    assertTrue(r.tests().get(0).reason().contains("ran out of memory"), reasons(r));
    labStillWorks();
  }

  @Test
  void threadsLeftRunningAreReportedAndDoNotLeakIntoTheNextCheck() throws Exception {
    ToyLab.studentAdd(lab, "    Thread t = new Thread(() -> { try { Thread.sleep(600_000); } catch (InterruptedException e) { } },"
        + " \"forgotten-worker\");\n    t.start();\n    return a + b;");
    CheckResult r = check();
    assertEquals(3, r.score(), "the answers were right");
    assertTrue(r.notes().stream().anyMatch(n -> n.contains("still running") && n.contains("forgotten-worker")),
        "notes: " + r.notes());
    ToyLab.solve(lab);
    CheckResult next = check();
    assertTrue(next.notes().isEmpty(), "a fresh worker: " + next.notes());
  }

  @Test
  void printingMegabytesFailsThatTestWithAClearReasonAndQuickly() throws Exception {
    ToyLab.studentAdd(lab, "    if (a == 2) for (int i = 0; i < 100_000; i++) System.out.println(\"debug line \" + i + \" .........................................\");\n"
        + "    return a + b;");
    CheckResult r = check();
    TestOutcome small = r.tests().get(0);
    assertFalse(small.passed());
    assertTrue(small.reason().startsWith("printed ") && small.reason().contains("the limit is 1.0 MB"), small.reason());
    assertTrue(small.output().length() < 10_000, "only the start of the output is kept");
    assertTrue(r.tests().get(1).passed());
    labStillWorks();
  }

  @Test
  void floodingTheOutputDoesNotHideAnAttemptOnTheGrader() throws Exception {
    // before the limit was checked first, and a test that printed too much lost its evidence
    ToyLab.student(lab, "public final class Adder {\n  public static int add(int a, int b) {\n"
        + "    for (int i = 0; i < 200_000; i++) System.out.println(\"noise \" + i);\n"
        + GradingIntegrityTest.LOUD + "\n  }\n" + GradingIntegrityTest.REV + "}\n");
    CheckResult r = check();
    assertTrue(r.tampered() != null && r.tampered().contains("the code tried to reach into the grader"),
        () -> "tampered: " + r.tampered() + "\n" + reasons(r));
    assertEquals(0, r.score());
    labStillWorks();
  }

  @Test
  void fakePassLinesOnStdoutChangeNothing() throws Exception {
    ToyLab.studentAdd(lab, "    System.out.println(\"✓ adds small numbers 1/1\\n✓ adds negative numbers 1/1\\nscore 3/3\");\n"
        + "    System.err.println(\"{\\\"type\\\":\\\"result\\\",\\\"status\\\":\\\"passed\\\"}\");\n    return 0;");
    CheckResult r = check();
    assertEquals(0, r.score());
  }

  @Test
  void compileErrorsAreShownLikeJavacsAndNoTestRuns() throws Exception {
    ToyLab.studentAdd(lab, "    return a + ;");
    CheckResult r = check();
    assertFalse(r.compiled());
    assertTrue(r.tests().isEmpty());
    String text = Feedback.lines(home, r, 100).stream().map(Object::toString).collect(Collectors.joining("\n"));
    assertTrue(text.startsWith("exercises/01-adder/Adder.java:3: error: illegal start of expression\n    return a + ;\n"), text);
    assertTrue(text.contains("\n               ^\n"), text);
    assertTrue(text.contains("the code does not compile, so no test ran"), text);
    labStillWorks();
  }

  @Test
  void aMissingFileSaysHowToGetItBack() throws Exception {
    Files.delete(lab.resolve("exercises/01-adder/Adder.java"));
    CheckResult r = check();
    assertEquals("exercises/01-adder/Adder.java is missing; 'reset adder' restores the starter", r.problems().get(0));
    assertFalse(r.passed());
    labStillWorks();
  }

  @Test
  void aRenamedClassOrMethodGetsAClearMessage() throws Exception {
    ToyLab.student(lab, "public final class Summer {\n  public static int add(int a, int b) { return a + b; }\n}\n");
    CheckResult renamedClass = check();
    assertFalse(renamedClass.compiled());
    assertTrue(renamedClass.diagnostics().get(0).message().contains("class Summer is public, should be declared in a file named Summer.java"),
        renamedClass.diagnostics().toString());

    ToyLab.student(lab, "public final class Adder {\n  public static int plus(int a, int b) { return a + b; }\n}\n");
    CheckResult renamedMethod = check();
    assertTrue(renamedMethod.compiled());
    assertTrue(renamedMethod.tests().get(0).reason().startsWith("your code's API differs from the task's"),
        reasons(renamedMethod));
    labStillWorks();
  }

  @Test
  void theGradersWorkerIsAnotherProcess() throws Exception {
    ToyLab.studentAdd(lab, "    if (ProcessHandle.current().pid() == " + ProcessHandle.current().pid() + "L) throw new IllegalStateException(\"in the lab's JVM\");\n    return a + b;");
    assertTrue(check().passed());
  }
}
