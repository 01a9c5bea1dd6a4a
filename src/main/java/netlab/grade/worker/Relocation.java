package netlab.grade.worker;

import java.util.HashMap;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.SimpleRemapper;

/**
 * Moves compiled hidden tests from the default package, where they must be written (Java cannot
 * import a class of the default package, and student classes live there), into the package
 * {@value #PACKAGE}, so they can live in a named module of their own ({@link HiddenModule}).
 * Their references to the student's (or the solution's) classes stay as they are; only the test
 * classes and their nested classes are renamed. Done once, when the tests are prepared.
 */
final class Relocation {
  static final String PACKAGE = "netlab.hidden";

  private Relocation() {}

  /** {@code classes}: default-package binary name → class file. Returns the moved classes by their new names. */
  static Map<String, byte[]> intoHiddenPackage(Map<String, byte[]> classes) {
    Map<String, String> internal = new HashMap<>();
    for (String name : classes.keySet()) internal.put(name.replace('.', '/'), moved(name).replace('.', '/'));
    SimpleRemapper remapper = new SimpleRemapper(internal);
    Map<String, byte[]> out = new HashMap<>();
    for (Map.Entry<String, byte[]> c : classes.entrySet()) {
      ClassReader reader = new ClassReader(c.getValue());
      ClassWriter writer = new ClassWriter(0);
      reader.accept(new ClassRemapper(writer, remapper), 0);
      out.put(moved(c.getKey()), writer.toByteArray());
    }
    return out;
  }

  static String moved(String name) {
    return PACKAGE + "." + name;
  }
}
