package netlab.grade.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Turns what a failed test threw into feedback a student can act on: the assertion's message, or
 * the exception and the student's own stack frames. Frames of the hidden tests, JUnit and the
 * JDK are left out, so the test's source is never revealed.
 */
final class Failures {
  private Failures() {}

  /** {@code tamper}: evidence that the code tried to reach into the grader, or null. */
  record Verdict(String reason, List<String> detail, boolean taints, String tamper) {
    Verdict(String reason, List<String> detail, boolean taints) {
      this(reason, detail, taints, null);
    }
  }

  /**
   * JUnit's and the JDK's assertion class names in front of a message (assertAll lists each
   * failure as "org.opentest4j.AssertionFailedError: …"; a test may wrap one): they tell a
   * student nothing the ✗ does not.
   */
  private static final Pattern ASSERTION_CLASS = Pattern.compile(
      "(?<![\\w.$])(?:org\\.opentest4j\\.\\w+|org\\.junit\\.[\\w.]+|java\\.lang\\.AssertionError): ");

  static Verdict explain(Throwable t, Set<String> studentClasses, long timeoutMs) {
    Verdict v = plain(t, studentClasses, timeoutMs);
    String evidence = Tampering.evidence(t);
    return new Verdict(clean(v.reason()), v.detail().stream().map(Failures::clean).toList(), v.taints(),
        evidence == null ? v.tamper() : evidence);
  }

  static String clean(String text) {
    return text == null ? null : ASSERTION_CLASS.matcher(text).replaceAll("");
  }

  private static Verdict plain(Throwable t, Set<String> studentClasses, long timeoutMs) {
    Throwable root = t;
    if (t instanceof ExitGuard.ExitAttempt exit) {
      return new Verdict("the program called System.exit(" + exit.status
          + "); code under test must return or throw, never end the JVM", studentFrames(t, studentClasses), false);
    }
    if (t instanceof TimeoutException || t.getClass().getName().endsWith("TimeoutException")
        && t.getMessage() != null && t.getMessage().contains("timed out after")) {
      return new Verdict("timed out after " + seconds(timeoutMs)
          + ": the code did not return (an endless loop, or waiting for data that never comes?)",
          whereTimedOut(t, studentClasses), true);
    }
    if (t instanceof OutOfMemoryError) {
      return new Verdict("ran out of memory (" + t.getMessage() + "); is something growing without bound?",
          studentFrames(t, studentClasses), true);
    }
    if (t instanceof StackOverflowError) {
      return new Verdict("stack overflow: a method calls itself without end", studentFrames(t, studentClasses), false);
    }
    if (t instanceof AssertionError) {
      String m = t.getMessage();
      return new Verdict(m == null || m.isBlank() ? "an expectation was not met" : m, List.of(), false);
    }
    // unwrap the wrappers test code may add around the student's exception
    while ((root instanceof java.util.concurrent.ExecutionException
        || root instanceof java.lang.reflect.InvocationTargetException) && root.getCause() != null) {
      root = root.getCause();
    }
    if (root instanceof ExitGuard.ExitAttempt || root instanceof AssertionError && root != t) {
      return plain(root, studentClasses, timeoutMs);
    }
    if (root instanceof NoClassDefFoundError) {
      String cls = String.valueOf(root.getMessage()).replace('/', '.');
      return new Verdict("class " + cls + " is missing: the tests use it but your files do not define it"
          + " (was it renamed?)", List.of(), false);
    }
    if (root instanceof IllegalAccessError && String.valueOf(root.getMessage()).contains("in module " + HiddenModule.NAME)
        && String.valueOf(root.getMessage()).contains("(in unnamed module")) {
      // the tests live in a package of their own: they can use only public classes and members
      return new Verdict("the tests cannot use part of your code: " + root.getMessage()
          + " (classes and methods the task names must be public, as in the starter)", List.of(), false);
    }
    if (root instanceof NoSuchMethodError || root instanceof NoSuchFieldError
        || root instanceof AbstractMethodError || root instanceof IncompatibleClassChangeError) {
      return new Verdict("your code's API differs from the task's: " + root.getMessage()
          + " (check names, parameter and return types against the README)", List.of(), false);
    }
    String name = root.getClass().getName().startsWith("java.") ? root.getClass().getSimpleName() : root.getClass().getName();
    String message = root.getMessage() == null ? name : name + ": " + root.getMessage();
    List<String> detail = studentFrames(root, studentClasses);
    if (root.getCause() != null && root.getCause() != root) {
      detail = new ArrayList<>(detail);
      Throwable c = root.getCause();
      detail.add("caused by " + c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage()));
      detail.addAll(studentFrames(c, studentClasses));
    }
    return new Verdict(message, detail, false);
  }

  /**
   * Where the test's thread was when its time ran out: JUnit hands its stack over as the cause
   * of the timeout failure. The student's frames say which line looped or waited; when none of
   * them is on that thread (the test waits on a helper of its own), the innermost frame of the
   * test class says what it was waiting for, which is what an instructor needs to tell a slow
   * machine from a hang.
   */
  static List<String> whereTimedOut(Throwable t, Set<String> studentClasses) {
    for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
      if (!c.getClass().getName().endsWith("ExecutionTimeoutException")) continue;
      List<String> frames = studentFrames(c, studentClasses);
      if (!frames.isEmpty()) return frames;
      for (StackTraceElement e : c.getStackTrace()) {
        String cls = e.getClassName();
        // the hidden tests live in netlab.hidden; the grader's own classes are the rest of netlab
        if (ServerLoops.jdk(cls) || cls.startsWith("org.junit.")
            || cls.startsWith("netlab.") && !cls.startsWith(Relocation.PACKAGE + ".")) {
          continue;
        }
        return List.of("the test was waiting at " + cls + "." + e.getMethodName() + "(" + e.getFileName() + ":"
            + e.getLineNumber() + ")");
      }
    }
    return List.of();
  }

  static List<String> studentFrames(Throwable t, Set<String> studentClasses) {
    List<String> out = new ArrayList<>();
    for (StackTraceElement e : t.getStackTrace()) {
      String cls = e.getClassName();
      int dollar = cls.indexOf('$');
      String top = dollar < 0 ? cls : cls.substring(0, dollar);
      if (studentClasses.contains(cls) || studentClasses.contains(top)) {
        out.add("at " + cls + "." + e.getMethodName() + "(" + e.getFileName() + ":" + e.getLineNumber() + ")");
        if (out.size() >= 8) break;
      }
    }
    return out;
  }

  static String seconds(long ms) {
    return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format("%.1f s", ms / 1000.0);
  }
}
