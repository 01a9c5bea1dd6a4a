package netlab.cli;

import java.io.Console;
import java.lang.reflect.Method;

/**
 * Is this process attached to a terminal? On Java 17–21 {@code System.console()} is non-null
 * exactly when stdin and stdout both are; from Java 22 it is always non-null and
 * {@code Console.isTerminal()} answers instead.
 */
final class Terminals {
  private Terminals() {}

  static boolean stdinIsTerminal() {
    return consoleIsTerminal();
  }

  static boolean stdoutIsTerminal() {
    return consoleIsTerminal();
  }

  private static boolean consoleIsTerminal() {
    Console c = System.console();
    if (c == null) return false;
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(c);
    } catch (NoSuchMethodException e) {
      return true; // Java < 22: a console exists only for a terminal
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }
}
