package netlab.grade.worker;

import java.security.Permission;

/**
 * Turns System.exit and Runtime.halt in student code (a test, a snippet) into an exception, so
 * that the code that called it fails with a clear reason and the worker lives on. Uses a SecurityManager, which
 * Java 17 allows, 18–23 allow with {@code -Djava.security.manager=allow}, and 24+ no longer
 * has; there the worker's shutdown hook reports the exit instead (see {@link WorkerMain}).
 * It checks nothing else: every other permission is granted.
 */
@SuppressWarnings("removal")
public final class ExitGuard extends SecurityManager {
  /** Thrown in place of exiting the JVM. */
  public static final class ExitAttempt extends SecurityException {
    private static final long serialVersionUID = 1L;
    final int status;

    ExitAttempt(int status) {
      super("System.exit(" + status + ") was called");
      this.status = status;
    }
  }

  private volatile boolean allowExit;

  public static ExitGuard install() {
    try {
      ExitGuard g = new ExitGuard();
      System.setSecurityManager(g);
      return g;
    } catch (UnsupportedOperationException | SecurityException e) {
      return null;
    }
  }

  public void allowExit() {
    allowExit = true;
  }

  @Override
  public void checkExit(int status) {
    if (!allowExit) throw new ExitAttempt(status);
  }

  @Override
  public void checkPermission(Permission perm) {
    if (perm instanceof RuntimePermission && "setSecurityManager".equals(perm.getName()) && !allowExit) {
      throw new SecurityException("code under test may not replace the worker's security manager");
    }
  }

  @Override
  public void checkPermission(Permission perm, Object context) {
    checkPermission(perm);
  }
}
