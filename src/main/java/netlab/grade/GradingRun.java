package netlab.grade;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import netlab.core.Lang;
import netlab.core.Msg;
import netlab.core.NetlabException;
import netlab.exercise.Exercise;
import netlab.grade.isolation.Screen;
import netlab.grade.protocol.Event;
import netlab.grade.protocol.Request;

/**
 * One exercise's hidden tests run against one student's code, turned into a {@link CheckResult}.
 *
 * <p>What a worker says is checked as it arrives. Results count only when they come over the
 * worker's channel with the request's nonce, and in the only order a real run produces: for each
 * test the lab asked for, a {@code started}, then its {@code result}, one test at a time, and
 * {@code done} only once every test has its result. Anything else — a result for a test that is
 * not running, a test started twice or while another runs, an early {@code done}, test events
 * with a foreign nonce — is a tamper verdict: the exercise scores 0 and the feedback says
 * "results tampered with". So does a student's class that names the grader's internals
 * ({@link Screen}), and a failure that shows the code tried to reach into the grader.
 *
 * <p>A test without a result failed, with the reason the worker's end gives. A test that ends the
 * worker (System.exit where it cannot be blocked, a crash) or the run (memory ran out, a test
 * timed out) costs only itself: the tests not reached yet get another chance in a fresh worker.
 * Used by the REPL's check (a warm worker) and by batch grading (a sandboxed worker per student).
 */
public final class GradingRun {
  /** Where workers come from: a warm one for the REPL, the student's own in batch. */
  public interface Workers {
    WorkerProcess acquire() throws NetlabException;

    /** Takes the worker back; replaces it if it is tainted. */
    void release(WorkerProcess w);
  }

  private final Exercise ex;
  private final HiddenTests.Prepared hidden;
  private final Map<String, byte[]> student;
  private final Duration testTimeout;
  private final Workers workers;
  private final Consumer<TestOutcome> progress;
  private Duration budget;
  private long started;
  private final Map<String, TestOutcome> results = new HashMap<>();
  private final Map<String, String> blamed = new HashMap<>();
  private final List<String> notes = new ArrayList<>();
  private List<Event.Diagnostic> diagnostics = List.of();
  private boolean compiled = true;
  private WorkerProcess.Ending ending;
  private String why;
  private String tampered;
  // the conversation now: the tests asked for, the one running, those finished
  private Set<String> planned = Set.of();
  private final Set<String> startedNow = new HashSet<>();
  private final Set<String> finishedNow = new HashSet<>();
  private String running;
  /** A student class whose static initializer a timed-out test left running, and that test. */
  private String stuckInit;
  private String stuckInitTest;
  /** What the stuck static initializer did: never finished (a timeout) or started a thread bomb. */
  private String stuckInitKey;
  /**
   * The language of the reasons and notes this run writes: the session's, for a check the student
   * reads on the terminal; batch grading asks for English ({@link #reasonsIn}), since its reasons
   * go into files (results.json, junit.xml, feedback.md, the gradebook) whose readers (Gradescope,
   * CI, an LMS import) expect the same text whatever language the instructor's terminal speaks.
   */
  private Lang lang = Msg.lang();

  /** {@code student}: the student's class files, compiled by the lab. */
  public GradingRun(Exercise ex, HiddenTests.Prepared hidden, Map<String, byte[]> student, Duration testTimeout,
      Workers workers, Consumer<TestOutcome> progress) {
    this.ex = ex;
    this.hidden = hidden;
    this.student = student;
    this.testTimeout = testTimeout;
    this.workers = workers;
    this.progress = progress;
  }

  /**
   * Caps the wall clock of the whole exercise (batch grading): a submission whose tests all
   * hang costs this much, not every test's own limit in turn.
   */
  public GradingRun budget(Duration budget) {
    this.budget = budget;
    return this;
  }

  /** Writes the run's reasons and notes in {@code l} rather than the session's language. */
  public GradingRun reasonsIn(Lang l) {
    this.lang = l;
    return this;
  }

  /** The message {@code key} in this run's language. */
  private String text(String key, Object... args) {
    return Msg.format(lang, key, args);
  }

