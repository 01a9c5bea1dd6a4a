package netlab.repl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import netlab.core.LabHome;
import netlab.core.Printer;
import netlab.markdown.Wrap;
import netlab.testing.ToyLab;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A terminal resized between commands (SIGWINCH): the next help, check feedback, lesson and demo
 * lines wrap at the new width, as the lab's printer is wired at a keyboard.
 */
class TerminalResizeTest {
  @TempDir
  Path dir;

  @Test
  void afterAResizeTheNextOutputWrapsAtTheNewWidth() throws Exception {
    Path lab = ToyLab.create(dir);
    Files.writeString(lab.resolve("lessons/02-wide.md"), """
        ---
        title: Wide prose
        minutes: 5
        summary: A lesson whose paragraph is longer than any terminal is wide.
        ---

        A datagram is a self-contained message: it arrives whole or not at all, it may arrive twice, \
        and two datagrams may arrive in the other order; nothing in UDP tells the sender which of these happened.
        """);
    ToyLab.studentAdd(lab, "    throw new IllegalStateException(\"the sum could not be computed, because this starter"
        + " was never finished by the student who was given it\");");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Terminal terminal = new DumbTerminal("test", "dumb", new ByteArrayInputStream(new byte[0]), bytes, StandardCharsets.UTF_8);
    terminal.setSize(new Size(100, 30));
    Printer printer = Printer.following(new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true),
        false, terminal, 80);
    Session session = new Session(new LabHome(lab), printer, terminal, false, false);
    Repl repl = new Repl(session, StandardCommands.create(), terminal, false);
    try {
      String[] commands = {"help", "lesson 2", "check adder", "demo encoding"};
      for (String c : commands) {
        String out = run(repl, bytes, c);
        assertTrue(widest(out) > 60 && widest(out) <= 100, c + " at 100 columns:\n" + out);
      }
      terminal.setSize(new Size(60, 20));
      terminal.raise(Terminal.Signal.WINCH);
      for (String c : commands) {
        String out = run(repl, bytes, c);
        assertTrue(widest(out) <= 60, c + " after the resize to 60 columns:\n" + out);
        assertTrue(widest(out) > 40, c + " uses the width it has:\n" + out);
      }
    } finally {
      session.close();
    }
  }

  /** What {@code command} printed; a demo runs on, so its output is taken once it has finished. */
  private static String run(Repl repl, ByteArrayOutputStream bytes, String command) throws InterruptedException {
    int from = text(bytes).length();
    repl.dispatch(command);
    if (command.startsWith("demo ")) {
      String end = "demo " + command.substring(5) + " finished";
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!text(bytes).substring(from).contains(end)) {
        if (System.nanoTime() > deadline) throw new AssertionError("never printed '" + end + "':\n" + text(bytes));
        Thread.sleep(20);
      }
    }
    return text(bytes).substring(from);
  }

  private static int widest(String text) {
    return Arrays.stream(text.split("\n")).mapToInt(Wrap::columns).max().orElse(0);
  }

  private static String text(ByteArrayOutputStream b) {
    synchronized (b) {
      return b.toString(StandardCharsets.UTF_8);
    }
  }
}
