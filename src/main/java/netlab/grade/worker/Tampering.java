package netlab.grade.worker;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Evidence, in what a failed test threw, that the code under test tried to reach into the
 * grader: reflection the module system refused, native code refused, a permission the worker's
 * guard refused, a lookup of the grader's or JUnit's classes by name. The attempt failed (that is
 * what the evidence shows), but a student who tries it gets no marks for the exercise: the lab
 * reports "results tampered with". A student can only make themselves look guilty this way,
 * never innocent, so what the exception says can be trusted for this.
 */
final class Tampering {
  /** Names no exercise's code has any business looking up. */
  private static final String[] FOREIGN = {"netlab.", "org.junit.", "org.opentest4j.", "sun.misc.Unsafe",
      "jdk.internal.", "com.sun.tools.attach.", "jdk.attach", "java.lang.instrument."};

  private Tampering() {}

  /** What the throwable (or a cause or suppressed exception of it) shows, or null. */
  static String evidence(Throwable t) {
    return search(t, new IdentityHashMap<>(), 0);
  }

  private static String search(Throwable t, Map<Throwable, Boolean> seen, int depth) {
    if (t == null || depth > 20 || seen.put(t, Boolean.TRUE) != null) return null;
    String found = of(t);
    if (found != null) return found;
    found = search(t.getCause(), seen, depth + 1);
    if (found != null) return found;
    for (Throwable s : t.getSuppressed()) {
      found = search(s, seen, depth + 1);
      if (found != null) return found;
    }
    return null;
  }

  private static String of(Throwable t) {
    String m = String.valueOf(t.getMessage());
    String type = t.getClass().getName();
    if (type.equals("java.lang.reflect.InaccessibleObjectException")) return "reflection refused: " + m;
    if (t instanceof IllegalCallerException) return "native code refused: " + m;
    if (t instanceof SecurityException && m.startsWith(ExitGuard.REFUSED)) return m;
    if ((t instanceof IllegalAccessException || t instanceof IllegalAccessError)
        && m.contains("in unnamed module") && m.indexOf("in unnamed module") < m.indexOf("cannot access")
        && (m.contains("in module " + HiddenModule.NAME) || m.contains("in module netlab.grader")
            || m.contains("in module java.base"))) {
      return "access refused: " + m;
    }
    if (t instanceof ClassNotFoundException || t instanceof NoClassDefFoundError) {
      String name = m.replace('/', '.');
      for (String f : FOREIGN) if (name.startsWith(f)) return "looked up the grader's classes: " + name;
    }
    if (t instanceof UnsatisfiedLinkError) return "native code refused: " + m;
    return null;
  }
}
