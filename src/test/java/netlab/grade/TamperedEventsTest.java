package netlab.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import netlab.core.ExitCode;
import netlab.core.Lang;
import netlab.core.Msg;
import netlab.core.NetlabException;
import netlab.exercise.Exercise;
import netlab.grade.protocol.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab's side of the protocol, against real worker processes that lie ({@link RogueWorker}):
 * an early {@code done}, a test run twice, a result for a test not running, two tests at once, a
 * test nobody asked for, events with a guessed nonce. Each is a tamper verdict: the exercise
 * scores 0 and says "results tampered with". The honest control passes in full.
 */
class TamperedEventsTest {
  @TempDir
  Path dir;

  static final Exercise EXERCISE = new Exercise("adder", 1, "Adder", "ip-addresses", List.of("Adder.java"), 3,
      "adds", List.of());
  static final List<Event.TestInfo> TESTS = List.of(
      new Event.TestInfo("[engine:junit-jupiter]/[class:netlab.hidden.T]/[method:one()]", "one", 1, false),
      new Event.TestInfo("[engine:junit-jupiter]/[class:netlab.hidden.T]/[method:two()]", "two", 1, false),
      new Event.TestInfo("[engine:junit-jupiter]/[class:netlab.hidden.T]/[method:three()]", "three", 1, false));

  /** Grades against a worker running {@code rogue} (a nested class of RogueWorker). */
  CheckResult grade(Class<?> rogue) throws NetlabException {
    return grade(rogue, null);
  }

  /** As {@link #grade(Class)}, with the reasons in {@code lang} (null: the session's language). */
  CheckResult grade(Class<?> rogue, Lang lang) throws NetlabException {
    WorkerSpec spec = new WorkerSpec(Path.of(System.getProperty("java.home"), "bin", "java"),
        System.getProperty("java.class.path"), null, 128, Duration.ofSeconds(20), null, rogue.getName(), null);
    // partial: the lab names the tests it wants in the request, which the rogues read
    HiddenTests.Prepared hidden = new HiddenTests.Prepared(dir, TESTS, 0, true);
    GradingRun.Workers workers = new GradingRun.Workers() {
      @Override
      public WorkerProcess acquire() throws NetlabException {
        try {
          return WorkerProcess.start(spec);
        } catch (IOException e) {
          throw new NetlabException(ExitCode.ENVIRONMENT, e.getMessage(), e);
        }
      }

      @Override
      public void release(WorkerProcess w) {
        w.close();
      }
    };
    GradingRun run = new GradingRun(EXERCISE, hidden, Map.of(), Duration.ofSeconds(5), workers, null);
    return (lang == null ? run : run.reasonsIn(lang)).run(System.nanoTime());
  }

  void tampered(Class<?> rogue, String why) throws NetlabException {
    CheckResult r = grade(rogue);
    assertEquals(0, r.score(), rogue.getSimpleName() + " scored");
    assertTrue(r.tampered() != null && r.tampered().startsWith("results tampered with: "), String.valueOf(r.tampered()));
    assertTrue(r.tampered().contains(why), r.tampered());
    for (TestOutcome t : r.tests()) assertTrue(t.reason().startsWith("results tampered with"), t.toString());
  }

  @Test
  void anHonestWorkerPassesInFull() throws Exception {
    CheckResult r = grade(RogueWorker.Honest.class);
    assertNull(r.tampered());
    assertEquals(3, r.score(), r.toString());
  }

  @Test
  void doneBeforeEveryTestHasRunIsTampering() throws Exception {
    tampered(RogueWorker.EarlyDone.class, "said it was done when 1 of 3 tests had run");
  }

  @Test
  void aTestRunTwiceIsTampering() throws Exception {
    tampered(RogueWorker.Twice.class, "test 'one' started twice");
  }

  @Test
  void aResultForATestThatIsNotRunningIsTampering() throws Exception {
    tampered(RogueWorker.NotRunning.class, "a result came for a test that was not running (one)");
  }

  @Test
  void twoTestsAtOnceIsTampering() throws Exception {
    tampered(RogueWorker.Overlapping.class, "test 'two' started while 'one' was still running");
  }

  @Test
  void aTestNobodyAskedForIsTampering() throws Exception {
    tampered(RogueWorker.Unknown.class, "a test that was not asked for started");
  }

  @Test
  void eventsWithAGuessedNonceAreTampering() throws Exception {
    tampered(RogueWorker.WrongNonce.class, "came with a nonce that is not this run's");
  }

  @Test
  void theVerdictIsInTheSessionsLanguageButBatchGradingAsksForEnglish() throws Exception {
    Msg.use(Lang.ZH);
    try {
      // a student's check in Chinese: the verdict and every test's reason
      CheckResult zh = grade(RogueWorker.EarlyDone.class);
      assertEquals("评分结果遭到篡改：工作进程声称已经完成，但 3 个测试中只运行了 1 个", zh.tampered());
      for (TestOutcome t : zh.tests()) assertEquals(zh.tampered(), t.reason(), t.toString());
      // batch grading's reasons go into files that stay English, whatever the terminal speaks
      CheckResult en = grade(RogueWorker.EarlyDone.class, Lang.EN);
      assertEquals("results tampered with: the worker said it was done when 1 of 3 tests had run", en.tampered());
      // the same for the lab's own reason (WorkerProcess) when events come with another run's nonce
      CheckResult nonceZh = grade(RogueWorker.WrongNonce.class);
      assertTrue(nonceZh.tampered().matches("评分结果遭到篡改：一个“\\w+”事件带有不属于本次运行的 nonce"), nonceZh.tampered());
      CheckResult nonceEn = grade(RogueWorker.WrongNonce.class, Lang.EN);
      assertTrue(nonceEn.tampered().matches("results tampered with: a '\\w+' event came with a nonce that is not this run's"),
          nonceEn.tampered());
    } finally {
      Msg.use(Lang.EN); // the language is the process's: leave it as other tests expect it
    }
  }
}
