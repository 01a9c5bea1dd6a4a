package netlab.grade.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.Predicate;

/**
 * Which threads a student's server started, and which still run the student's code: for hidden
 * tests that check "start() uses exactly one thread", "a thread per client", or "close() leaves
 * no thread behind".
 *
 * <p>Student code lives in the default package, so a stack frame of a class without a package
 * (other than the hidden test class and its nested classes) is the student's. Threads of the
 * test machinery are never counted: JUnit's ({@code junit-…}) and the test's own, which it
 * names {@code hidden-test-…}.
 */
public final class ThreadCensus {

  /** Name prefix for threads a hidden test starts itself; they are never counted. */
  public static final String TEST_THREAD_PREFIX = "hidden-test-";

  private final Set<Thread> before;
  private final String testClass;

  private ThreadCensus(Set<Thread> before, String testClass) {
    this.before = before;
    this.testClass = testClass;
  }

  /** Remembers the threads alive now. {@code testClass} is the hidden test, e.g. {@code getClass()}. */
  public static ThreadCensus take(Class<?> testClass) {
    return new ThreadCensus(new HashSet<>(Thread.getAllStackTraces().keySet()), testClass.getName());
  }

  /** True for threads of the test machinery, which are never the student's. */
  public static boolean isTestMachinery(Thread t) {
    String n = t.getName();
    return n.startsWith("junit-") || n.startsWith(TEST_THREAD_PREFIX);
  }

  /**
   * Alive threads started since the census was taken, without the test machinery's. With
   * {@code ignoreCommonPool}, the JDK's shared ForkJoin common-pool workers (which live on idle
   * whoever started them) are left out too.
   */
  public List<Thread> startedSince(boolean ignoreCommonPool) {
    List<Thread> out = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (!t.isAlive() || before.contains(t) || isTestMachinery(t) || t == Thread.currentThread()) continue;
      if (ignoreCommonPool && t instanceof ForkJoinWorkerThread w && w.getPool() == ForkJoinPool.commonPool()) continue;
      out.add(t);
    }
    return out;
  }

  /** Alive threads (whenever started) with a frame of the student's code on their stack now. */
  public List<Thread> runningStudentCode() {
    List<Thread> out = new ArrayList<>();
    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      Thread t = e.getKey();
      if (!t.isAlive() || isTestMachinery(t) || t == Thread.currentThread()) continue;
      if (Arrays.stream(e.getValue()).anyMatch(this::isStudentFrame)) out.add(t);
    }
    return out;
  }

  /**
   * Threads that should have ended by now: started since the census (common-pool workers
   * aside) or running student code.
   */
  public List<Thread> lingering() {
    Set<Thread> all = new HashSet<>(startedSince(true));
    all.addAll(runningStudentCode());
    return new ArrayList<>(all);
  }

  /**
   * Polls (every 10 ms) until {@code done} holds for the list {@code probe} returns, or
   * {@code patience} has passed; returns the last list seen.
   */
  public static List<Thread> await(java.util.function.Supplier<List<Thread>> probe,
      Predicate<List<Thread>> done, Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      List<Thread> now = probe.get();
      if (done.test(now) || System.nanoTime() > deadline) return now;
      Thread.sleep(10); // polling with a deadline, not waiting for readiness
    }
  }

  /** Names, states and where each thread is, for an assertion message. */
  public String describe(List<Thread> threads) {
    List<String> parts = new ArrayList<>();
    for (Thread t : threads) {
      StackTraceElement[] stack = t.getStackTrace();
      String where = Arrays.stream(stack).filter(this::isStudentFrame).findFirst()
          .or(() -> Arrays.stream(stack).findFirst())
          .map(f -> ", in " + f.getClassName() + "." + f.getMethodName())
          .orElse("");
      parts.add("\"" + t.getName() + "\" (" + t.getState() + where + ")");
    }
    parts.sort(null);
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  private boolean isStudentFrame(StackTraceElement f) {
    String c = f.getClassName();
    return c.indexOf('.') < 0 && !c.equals(testClass) && !c.startsWith(testClass + "$");
  }
}
