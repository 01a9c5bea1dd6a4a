package netlab.grade.worker;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import netlab.grade.api.InstructorOnly;
import netlab.grade.api.Points;
import netlab.grade.protocol.Event;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs hidden test classes with the JUnit Platform Launcher (as in JUnit's own
 * UsingTheLauncherDemo) and reports each planned test as it runs: a {@code started} event, then
 * exactly one {@code result}, one test at a time, so that the lab can tell a real run from events
 * out of order. A parameterized test counts as one test: its invocations are folded into one
 * result. A worker that dies halfway still leaves the results it had.
 */
final class TestRunner {
  interface Sink {
    void emit(Event e) throws IOException;
  }

  private volatile Launcher launcher;
  private final Object launcherLock = new Object();
  /** The JVM-wide hooks as they were before any student code ran; null: not watched. */
  private volatile JvmDefaults defaults;

  /** Watches {@code d} for change after every test (see {@link JvmDefaults}). */
  void watch(JvmDefaults d) {
    this.defaults = d;
  }

  private Launcher launcher() {
    synchronized (launcherLock) {
      if (launcher == null) {
        // the engine by name, no service lookups: JUnit would look with the context class loader,
        // which during a run is the tests' or the student's and sees none of the grader's services
        launcher = LauncherFactory.create(LauncherConfig.builder()
            .enableTestEngineAutoRegistration(false)
            .addTestEngines(new org.junit.jupiter.engine.JupiterTestEngine())
            .enableLauncherSessionListenerAutoRegistration(false)
            .enableLauncherDiscoveryListenerAutoRegistration(false)
            .enablePostDiscoveryFilterAutoRegistration(false)
            .enableTestExecutionListenerAutoRegistration(false)
            .build());
      }
      return launcher;
    }
  }

  /** Runs a trivial test once, so the first real run finds JUnit's classes loaded and compiled. */
  void warmUp() {
    synchronized (launcherLock) {
      try {
        launcher().execute(request(List.of(WarmUpTest.class), 5000, null), new TestExecutionListener() {});
      } catch (RuntimeException | LinkageError ignored) {
        // warming up is an optimisation only
      }
    }
  }

  /** The test the warm-up runs. */
  public static final class WarmUpTest {
    @org.junit.jupiter.api.Test
    void warm() {
      org.junit.jupiter.api.Assertions.assertEquals(2, 1 + 1);
    }
  }

  LauncherDiscoveryRequest request(List<Class<?>> classes, long timeoutMs, Set<String> only) {
    // only: run just these tests (by unique id), e.g. the ones left when a worker died
    List<? extends org.junit.platform.engine.DiscoverySelector> selectors = only == null
        ? classes.stream().map(c -> selectClass(c)).toList()
        : only.stream().map(DiscoverySelectors::selectUniqueId).toList();
    return LauncherDiscoveryRequestBuilder.request()
        .selectors(selectors)
        .configurationParameter("junit.jupiter.execution.timeout.default", timeoutMs + " ms")
        .configurationParameter("junit.jupiter.execution.timeout.thread.mode.default", "SEPARATE_THREAD")
        .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
        .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
        .build();
  }

  /** The tests in {@code classes}, with names and points, without running anything. */
  List<Event.TestInfo> discover(List<Class<?>> classes) {
    TestPlan plan = launcher().discover(request(classes, 5000, null));
    List<Event.TestInfo> tests = new ArrayList<>();
    for (TestIdentifier root : plan.getRoots()) {
      for (TestIdentifier t : plan.getDescendants(root)) {
        if (t.isTest() || isTestTemplate(t)) tests.add(info(t));
      }
    }
    return tests;
  }

  private static boolean isTestTemplate(TestIdentifier t) {
    // parameterized and repeated tests are containers at discovery; they count as one test
    return t.isContainer() && t.getSource().filter(s -> s instanceof MethodSource).isPresent();
  }

