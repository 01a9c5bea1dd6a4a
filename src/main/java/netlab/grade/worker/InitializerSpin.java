package netlab.grade.worker;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.Set;

/**
 * A student class whose static initializer has spent {@link #LIMIT_NS} of CPU on its thread
 * without finishing: an endless loop. No exercise's class needs a tenth of that to initialize,
 * and such a class can serve no test, so the worker stops at once instead of letting the test
 * spin through its whole time limit (5 s of a core per loop in the synthetic class of
 * bench/class.sh, where 5 of 210 exercises do it). CPU, not wall time: a loaded machine slows a
 * slow initializer down but does not make it use more CPU. One that blocks (waiting on a socket,
 * say) uses none and is left to the test's time limit.
 */
final class InitializerSpin {
  /** The CPU a student's static initializer may spend: 1 s. */
  static final long LIMIT_NS = 1_000_000_000L;

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private long threadId = -1;
  private String cls;
  private long cpuAtFirstSight;

  /** The class whose initializer has spun past the limit since first seen, or null; call it now and then. */
  String check(Set<String> studentClasses) {
    if (studentClasses.isEmpty()) return reset();
    Thread found = null;
    String foundClass = null;
    for (Map.Entry<Thread, StackTraceElement[]> t : Thread.getAllStackTraces().entrySet()) {
      String c = studentInitializer(t.getValue(), studentClasses);
      if (c != null) {
        found = t.getKey();
        foundClass = c;
        if (found.getId() == threadId && c.equals(cls)) break; // the one being watched
      }
    }
    if (found == null) return reset();
    long cpu = threads.getThreadCpuTime(found.getId());
    if (cpu < 0) return reset(); // the thread has ended, or CPU time is not measured here
    if (found.getId() != threadId || !foundClass.equals(cls)) {
      threadId = found.getId();
      cls = foundClass;
      cpuAtFirstSight = cpu;
      return null;
    }
    return cpu - cpuAtFirstSight >= LIMIT_NS ? cls : null;
  }

  private String reset() {
    threadId = -1;
    cls = null;
    return null;
  }

  /** The student class whose {@code <clinit>} is on this stack, or null. */
  static String studentInitializer(StackTraceElement[] stack, Set<String> studentClasses) {
    for (StackTraceElement f : stack) {
      if (!"<clinit>".equals(f.getMethodName())) continue;
      String c = f.getClassName();
      int dollar = c.indexOf('$');
      String top = dollar < 0 ? c : c.substring(0, dollar);
      if (studentClasses.contains(c) || studentClasses.contains(top)) return c;
    }
    return null;
  }
}
