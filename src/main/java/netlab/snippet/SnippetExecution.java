package netlab.snippet;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs snippets in this JVM, each on a thread of its own, waiting for that thread only.
 * JShell's own "local" engine (JDK 17) also waits for every thread an earlier snippet left
 * running, so a lesson that starts a server in one snippet and talks to it in the next would
 * hang; here threads a snippet starts simply live on until something ends them.
 */
final class SnippetExecution extends DirectExecutionControl {
  private final ThreadGroup group = new ThreadGroup("netlab-snippets");
  private volatile Thread running;

  /** The provider JShell's builder takes. */
  static final class Provider implements ExecutionControlProvider {
    @Override
    public String name() {
      return "netlab";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
      return new SnippetExecution();
    }
  }

  @Override
  protected String invoke(Method doit) throws Exception {
    Object[] result = new Object[1];
    Throwable[] thrown = new Throwable[1];
    Thread t = new Thread(group, () -> {
      try {
        result[0] = doit.invoke(null);
      } catch (Throwable e) {
        thrown[0] = e;
      }
    }, "snippet");
    running = t;
    t.start();
    try {
      t.join();
    } finally {
      running = null;
    }
    if (thrown[0] instanceof InvocationTargetException ite) {
      if (ite.getCause() instanceof ThreadDeath) throw new StoppedException();
      throw ite;
    }
    if (thrown[0] instanceof IllegalAccessException iae) throw iae;
    if (thrown[0] instanceof ThreadDeath) throw new StoppedException();
    if (thrown[0] instanceof Exception e) throw e;
    if (thrown[0] instanceof Error err) throw err;
    return valueString(result[0]);
  }

  /**
   * Ctrl-C or the time limit. Thread.stop works up to Java 19; where it is gone the snippet runs
   * on, and the lab replaces the whole engine after a grace period.
   */
  @Override
  @SuppressWarnings({"deprecation", "removal"})
  public void stop() {
    Thread t = running;
    if (t == null) return;
    try {
      t.stop();
    } catch (UnsupportedOperationException e) {
      t.interrupt();
    }
  }
}
