package netlab.grade.worker;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.engine.discovery.DiscoverySelectors;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import netlab.grade.api.InstructorOnly;
import netlab.grade.api.Points;
import netlab.grade.protocol.Event;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs hidden test classes with the JUnit Platform Launcher (as in JUnit's own
 * UsingTheLauncherDemo) and reports each test as soon as it finishes, so a worker that dies
 * halfway still leaves the results it had.
 */
final class TestRunner {
  interface Sink {
    void emit(Event e) throws IOException;
  }

  private volatile Launcher launcher;
  private final Object launcherLock = new Object();

  private Launcher launcher() {
    synchronized (launcherLock) {
      if (launcher == null) launcher = LauncherFactory.create();
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

  /** Runs the tests; every test gets exactly one result event. Returns true if one taints the worker. */
  boolean run(List<Class<?>> classes, long timeoutMs, OutputCapture capture, int keep, long limit,
      Set<String> studentClasses, String nonce, Sink sink, Set<String> only, Runnable afterTimeout) {
    Listener listener = new Listener(timeoutMs, capture, keep, limit, studentClasses, nonce, sink);
    listener.afterTimeout = afterTimeout;
    try {
      launcher().execute(request(classes, timeoutMs, only), listener);
    } catch (OutOfMemoryError oom) {
      // JUnit rethrows an OutOfMemoryError and abandons the run; the hoard was on the test's
      // stack and is garbage now, so there is room to report the test that caused it
      listener.abortCurrent(Failures.explain(oom, studentClasses, timeoutMs));
      return true;
    }
    return listener.tainted;
  }

  private static final class Listener implements TestExecutionListener {
    private final long timeoutMs;
    private final OutputCapture capture;
    private final int keep;
    private final long limit;
    private final Set<String> studentClasses;
    private final String nonce;
    private final Sink sink;
    private final Map<String, Long> started = new LinkedHashMap<>();
    private final Set<String> reported = new HashSet<>();
    private TestPlan plan;
    private TestIdentifier current;
    boolean tainted;
    Runnable afterTimeout;

    Listener(long timeoutMs, OutputCapture capture, int keep, long limit, Set<String> studentClasses,
        String nonce, Sink sink) {
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

    @Override
    public void executionStarted(TestIdentifier id) {
      if (id.isTest()) {
        current = id;
        started.put(id.getUniqueId(), System.nanoTime());
        WorkerMain.currentTest = id.getDisplayName();
        capture.begin(keep);
      }
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
      if (id.isTest()) {
        report(id, "failed", "skipped: " + reason, List.of(), "", 0);
      } else {
        for (TestIdentifier t : plan.getDescendants(id)) {
          if (t.isTest()) report(t, "failed", "skipped: " + reason, List.of(), "", 0);
        }
      }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
      if (id.isTest()) {
        long ms = (System.nanoTime() - started.getOrDefault(id.getUniqueId(), System.nanoTime())) / 1_000_000;
        WorkerMain.currentTest = null;
        String output = capture.text();
        long printed = capture.total();
        if (printed > limit) {
          report(id, "failed", "printed " + megabytes(printed) + " to System.out/err (the limit is "
              + megabytes(limit) + "): remove printing from loops", List.of(), output, ms);
          return;
        }
        if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
          report(id, "passed", null, List.of(), output, ms);
        } else {
          Throwable t = result.getThrowable().orElse(null);
          Failures.Verdict v = t == null ? new Failures.Verdict("failed", List.of(), false)
              : Failures.explain(t, studentClasses, timeoutMs);
          if (v.taints()) tainted = true;
          report(id, "failed", v.reason(), v.detail(), output, ms);
          // a timed-out test leaves its thread spinning, and the next tests would share the CPU
          // with it: the worker stops here and the lab runs the rest in a fresh one
          if (v.reason().startsWith("timed out") && afterTimeout != null) afterTimeout.run();
        }
      } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL && plan != null) {
        // a class that cannot start (its setup or the student's constructor threw): every test in
        // it fails with that reason
        Throwable t = result.getThrowable().orElse(null);
        Failures.Verdict v = t == null ? new Failures.Verdict("could not run", List.of(), false)
            : Failures.explain(t, studentClasses, timeoutMs);
        if (v.taints()) tainted = true;
        for (TestIdentifier child : plan.getDescendants(id)) {
          if (child.isTest()) report(child, "failed", v.reason(), v.detail(), "", 0);
        }
      }
    }

    void abortCurrent(Failures.Verdict v) {
      if (current != null) report(current, "failed", v.reason(), v.detail(), capture.text(), 0);
    }

    private void report(TestIdentifier id, String status, String reason, List<String> detail, String output, long ms) {
      if (!reported.add(id.getUniqueId())) return;
      Event e = Event.of("result", nonce);
      e.id = id.getUniqueId();
      e.name = id.getDisplayName();
      e.status = status;
      e.reason = reason;
      e.detail = detail.isEmpty() ? null : detail;
      e.output = output == null || output.isEmpty() ? null : output;
      e.ms = ms;
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
}