  static Event.TestInfo info(TestIdentifier t) {
    return new Event.TestInfo(t.getUniqueId(), t.getDisplayName(), points(t), instructorOnly(t));
  }

  /** Whether the test's class, or a class around it (a {@code @Nested} test), is instructor-only. */
  private static boolean instructorOnly(TestIdentifier t) {
    Class<?> c = null;
    var source = t.getSource().orElse(null);
    if (source instanceof MethodSource m) c = m.getJavaClass();
    if (source instanceof org.junit.platform.engine.support.descriptor.ClassSource k) c = k.getJavaClass();
    for (; c != null; c = c.getEnclosingClass()) {
      if (c.isAnnotationPresent(InstructorOnly.class)) return true;
    }
    return false;
  }

  private static int points(TestIdentifier t) {
    Optional<Method> m = t.getSource().filter(s -> s instanceof MethodSource).map(s -> {
      try {
        return ((MethodSource) s).getJavaMethod();
      } catch (RuntimeException e) {
        return null;
      }
    });
    return m.map(method -> method.getAnnotation(Points.class)).map(Points::value).orElse(1);
  }

  /** How a run ended: whether the worker is tainted, and whether JUnit gave up before the end. */
  record Outcome(boolean tainted, boolean aborted) {}

  /**
   * Runs the tests: every planned test gets one {@code started} and one {@code result} event.
   * Discovery runs with the hidden tests' loader as context loader (JUnit finds classes by name
   * there); the tests run with the student's, which is all the student's code may see.
   */
  Outcome run(List<Class<?>> classes, ClassLoader hidden, ClassLoader student, long timeoutMs, OutputCapture capture,
      int keep, long limit, Set<String> studentClasses, String nonce, Sink sink, Set<String> only, Runnable afterTimeout) {
    Listener listener = new Listener(timeoutMs, capture, keep, limit, studentClasses, nonce, sink, defaults);
    listener.afterTimeout = afterTimeout;
    Thread self = Thread.currentThread();
    ClassLoader previous = self.getContextClassLoader();
    try {
      self.setContextClassLoader(hidden);
      TestPlan plan = launcher().discover(request(classes, timeoutMs, only));
      netlab.core.StartupTrace.mark("worker: discovered");
      self.setContextClassLoader(student);
      launcher().execute(plan, listener);
    } catch (OutOfMemoryError oom) {
      // JUnit rethrows an OutOfMemoryError and abandons the run; the hoard was on the test's
      // stack and is garbage now, so there is room to report the test that caused it
      listener.abortCurrent(Failures.explain(oom, studentClasses, timeoutMs));
      return new Outcome(true, true);
    } finally {
      self.setContextClassLoader(previous);
    }
    return new Outcome(listener.tainted, false);
  }

  private static final class Listener implements TestExecutionListener {
    private final long timeoutMs;
    private final OutputCapture capture;
    private final int keep;
    private final long limit;
    private final Set<String> studentClasses;
    private final String nonce;
    private final Sink sink;
    private final JvmDefaults defaults;
    private final Set<String> reported = new HashSet<>();
    private TestPlan plan;
    /** The planned test running now, when it started, and (a template) its first failing invocation. */
    private TestIdentifier current;
    private long startedAt;
    private Failures.Verdict firstFailure;
    boolean tainted;
    Runnable afterTimeout;

    Listener(long timeoutMs, OutputCapture capture, int keep, long limit, Set<String> studentClasses,
        String nonce, Sink sink, JvmDefaults defaults) {
      this.defaults = defaults;
      this.timeoutMs = timeoutMs;
      this.capture = capture;
      this.keep = keep;
      this.limit = limit;
      this.studentClasses = studentClasses;
      this.nonce = nonce;
      this.sink = sink;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
      this.plan = testPlan;
    }

    /** A test the lab planned for: a test method, or a whole parameterized test; not one invocation. */
    private boolean planned(TestIdentifier id) {
      if (isTestTemplate(id)) return true;
      return id.isTest() && !insideTemplate(id);
    }

