package netlab.core;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import netlab.markdown.Theme;
import netlab.markdown.Wrap;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Where commands write. Styled text becomes ANSI escapes when colour is on and plain text
 * otherwise (a pipe, TERM=dumb, NO_COLOR), so commands never check the mode themselves.
 * While a prompt is being edited, lines go through {@code above} (jline's printAbove) so that
 * background output (demos, watch) does not tear the line the user is typing.
 */
public final class Printer {
  private final PrintWriter out;
  private final boolean color;
  private final IntSupplier width;
  private volatile Consumer<AttributedString> above;

  public Printer(PrintWriter out, boolean color, int width) {
    this(out, color, () -> width);
  }

  /** A printer whose width is asked for each time it is used. */
  public Printer(PrintWriter out, boolean color, IntSupplier width) {
    this.out = out;
    this.color = color;
    this.width = width;
  }

  /**
   * A printer that formats for {@code terminal}'s width at the time of each output, so after a
   * resize (SIGWINCH) the next help, feedback, lesson or demo line fits the new width; jline
   * reads the size from the terminal itself. {@code fallback} while the terminal reports none.
   */
  public static Printer following(PrintWriter out, boolean color, Terminal terminal, int fallback) {
    return new Printer(out, color, () -> {
      int w = terminal.getWidth();
      return Math.min(MAX_WIDTH, w > 0 ? w : fallback);
    });
  }

  public boolean color() {
    return color;
  }

  /** Columns to format for; lessons are capped at 100 for readability. */
  public static final int MAX_WIDTH = 100;

  /** Columns to format for now. */
  public int width() {
    return width.getAsInt();
  }

  public PrintWriter writer() {
    return out;
  }

  /** Route output above the prompt while a line reader is active; {@code null} to stop. */
  public void setAbove(Consumer<AttributedString> above) {
    this.above = above;
  }

  public synchronized void println(AttributedString line) {
    Consumer<AttributedString> a = above;
    if (a != null) {
      a.accept(color ? line : new AttributedString(line.toString()));
      return;
    }
    out.println(color ? line.toAnsi() : line.toString());
    out.flush();
  }

  /** Raw text as a program printed it (it may end mid-line); never styled, never wrapped. */
  public synchronized void print(String text) {
    Consumer<AttributedString> a = above;
    if (a != null) {
      for (String l : text.split("\n", -1)) if (!l.isEmpty()) a.accept(new AttributedString(l));
      return;
    }
    out.print(text);
    out.flush();
  }

  public void println(String text) {
    println(new AttributedString(text));
  }

  public void println() {
    println(AttributedString.EMPTY);
  }

  public void println(String text, AttributedStyle style) {
    println(new AttributedString(text, style));
  }

  public void lines(List<AttributedString> lines) {
    for (AttributedString l : lines) println(l);
  }

  /** {@code error: <message>} in red: one line, says what is wrong and what to do. */
  public void error(String message) {
    wrapped(new AttributedStringBuilder().styled(Theme.BAD, Msg.label("label.error")).append(message).toAttributedString());
  }

  public void warn(String message) {
    wrapped(new AttributedStringBuilder().styled(Theme.WARN, Msg.label("label.warning")).append(message).toAttributedString());
  }

  public void note(String message) {
    wrapped(new AttributedString(message, Theme.DIM));
  }

  /** Prose: wrapped at word boundaries to the width, rather than cut by the terminal. */
  public void wrapped(AttributedString text) {
    lines(Wrap.wrap(text, width()));
  }

  /** Renders styled text the way this printer would print it (for pagers and files). */
  public String format(AttributedString line) {
    return color ? line.toAnsi() : line.toString();
  }
}
