package netlab.snippet;

import java.security.Permission;

/**
 * Makes System.exit in a snippet throw instead of ending the engine, where the JDK still has a
 * SecurityManager (17; 18–23 with -Djava.security.manager=allow). On 24+ an exit ends the
 * engine, and the lab replaces it and replays the lesson's snippets.
 */
@SuppressWarnings("removal")
final class SnippetGuard extends SecurityManager {
  /** Thrown in place of exiting. */
  public static final class ExitAttempt extends SecurityException {
    private static final long serialVersionUID = 1L;

    ExitAttempt(int status) {
      super("System.exit(" + status + ") was called");
    }
  }

  private static volatile boolean allowExit;

  static void install() {
    try {
      System.setSecurityManager(new SnippetGuard());
    } catch (UnsupportedOperationException | SecurityException e) {
      // Java 24+: no SecurityManager; the lab handles a lost engine
    }
  }

  static void allowExit() {
    allowExit = true;
  }

  @Override
  public void checkExit(int status) {
    if (!allowExit) throw new ExitAttempt(status);
  }

  @Override
  public void checkPermission(Permission perm) {
    if (perm instanceof RuntimePermission && "setSecurityManager".equals(perm.getName()) && !allowExit) {
      throw new SecurityException("snippets may not replace the engine's security manager");
    }
  }

  @Override
  public void checkPermission(Permission perm, Object context) {
    checkPermission(perm);
  }
}