    private boolean insideTemplate(TestIdentifier id) {
      for (Optional<TestIdentifier> p = plan.getParent(id); p.isPresent(); p = plan.getParent(p.get())) {
        if (isTestTemplate(p.get())) return true;
      }
      return false;
    }

    @Override
    public void executionStarted(TestIdentifier id) {
      if (planned(id) && !reported.contains(id.getUniqueId())) begin(id);
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
      for (TestIdentifier t : plannedIn(id)) {
        if (current == null || !current.equals(t)) begin(t);
        finish(t, "failed", "skipped: " + reason, List.of(), null, "", 0);
      }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
      if (current != null && current.equals(id)) {
        long ms = (System.nanoTime() - startedAt) / 1_000_000;
        WorkerMain.currentTest = null;
        String output = capture.text();
        long printed = capture.total();
        Failures.Verdict v = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL ? firstFailure
            : result.getThrowable().map(t -> Failures.explain(t, studentClasses, timeoutMs))
                .orElse(new Failures.Verdict("failed", List.of(), false, null));
        if (v == null && printed <= limit) {
          finish(id, "passed", null, List.of(), null, output, ms);
          return;
        }
        String reason = v == null ? null : v.reason();
        if (printed > limit) {
          // the flood fails the test, and the test's own verdict (and any evidence) still shows
          String flood = "printed " + megabytes(printed) + " to System.out/err (the limit is "
              + megabytes(limit) + "): remove printing from loops";
          reason = v == null ? flood : flood + "\nand the test itself failed: " + v.reason();
        }
        if (v != null && v.taints()) tainted = true;
        boolean timedOut = v != null && v.reason().startsWith("timed out");
        // a test that gave up on its own deadline may leave a static initializer running too
        // (one that never ends spins through every later test): it gets a moment to finish
        String stuck = timedOut ? staticInitializerRunning(studentClasses) : initializerStillRunning(studentClasses);
        if (stuck != null) {
          reason += "\nit was still running the static initializer of " + stuck + ", which never finished:"
              + " no test can use " + stuck;
        }
        finish(id, "failed", reason, v == null ? List.of() : v.detail(), v == null ? null : v.tamper(), output, ms, stuck);
        // a timed-out test leaves its thread spinning, and the next tests would share the CPU
        // with it; memory that ran out (zlib's, a thread's stack) is given back only after some
        // later GC, so the next test might not even get a thread (GradingIntegrityTest's offheap
        // probe lost a second point so, 1 run in 6): the worker stops here and the lab runs the
        // rest in a fresh one
        boolean outOfMemory = result.getThrowable().filter(OutOfMemoryError.class::isInstance).isPresent();
        if ((timedOut || stuck != null || outOfMemory) && afterTimeout != null) afterTimeout.run();
      } else if (current != null && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
        // one invocation of the parameterized test running now: its first failure speaks for all
        if (firstFailure == null) {
          firstFailure = result.getThrowable().map(t -> Failures.explain(t, studentClasses, timeoutMs))
              .orElse(new Failures.Verdict("failed", List.of(), false, null));
          if (firstFailure.taints()) tainted = true;
        }
      } else if (current == null && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
        // a class that cannot start (its setup or the student's constructor threw): every test in
        // it fails with that reason
        Failures.Verdict v = result.getThrowable().map(t -> Failures.explain(t, studentClasses, timeoutMs))
            .orElse(new Failures.Verdict("could not run", List.of(), false, null));
        if (v.taints()) tainted = true;
        for (TestIdentifier t : plannedIn(id)) {
          begin(t);
          finish(t, "failed", v.reason(), v.detail(), v.tamper(), "", 0);
        }
      }
    }

