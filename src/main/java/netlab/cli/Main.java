package netlab.cli;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Entry point: wires the process's streams and exits with what {@link #run} returns. */
public final class Main {
  private Main() {}

  static {
    // see Repl: box-drawing characters as they are, never jline's alternate-charset switches
    if (System.getProperty("org.jline.utils.disableAlternateCharset") == null) {
      System.setProperty("org.jline.utils.disableAlternateCharset", "true");
    }
  }

  public static void main(String[] args) {
    Streams streams = new Streams(System.in, System.out, System.err, System.getenv(),
        Terminals.stdinIsTerminal(), Terminals.stdoutIsTerminal());
    int code = run(args, streams);
    System.exit(code);
  }

  /** Runs netlab with the given streams; returns the exit code. Tests call this directly. */
  public static int run(String[] args, Streams streams) {
    return new Cli(streams).run(args);
  }

  /** The process's view of the world, so tests can hand in their own. */
  public record Streams(InputStream in, PrintStream out, PrintStream err, Map<String, String> env,
      boolean stdinTty, boolean stdoutTty) {

    public PrintWriter outWriter() {
      return new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    }

    public PrintWriter errWriter() {
      return new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    }

    /** Colour and pager only for a real terminal, and never with TERM=dumb or NO_COLOR set. */
    public boolean colorOut() {
      return stdoutTty && !"dumb".equals(env.get("TERM")) && env.get("NO_COLOR") == null;
    }

    public boolean interactive() {
      return stdinTty && colorOut();
    }

    public int columns() {
      try {
        String c = env.get("COLUMNS");
        if (c != null) return Math.max(20, Integer.parseInt(c.trim()));
      } catch (NumberFormatException ignored) {
        // fall through to the default
      }
      return 80;
    }
  }
}
