package netlab.snippet;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.stream.Stream;
import netlab.grade.WorkerSpec;
import netlab.lesson.Lesson;
import netlab.lesson.LessonCatalog;
import netlab.lesson.Snippet;
import netlab.testing.LabRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every runnable snippet of every lesson runs, in order, in one JShell per lesson, without a
 * compile error or an exception; every expect-error snippet fails. So the lessons cannot rot.
 */
class LessonSnippetsTest {
  static SnippetEngine engine;

  @BeforeAll
  static void start() {
    engine = new SnippetEngine(WorkerSpec.forThisJvm(null, "netlab.snippet.SnippetWorkerMain", "snippets"),
        Duration.ofSeconds(20), false);
    engine.prewarm();
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  @TestFactory
  Stream<DynamicTest> everyRunnableSnippetOfEveryLessonRuns() {
    return LessonCatalog.load(LabRun.repo().resolve("lessons")).lessons().stream()
        .map(l -> DynamicTest.dynamicTest("lesson " + l.label(), () -> runLesson(l)));
  }

  private static void runLesson(Lesson l) throws Exception {
    engine.reset();
    for (Snippet s : LessonRunner.snippets(l)) {
      if (!s.runnable()) continue;
      SnippetEngineTest.Seen seen = new SnippetEngineTest.Seen();
      SnippetEngine.Outcome o = engine.eval(s.code(), seen);
      String where = "lesson " + l.id() + " snippet " + s.number();
      if (s.expectsError()) {
        assertFalse(o.ok(), where + " is marked expect-error but ran cleanly:\n" + seen.out);
      } else {
        assertTrue(o.ok(), where + " failed" + (o.stopped() == null ? "" : " (" + o.stopped() + ")") + ":\n"
            + seen.messages() + seen.notes + "\noutput:\n" + seen.out);
      }
    }
  }
}
