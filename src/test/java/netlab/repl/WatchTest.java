package netlab.repl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import netlab.core.LabHome;
import netlab.core.Printer;
import netlab.testing.ToyLab;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** watch checks again when a file is saved, and Ctrl-C (SIGINT on the terminal) stops it. */
class WatchTest {
  @TempDir
  Path dir;

  @Test
  void watchRechecksOnSaveAndStopsOnCtrlC() throws Exception {
    Path lab = ToyLab.create(dir);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Terminal terminal = new DumbTerminal("test", "dumb", new ByteArrayInputStream(new byte[0]), bytes, StandardCharsets.UTF_8);
    Printer printer = new Printer(new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true), false, 80);
    Session session = new Session(new LabHome(lab), printer, terminal, false, false);
    Repl repl = new Repl(session, StandardCommands.create(), terminal, false);
    Thread watching = new Thread(() -> repl.dispatch("watch adder"));
    watching.start();
    try {
      waitFor(bytes, "watching exercises/01-adder");
      assertTrue(text(bytes).contains("score 0/3"), text(bytes));
      ToyLab.solve(lab);
      waitFor(bytes, "score 3/3");
      terminal.raise(Terminal.Signal.INT);
      watching.join(10_000);
      assertFalse(watching.isAlive(), "Ctrl-C stops watching");
      assertTrue(text(bytes).contains("stopped watching adder"), text(bytes));
      repl.dispatch("exercises");
      assertTrue(text(bytes).contains("passing"), "the REPL goes on: " + text(bytes));
    } finally {
      watching.interrupt();
      session.close();
    }
  }

  private static String text(ByteArrayOutputStream b) {
    synchronized (b) {
      return b.toString(StandardCharsets.UTF_8);
    }
  }

  private static void waitFor(ByteArrayOutputStream b, String what) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!text(b).contains(what)) {
      if (System.nanoTime() > deadline) throw new AssertionError("never printed '" + what + "':\n" + text(b));
      Thread.sleep(10);
    }
  }
}
