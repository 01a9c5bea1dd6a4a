package netlab.grade;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import netlab.core.NetlabException;
import netlab.exercise.Exercise;
import netlab.grade.protocol.Event;
import netlab.grade.protocol.Request;

/**
 * One exercise's hidden tests run against one student's code, turned into a {@link CheckResult}.
 * Results are trusted only when they come over the worker's channel with the request's nonce
 * and name a test the index expects; a test without such a result failed, with the reason the
 * worker's end gives. A test that ends the worker (System.exit where it cannot be blocked, a
 * crash) or the run (JUnit gives up after an OutOfMemoryError) costs only itself: the tests not
 * reached yet get another chance in a fresh worker. Used by the REPL's check (a warm worker,
 * code compiled by the lab) and by batch grading (a sandboxed worker per student, code compiled
 * in the worker).
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
  private final Request base;
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

  /** {@code base} names the student's code: {@code classesDir} (compiled) or {@code sources}. */
  public GradingRun(Exercise ex, HiddenTests.Prepared hidden, Request base, Duration testTimeout, Workers workers,
      Consumer<TestOutcome> progress) {
    this.ex = ex;
    this.hidden = hidden;
    this.base = base;
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

  public CheckResult run(long start) throws NetlabException {
    started = start;
    execute(null);
    for (int round = 0; round < hidden.tests().size() && compiled && !Thread.currentThread().isInterrupted()
        && ending != WorkerProcess.Ending.TIMED_OUT && !allAccountedFor() && !overBudget(start); round++) {
      if (ending == WorkerProcess.Ending.DIED) blame(firstMissing());
      Set<String> rest = new LinkedHashSet<>();
      for (Event.TestInfo t : hidden.tests()) {
        if (!results.containsKey(t.id()) && !blamed.containsKey(t.id())) rest.add(t.id());
      }
      if (rest.isEmpty()) break;
      int before = results.size() + blamed.size();
      execute(rest);
      if (results.size() + blamed.size() == before && ending == WorkerProcess.Ending.DONE) break;
    }
    if (compiled && !allAccountedFor() && overBudget(start)) {
      why = "the exercise's time limit (" + budget.toSeconds() + " s) ran out before this test";
    }
    return result(Grader.millisSince(start));
  }

  private boolean overBudget(long start) {
    return budget != null && Grader.millisSince(start) >= budget.toMillis();
  }

  private void execute(Set<String> only) throws NetlabException {
    Request r = Request.of("run", null);
    r.exercise = ex.id();
    r.classesDir = base.classesDir;
    r.sources = base.sources;
    r.hiddenClasses = hidden.classes().toString();
    r.testTimeoutMs = testTimeout.toMillis();
    if (only == null && hidden.partial()) only = ids(hidden.tests()); // leave the other tests out
    r.only = only == null ? null : List.copyOf(only);
    int count = only == null ? hidden.tests().size() : only.size();
    // the wall clock for the whole run, enforced from outside: every test may use its own limit
    Duration wall = Duration.ofSeconds(Math.min(180, 15 + count * (testTimeout.toSeconds() + 1)));
    if (budget != null) {
      Duration left = budget.minusMillis(Grader.millisSince(started));
      if (left.compareTo(wall) < 0) wall = left.isNegative() ? Duration.ofMillis(1) : left;
    }
    WorkerProcess w = workers.acquire();
    netlab.core.StartupTrace.mark("check: worker ready");
    WorkerProcess.Answer a;
    try {
      a = w.call(r, wall, this::onEvent);
      netlab.core.StartupTrace.mark("check: worker answered");
    } finally {
      workers.release(w);
    }
    ending = a.ending();
    why = a.why();
    for (Event e : a.events()) {
      if ("taint".equals(e.type) && e.message != null && !notes.contains(e.message)) notes.add(e.message);
      if ("error".equals(e.type)) notes.add("the worker could not run the tests: " + e.message);
    }
    if (a.ending() == WorkerProcess.Ending.TIMED_OUT) blame(firstMissing());
  }

  private void onEvent(Event e) {
    if ("compiled".equals(e.type)) {
      compiled = Boolean.TRUE.equals(e.ok);
      diagnostics = e.diagnostics == null ? List.of() : e.diagnostics;
    } else if ("result".equals(e.type)) {
      Event.TestInfo t = expected(e.id);
      if (t == null) return; // not a test the index knows: ignore rather than trust it
      TestOutcome previous = results.get(t.id());
      boolean passed = "passed".equals(e.status) && (previous == null || previous.passed());
      TestOutcome o = new TestOutcome(t.id(), t.name(), t.points(), passed,
          passed ? null : (previous != null && !previous.passed() ? previous.reason() : e.reason),
          e.detail == null ? List.of() : e.detail, e.output, e.ms == null ? 0 : e.ms);
      results.put(t.id(), o);
      if (progress != null && previous == null) progress.accept(o);
    }
  }

  private static Set<String> ids(List<Event.TestInfo> tests) {
    Set<String> ids = new LinkedHashSet<>();
    for (Event.TestInfo t : tests) ids.add(t.id());
    return ids;
  }

  /** The index entry for a result id; dynamic tests count toward the template they came from. */
  private Event.TestInfo expected(String id) {
    for (Event.TestInfo t : hidden.tests()) {
      if (t.id().equals(id) || id.startsWith(t.id() + "/")) return t;
    }
    return null;
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
    if (id != null) blamed.put(id, why);
  }

  private CheckResult result(long millis) {
    List<TestOutcome> tests = new ArrayList<>();
    if (compiled) {
      for (Event.TestInfo t : hidden.tests()) {
        TestOutcome o = results.get(t.id());
        if (o == null) {
          String reason = blamed.containsKey(t.id()) ? blamed.get(t.id())
              : "did not run: " + (why == null ? "the worker stopped early" : why);
          o = new TestOutcome(t.id(), t.name(), t.points(), false, reason, List.of(), null, 0);
        }
        tests.add(o);
      }
    }
    return new CheckResult(ex, List.of(), diagnostics, compiled, tests, notes, millis);
  }
}
