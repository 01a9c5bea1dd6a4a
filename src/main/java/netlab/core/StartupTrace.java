package netlab.core;

/**
 * With {@code NETLAB_TRACE=1}, prints milliseconds since JVM start at the milestones of
 * start-up, to find what to make lazy. Costs nothing when off.
 */
public final class StartupTrace {
  private static final boolean ON = "1".equals(System.getenv("NETLAB_TRACE"));
  private static final long START = ON ? java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime() : 0;

  private StartupTrace() {}

  public static void mark(String what) {
    if (ON) System.err.println("[trace] " + (System.currentTimeMillis() - START) + " ms  " + what);
  }
}
