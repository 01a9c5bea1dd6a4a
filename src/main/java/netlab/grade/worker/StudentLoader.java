package netlab.grade.worker;

import java.security.ProtectionDomain;
import java.util.Map;

/**
 * A fresh class loader per run for the student's classes, in its own unnamed module. Its parent
 * is the platform class loader, so student code finds the JDK and nothing else by name: not the
 * worker, not JUnit, not the hidden tests (they live in a named module of their own,
 * {@link HiddenModule}, whose loader has this one as parent so the tests can call the student's
 * classes). The worker and JUnit are in the named module {@code netlab.grader}, which exports and
 * opens nothing to this loader's module: reflection into them fails whatever the student does.
 */
final class StudentLoader extends ClassLoader {
  static {
    registerAsParallelCapable();
  }

  private final Map<String, byte[]> classes;
  private final ProtectionDomain domain;

  StudentLoader(Map<String, byte[]> classes) {
    super("student", ClassLoader.getPlatformClassLoader());
    this.classes = classes;
    this.domain = ExitGuard.studentDomain();
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    byte[] b = classes.get(name);
    if (b == null) throw new ClassNotFoundException(name);
    return defineClass(name, b, 0, b.length, domain);
  }
}
