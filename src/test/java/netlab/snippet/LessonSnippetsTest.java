package netlab.snippet;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import netlab.core.Jdk;
import netlab.lesson.Lesson;
import netlab.lesson.LessonCatalog;
import netlab.lesson.Snippet;
import netlab.testing.Jdks;
import netlab.testing.LabRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every runnable snippet of every lesson runs, in order, in one JShell per lesson, without a
 * compile error or an exception; every expect-error snippet fails. So the lessons cannot rot.
 *
 * <p>Twice: on the lab's own Java (17 here), where {@code min=21} snippets are skipped as the lab
 * skips them, and on a Java 21 or newer found on the machine ({@code NETLAB_TEST_JAVA}, else
 * Temurin 25, else the newest JDK in /usr/lib/jvm), where every snippet runs. Without such a JDK
 * the second pass is skipped with a message, except on CI ({@code CI=true}), where it fails:
 * CI must prove the lessons on both.
 */
class LessonSnippetsTest {
  /** The newest snippets need this Java; the second pass runs on at least it. */
  static final int NEWER = 21;

  private static final List<SnippetEngine> engines = new ArrayList<>();

  @AfterAll
  static void stop() {
    engines.forEach(SnippetEngine::close);
  }

  @TestFactory
  Stream<DynamicNode> everyRunnableSnippetOfEveryLessonRuns() {
    List<DynamicNode> passes = new ArrayList<>();
    // the older side: the lab's own Java, or (tests run on 21+) a 17 found on the machine
    Jdk older = Jdk.lab().feature() < NEWER ? Jdk.lab() : Jdks.below(NEWER).orElse(null);
    if (older != null) passes.add(pass("Java " + older.feature() + (older.isLab() ? " (the lab's)" : " (" + older.home() + ")"), older));
    if (Jdk.lab().feature() >= NEWER) passes.add(pass("Java " + Jdk.lab().feature() + " (the lab's)", Jdk.lab()));
    Optional<Jdk> newer = Jdks.atLeast(NEWER);
    if (newer.isPresent() && !newer.get().isLab()) {
      passes.add(pass("Java " + newer.get().feature() + " (" + newer.get().home() + ")", newer.get()));
    } else if (newer.isEmpty()) {
      passes.add(DynamicTest.dynamicTest("Java " + NEWER + "+", () -> {
        String why = "no JDK " + NEWER + " or newer on this machine (looked at " + Jdks.OVERRIDE
            + ", /usr/lib/jvm, /Library/Java/JavaVirtualMachines): the lessons' min=" + NEWER + " snippets were not run";
        if (Jdks.onCi()) fail(why + "; CI must run every snippet on 17 and on 21+");
        Assumptions.abort(why);
      }));
    }
    return passes.stream();
  }

  /** One pass over every lesson, on one engine JDK; the engine starts when the pass does. */
  private static DynamicContainer pass(String name, Jdk jdk) {
    SnippetEngine[] engine = new SnippetEngine[1];
    long[] started = new long[1];
    List<Lesson> lessons = LessonCatalog.load(LabRun.repo().resolve("lessons")).lessons();
    List<DynamicNode> tests = new ArrayList<>();
    for (int i = 0; i < lessons.size(); i++) {
      Lesson l = lessons.get(i);
      boolean last = i == lessons.size() - 1;
      tests.add(DynamicTest.dynamicTest("lesson " + l.label(), () -> {
        if (engine[0] == null) {
          started[0] = System.nanoTime();
          engine[0] = SnippetEngine.on(jdk, null, Duration.ofSeconds(20), false);
          synchronized (engines) {
            engines.add(engine[0]);
          }
          engine[0].prewarm();
        }
        try {
          runLesson(l, engine[0]);
        } finally {
          if (last) {
            // how long a pass takes is worth knowing: the whole test is minutes long
            System.out.printf("LessonSnippetsTest: %s pass took %.1f s%n", name, (System.nanoTime() - started[0]) / 1e9);
            engine[0].close(); // one engine JVM at a time
          }
        }
      }));
    }
    return DynamicContainer.dynamicContainer("on " + name, tests);
  }

  private static void runLesson(Lesson l, SnippetEngine engine) throws Exception {
    engine.reset();
    int feature = engine.jdk().feature();
    for (Snippet s : LessonRunner.snippets(l)) {
      if (!s.runnable() || !s.runsOn(feature)) continue;
      SnippetEngineTest.Seen seen = new SnippetEngineTest.Seen();
      SnippetEngine.Outcome o = engine.eval(s.code(), seen);
      String where = "lesson " + l.id() + " snippet " + s.number() + " on Java " + feature;
      if (s.expectsError()) {
        assertFalse(o.ok(), where + " is marked expect-error but ran cleanly:\n" + seen.out);
      } else {
        assertTrue(o.ok(), where + " failed" + (o.stopped() == null ? "" : " (" + o.stopped() + ")") + ":\n"
            + seen.messages() + seen.notes + "\noutput:\n" + seen.out);
      }
    }
  }
}
