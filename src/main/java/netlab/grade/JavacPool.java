package netlab.grade;

import java.io.Writer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import javax.tools.DiagnosticListener;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;

/**
 * javac's own pool of compiler contexts ({@code com.sun.tools.javac.api.JavacTaskPool}, what
 * JShell compiles with): a context keeps the JDK's symbols it has read, and is cleared of the
 * compiled sources' own symbols after each task, so the next compile does not read
 * {@code java.lang} and friends again. Measured: the 21 reference solutions compiled one exercise
 * at a time in 2.7 s of CPU instead of 5.3 s from cold (bench/README.md).
 *
 * <p>It is an internal class of {@code jdk.compiler}: reached by reflection, only where the
 * process was started with {@code --add-exports jdk.compiler/com.sun.tools.javac.api=…} (the
 * batch compiler worker is). Anywhere else {@link #create()} gives null and the caller compiles
 * with a fresh task, as before.
 */
final class JavacPool {
  private final Object pool;
  private final Method getTask;
  private final Class<?> workerType;

  private JavacPool(Object pool, Method getTask, Class<?> workerType) {
    this.pool = pool;
    this.getTask = getTask;
    this.workerType = workerType;
  }

  /** The pool, or null where javac's internals are not open to this code (or not there). */
  static JavacPool create() {
    try {
      Class<?> type = Class.forName("com.sun.tools.javac.api.JavacTaskPool");
      Class<?> worker = Class.forName("com.sun.tools.javac.api.JavacTaskPool$Worker");
      Method getTask = type.getMethod("getTask", Writer.class, JavaFileManager.class, DiagnosticListener.class,
          Iterable.class, Iterable.class, Iterable.class, worker);
      // one context: one compile runs at a time (MemoryCompiler.compile is synchronized)
      Object pool = type.getConstructor(int.class).newInstance(1);
      return new JavacPool(pool, getTask, worker);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null; // not exported to us, or another JDK's javac: compile without the pool
    }
  }

  /** Compiles like {@code javac.getTask(null, files, listener, options, null, units).call()}. */
  boolean call(JavaFileManager files, DiagnosticListener<? super JavaFileObject> listener, List<String> options,
      Iterable<? extends JavaFileObject> units) {
    Object worker = Proxy.newProxyInstance(workerType.getClassLoader(), new Class<?>[] {workerType},
        (proxy, method, args) -> switch (method.getName()) {
          // the task as javax.tools sees it: the grader module reads java.compiler, not jdk.compiler
          case "withTask" -> ((JavaCompiler.CompilationTask) args[0]).call();
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          case "toString" -> "JavacPool.Worker";
          default -> throw new UnsupportedOperationException(method.getName());
        });
    try {
      return (Boolean) getTask.invoke(pool, null, files, listener, options, null, units, worker);
    } catch (InvocationTargetException e) {
      // javac's own failures reach the caller as they would from a plain task
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) throw r;
      if (cause instanceof Error err) throw err;
      throw new IllegalStateException(cause);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("javac's task pool became inaccessible", e);
    }
  }
}