  public CheckResult run(long start) throws NetlabException {
    started = start;
    String forbidden = Screen.scan(student, lang);
    if (forbidden != null) {
      tamper(forbidden);
      return result(Grader.millisSince(start));
    }
    Map<String, byte[]> hiddenClasses;
    try {
      hiddenClasses = hidden.classFiles();
    } catch (java.io.IOException e) {
      throw new NetlabException(netlab.core.ExitCode.ENVIRONMENT,
          text("grader.cannotReadHidden", ex.id(), e.getMessage()), e);
    }
    execute(null, hiddenClasses);
    for (int round = 0; round < hidden.tests().size() && compiled && tampered == null
        && !Thread.currentThread().isInterrupted() && ending != WorkerProcess.Ending.TIMED_OUT && !allAccountedFor()
        && !overBudget(start); round++) {
      Set<String> rest = new LinkedHashSet<>();
      for (Event.TestInfo t : hidden.tests()) {
        if (!results.containsKey(t.id()) && !blamed.containsKey(t.id())) rest.add(t.id());
      }
      if (rest.isEmpty()) break;
      if (stuckInit != null) {
        // its static initializer never ends: every later test would spin through its own limit
        for (String id : rest) blamed.put(id, text(stuckInitKey, stuckInit, name(stuckInitTest)));
        break;
      }
      int before = results.size() + blamed.size();
      execute(rest, hiddenClasses);
      if (results.size() + blamed.size() == before && ending == WorkerProcess.Ending.DONE) break;
    }
    if (compiled && tampered == null && !allAccountedFor() && overBudget(start)) {
      why = text("grader.budget", budget.toSeconds());
    }
    return result(Grader.millisSince(start));
  }

  private boolean overBudget(long start) {
    return budget != null && Grader.millisSince(start) >= budget.toMillis();
  }

  private void execute(Set<String> only, Map<String, byte[]> hiddenClasses) throws NetlabException {
    Request r = Request.of("run", null);
    r.exercise = ex.id();
    r.student = student;
    r.hidden = hiddenClasses;
    r.testTimeoutMs = testTimeout.toMillis();
    if (only == null && hidden.partial()) only = ids(hidden.tests()); // leave the other tests out
    r.only = only == null ? null : List.copyOf(only);
    planned = only == null ? ids(hidden.tests()) : only;
    startedNow.clear();
    finishedNow.clear();
    running = null;
    int count = planned.size();
    // the wall clock for the whole run, enforced from outside: every test may use its own limit
    Duration wall = Duration.ofSeconds(Math.min(180, 15 + count * (testTimeout.toSeconds() + 1)));
    if (budget != null) {
      Duration left = budget.minusMillis(Grader.millisSince(started));
      if (left.compareTo(wall) < 0) wall = left.isNegative() ? Duration.ofMillis(1) : left;
    }
    WorkerProcess w = workers.acquire();
    worker = w;
    netlab.core.StartupTrace.mark("check: worker ready");
    WorkerProcess.Answer a;
    try {
      a = w.call(r, wall, this::onEvent, lang);
      netlab.core.StartupTrace.mark("check: worker answered");
      for (String f : a.foreign()) tamper(f);
      if (tampered != null) w.kill(); // whatever spoke on its channel is not to be trusted again
    } finally {
      workers.release(w);
    }
    ending = a.ending();
    // the call was made in the run's language, so its reason is too (an exit keeps the worker's words)
    why = a.why();
    for (Event e : a.events()) {
      if ("taint".equals(e.type) && e.message != null && !notes.contains(e.message)) notes.add(e.message);
      if ("error".equals(e.type)) notes.add(text("grader.workerError", e.message));
    }
    // the test that was running when the worker stopped is the one that stopped it
    if (a.ending() != WorkerProcess.Ending.DONE) blame(running != null ? running
        : a.ending() == WorkerProcess.Ending.HALTED ? null : firstMissing());
  }

