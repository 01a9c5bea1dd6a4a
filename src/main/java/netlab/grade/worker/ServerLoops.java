package netlab.grade.worker;

import java.util.Set;

/**
 * Why a thread of the student's code is still running after the tests, when its stack says so:
 * a server's loop that goes on after close(), blocked in (or spinning around) an accept, receive,
 * read or select on a socket. The most common bug of the server exercises, and one a list of
 * thread names does not explain.
 */
final class ServerLoops {
  static final String CAUSE = "the server's loop keeps running after close() — close the socket it blocks on"
      + " / check a closed flag";

  private ServerLoops() {}

  /**
   * Where a thread's student code waits on a socket, e.g. {@code DatagramSocket.receive, called
   * from EchoServer.serve(EchoServer.java:21)}; null when it does not.
   */
  static String socketCall(StackTraceElement[] stack, Set<String> studentClasses) {
    int student = -1;
    for (int i = 0; i < stack.length && student < 0; i++) {
      if (isStudent(stack[i].getClassName(), studentClasses)) student = i;
    }
    if (student <= 0) return null;
    boolean socket = false;
    for (int i = 0; i < student; i++) {
      // only the JDK between the wait and the student's code: a frame of the hidden tests is never named
      if (!jdk(stack[i].getClassName())) return null;
      socket |= socketWait(stack[i]);
    }
    if (!socket) return null;
    StackTraceElement api = stack[student - 1];
    StackTraceElement from = stack[student];
    String cls = api.getClassName();
    return cls.substring(cls.lastIndexOf('.') + 1) + "." + api.getMethodName() + ", called from "
        + from.getClassName() + "." + from.getMethodName() + "(" + from.getFileName() + ":" + from.getLineNumber() + ")";
  }

  /** A JDK networking frame that waits for a peer (or fails at once on a closed socket). */
  private static boolean socketWait(StackTraceElement e) {
    String c = e.getClassName();
    if (!(c.startsWith("java.net.") || c.startsWith("sun.nio.ch.") || c.startsWith("java.nio.channels."))) return false;
    String m = e.getMethodName().toLowerCase(java.util.Locale.ROOT);
    return m.contains("accept") || m.contains("receive") || m.contains("read") || m.contains("select");
  }

  /** A class of the JDK's own (its frames say nothing about the student's code or the test's). */
  static boolean jdk(String cls) {
    return cls.startsWith("java.") || cls.startsWith("javax.") || cls.startsWith("sun.") || cls.startsWith("jdk.")
        || cls.startsWith("com.sun.");
  }

  private static boolean isStudent(String cls, Set<String> studentClasses) {
    int dollar = cls.indexOf('$');
    return studentClasses.contains(cls) || dollar > 0 && studentClasses.contains(cls.substring(0, dollar));
  }
}
