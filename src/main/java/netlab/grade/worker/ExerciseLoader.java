package netlab.grade.worker;

import java.util.Map;

/**
 * A fresh class loader per run for the student's classes and the hidden tests. Delegation is
 * parent-first, and the parent holds only the lab and its libraries (all in named packages), so
 * a student class can never replace a JUnit or NetLab class; student and test classes live in
 * the default package and are defined here.
 */
final class ExerciseLoader extends ClassLoader {
  static {
    registerAsParallelCapable();
  }

  private final Map<String, byte[]> classes;

  ExerciseLoader(Map<String, byte[]> classes, ClassLoader parent) {
    super("exercise", parent);
    this.classes = classes;
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    byte[] b = classes.get(name);
    if (b == null) throw new ClassNotFoundException(name);
    return defineClass(name, b, 0, b.length);
  }
}