  private void onEvent(Event e) {
    switch (e.type) {
      case "compiled" -> {
        compiled = Boolean.TRUE.equals(e.ok);
        diagnostics = e.diagnostics == null ? List.of() : e.diagnostics;
      }
      case "started" -> {
        if (e.id == null || !planned.contains(e.id)) {
          tamper(text("grader.tamper.notAsked", String.valueOf(e.id)));
        } else if (!startedNow.add(e.id)) {
          tamper(text("grader.tamper.twice", name(e.id)));
        } else if (running != null) {
          tamper(text("grader.tamper.overlap", name(e.id), name(running)));
        } else {
          running = e.id;
          if (CpuTrace.ON) cpuAtStart = worker.cpuMillis();
        }
      }
      case "result" -> {
        if (e.id == null || !e.id.equals(running)) {
          tamper(text("grader.tamper.notRunning", e.id == null ? text("grader.tamper.noTest") : name(e.id)));
          return;
        }
        running = null;
        finishedNow.add(e.id);
        // (a worker replaced during the test, after a hostile exit, has lost its CPU: 0, not negative)
        if (CpuTrace.ON) CpuTrace.test(ex.id(), name(e.id), e.ms == null ? 0 : e.ms, Math.max(0, worker.cpuMillis() - cpuAtStart));
        if (e.tamper != null) tamper(text("grader.tamper.reached", e.tamper));
        Event.TestInfo t = info(e.id);
        TestOutcome o = new TestOutcome(t.id(), t.name(), t.points(), "passed".equals(e.status), e.reason,
            e.detail == null ? List.of() : e.detail, e.output, e.ms == null ? 0 : e.ms);
        if (e.stuckInit != null && stuckInit == null && !"passed".equals(e.status)) {
          stuckInit = e.stuckInit;
          stuckInitTest = t.id();
          stuckInitKey = "grader.stuckInit";
        }
        boolean first = !results.containsKey(t.id());
        results.put(t.id(), o);
        if (progress != null && first && tampered == null) progress.accept(o);
      }
      case "done" -> {
        if (running != null || !finishedNow.containsAll(planned)) {
          tamper(text("grader.tamper.earlyDone", finishedNow.size(), planned.size()));
        }
      }
      case "exit" -> {
        // the thread watchdog names a static initializer that started a thread bomb: it would go
        // off again in every later test, each time in a fresh worker
        if (e.stuckInit != null && stuckInit == null && running != null) {
          stuckInit = e.stuckInit;
          stuckInitTest = running;
          // or one that spun a second of CPU without finishing (InitializerSpin)
          stuckInitKey = "spinning".equals(e.status) ? "grader.stuckInit" : "grader.bombInit";
        }
      }
      default -> {
        // taint, halt, error: explained when the call ends
      }
    }
  }

  /** The worker of the call under way, and its CPU when the running test started (NETLAB_CPU_TRACE). */
  private WorkerProcess worker;
  private long cpuAtStart;

  private void tamper(String reason) {
    if (tampered == null) tampered = reason;
  }

  private String name(String id) {
    Event.TestInfo t = info(id);
    return t == null ? id : t.name();
  }

  private Event.TestInfo info(String id) {
    for (Event.TestInfo t : hidden.tests()) if (t.id().equals(id)) return t;
    return null;
  }

  private static Set<String> ids(List<Event.TestInfo> tests) {
    Set<String> ids = new LinkedHashSet<>();
    for (Event.TestInfo t : tests) ids.add(t.id());
    return ids;
  }

  private boolean allAccountedFor() {
    return hidden.tests().stream().allMatch(t -> results.containsKey(t.id()) || blamed.containsKey(t.id()));
  }

  private String firstMissing() {
    for (Event.TestInfo t : hidden.tests()) {
      if (!results.containsKey(t.id()) && !blamed.containsKey(t.id())) return t.id();
    }
    return null;
  }

  private void blame(String id) {
    if (id != null && !results.containsKey(id)) blamed.put(id, why);
  }

  private CheckResult result(long millis) {
    List<TestOutcome> tests = new ArrayList<>();
    if (tampered != null) {
      // nothing this run said can be believed: every test fails, with the reason
      for (Event.TestInfo t : hidden.tests()) {
        tests.add(new TestOutcome(t.id(), t.name(), t.points(), false, text("grader.tampered", tampered), List.of(), null, 0));
      }
      return new CheckResult(ex, List.of(), List.of(), true, tests, notes, millis, text("grader.tampered", tampered));
    }
    if (compiled) {
      for (Event.TestInfo t : hidden.tests()) {
        TestOutcome o = results.get(t.id());
        if (o == null) {
          String reason = blamed.containsKey(t.id()) ? blamed.get(t.id())
              : text("grader.didNotRun", why == null ? text("grader.stoppedEarly") : why);
          o = new TestOutcome(t.id(), t.name(), t.points(), false, reason, List.of(), null, 0);
        }
        tests.add(o);
      }
    }
    return new CheckResult(ex, List.of(), diagnostics, compiled, tests, notes, millis, null);
  }
}
