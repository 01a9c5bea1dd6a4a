package netlab.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import org.jline.builtins.ScreenTerminal;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;

/**
 * An xterm of a given size that a test types into and whose screen it reads: what the program
 * writes goes through jline's VT100 emulator, so {@link #screen()} is what a student would see.
 */
public final class KeyboardTerminal implements AutoCloseable {
  private final PipedOutputStream keys = new PipedOutputStream();
  private final ByteArrayOutputStream written = new ByteArrayOutputStream();
  private final Terminal terminal;
  private final int columns;
  private final int rows;

  public KeyboardTerminal(int columns, int rows) throws IOException {
    this(columns, rows, "xterm-256color");
  }

  /** A terminal of the given terminfo type ("screen-256color": what tmux and screen announce). */
  public KeyboardTerminal(int columns, int rows, String type) throws IOException {
    this.columns = columns;
    this.rows = rows;
    terminal = new ExternalTerminal("test", type, new PipedInputStream(keys, 4096), written,
        StandardCharsets.UTF_8);
    terminal.setSize(new Size(columns, rows));
  }

  public Terminal terminal() {
    return terminal;
  }

  /** Every character the program has written to the terminal, escapes included. */
  public String written() {
    synchronized (written) {
      return written.toString(StandardCharsets.UTF_8);
    }
  }

  /** Types {@code text} as keys ("\r" is Enter). */
  public void type(String text) throws IOException {
    keys.write(text.getBytes(StandardCharsets.UTF_8));
    keys.flush();
  }

  /** The screen now, one line per row, trailing blanks removed. */
  public String screen() {
    String bytes;
    synchronized (written) {
      bytes = written.toString(StandardCharsets.UTF_8);
    }
    ScreenTerminal screen = new ScreenTerminal(columns, rows);
    screen.write(bytes);
    return screen.toString().lines().map(String::stripTrailing).reduce((a, b) -> a + "\n" + b).orElse("");
  }

  /** Waits until the screen shows {@code text}; fails with the screen after 30 s. */
  public String awaitScreen(String text) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      String s = screen();
      if (s.contains(text)) return s;
      if (System.nanoTime() > deadline) throw new AssertionError("the screen never showed '" + text + "':\n" + s);
      Thread.sleep(10);
    }
  }

  @Override
  public void close() throws IOException {
    keys.close();
    terminal.close();
  }
}