    /** The planned tests at or below {@code id} that have no result yet. */
    private List<TestIdentifier> plannedIn(TestIdentifier id) {
      List<TestIdentifier> out = new ArrayList<>();
      if (planned(id)) {
        if (!reported.contains(id.getUniqueId())) out.add(id);
        return out;
      }
      if (plan == null) return out;
      for (TestIdentifier t : plan.getDescendants(id)) {
        if (planned(t) && !reported.contains(t.getUniqueId())) out.add(t);
      }
      return out;
    }

    void abortCurrent(Failures.Verdict v) {
      if (current != null) finish(current, "failed", v.reason(), v.detail(), v.tamper(), capture.text(), 0);
    }

    private void begin(TestIdentifier id) {
      current = id;
      startedAt = System.nanoTime();
      firstFailure = null;
      WorkerMain.currentTest = id.getDisplayName();
      capture.begin(keep);
      Event e = Event.of("started", nonce);
      e.id = id.getUniqueId();
      emit(e);
    }

    private void finish(TestIdentifier id, String status, String reason, List<String> detail, String tamper,
        String output, long ms) {
      finish(id, status, reason, detail, tamper, output, ms, null);
    }

    private void finish(TestIdentifier id, String status, String reason, List<String> detail, String tamper,
        String output, long ms, String stuckInit) {
      if (!reported.add(id.getUniqueId())) return;
      current = null;
      WorkerMain.currentTest = null;
      // a JVM-wide hook changed during the test (or before it) decided what the test saw: no
      // result of this worker counts any more, and it cannot be undone here (factories are set-once)
      String hook = null;
      try {
        hook = defaults == null ? null : defaults.changed();
      } catch (Throwable e) { // memory ran out, say: this worker cannot vouch for the next test
        tainted = true;
      }
      if (hook != null) {
        tainted = true;
        if (tamper == null) tamper = hook;
        if (!"failed".equals(status)) {
          status = "failed";
          reason = hook;
        }
      }
      Event e = Event.of("result", nonce);
      e.id = id.getUniqueId();
      e.name = id.getDisplayName();
      e.status = status;
      e.reason = reason;
      e.detail = detail.isEmpty() ? null : detail;
      e.output = output == null || output.isEmpty() ? null : output;
      e.ms = ms;
      e.tamper = tamper;
      e.stuckInit = stuckInit;
      emit(e);
    }

    private void emit(Event e) {
      try {
        sink.emit(e);
      } catch (IOException ex) {
        throw new java.io.UncheckedIOException(ex);
      }
    }

    private static String megabytes(long bytes) {
      return bytes >= 1 << 20 ? String.format("%.1f MB", bytes / 1048576.0) : (bytes / 1024) + " KB";
    }
  }

  /**
   * The student class whose static initializer some thread other than the caller is running, or
   * null. Asked after a test timed out, and by the thread watchdog before it stops the worker: a
   * class whose initialization never ends, or starts a thread bomb, cannot be used by any later
   * test either (each would spin through its own time limit, or bomb, in a fresh worker), so the
   * lab fails them at once.
   */
  static String staticInitializerRunning(Set<String> studentClasses) {
    for (Map.Entry<Thread, StackTraceElement[]> t : Thread.getAllStackTraces().entrySet()) {
      if (t.getKey() == Thread.currentThread()) continue;
      String cls = InitializerSpin.studentInitializer(t.getValue(), studentClasses);
      if (cls != null) return cls;
    }
    return null;
  }

  /** How long a static initializer still running after a failed test gets to finish. */
  static final long INITIALIZER_GRACE_MS = 500;

  /**
   * The student class whose static initializer is still running {@link #INITIALIZER_GRACE_MS}
   * after a test failed, or null: one that is only slow has finished by then.
   */
  static String initializerStillRunning(Set<String> studentClasses) {
    if (staticInitializerRunning(studentClasses) == null) return null;
    long end = System.nanoTime() + INITIALIZER_GRACE_MS * 1_000_000;
    while (System.nanoTime() < end) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      if (staticInitializerRunning(studentClasses) == null) return null;
    }
    return staticInitializerRunning(studentClasses);
  }
}
