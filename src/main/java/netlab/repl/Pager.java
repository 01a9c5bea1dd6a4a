package netlab.repl;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import netlab.core.Msg;
import netlab.core.Printer;
import netlab.markdown.Wrap;
import org.jline.builtins.PositionedLess;
import org.jline.builtins.Source;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedCharSequence;
import org.jline.utils.AttributedString;
import org.jline.utils.InfoCmp;

/** Shows long text in jline's built-in {@code less}: arrows, space, {@code /} search, {@code q}. */
final class Pager {
  /** "q quit · / search · h help", in the lab's language. */
  static String keys() {
    return Msg.get("pager.keys");
  }

  private Pager() {}

  /**
   * What the reader did: the first line on screen when they left (0-based), and whether the last
   * line was ever on screen. {@code null} when the pager could not run and the text was printed.
   */
  record Paged(int firstLine, boolean endSeen) {}

  /**
   * Pages {@code lines} from {@code startLine}; the status line shows {@code title} (e.g.
   * "lesson 04"), the position and the keys.
   */
  static Paged show(Terminal terminal, List<AttributedString> lines, Printer out, String title, int startLine) {
    StringBuilder text = new StringBuilder();
    // colours as the terminal has them, but box-drawing characters as they are: less parses this
    // text again and drops the alternate-charset switches toAnsi(terminal) would use for them,
    // which left frames drawn as 'q' and 'x'
    Integer colors = terminal.getNumericCapability(InfoCmp.Capability.max_colors);
    for (AttributedString l : lines) {
      text.append(l.toAnsi(colors == null ? 8 : colors, AttributedCharSequence.ForceMode.None, terminal.getPalette(),
          null, null)).append('\n');
    }
    // less decodes its input with the default charset, so encode with the same one
    Source source = new Source.InputStreamSource(
        new ByteArrayInputStream(text.toString().getBytes(Charset.defaultCharset())), true, title);
    Position position = new Position(lines, title);
    // a start past the last screenful would leave the screen half empty
    int start = Math.min(startLine, position.lastTop(terminal.getHeight(), terminal.getWidth()));
    try {
      PositionedLess less = new PositionedLess(terminal, Path.of(""), start, position::status);
      less.ignoreCaseCond = true;
      less.run(source);
      return new Paged(less.firstLine(), position.endSeen);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Paged(start, position.endSeen);
    } catch (Exception e) {
      // a pager failure must not lose the text: print it instead
      out.lines(lines);
      return null;
    }
  }

  /** Where the reader is in the text, as less folds it to the screen's width. */
  static final class Position {
    private final List<AttributedString> lines;
    private final String title;
    boolean endSeen;

    Position(List<AttributedString> lines, String title) {
      this.lines = lines;
      this.title = title;
    }

    /**
     * The status line: "lesson 04 · lines 91–120/480 · 25%" (the lines on screen, and how far
     * the last of them is into the text), and "q quit · / search · h help" at its right end; the
     * least useful part goes first when the screen is narrow.
     */
    String status(int firstLine, int rows, int columns) {
      int last = lastOnScreen(firstLine, rows, columns);
      if (last == lines.size() - 1) endSeen = true;
      int total = Math.max(1, lines.size());
      String range = last > firstLine ? Msg.get("pager.lines", firstLine + 1, last + 1) : Msg.get("pager.line", last + 1);
      String where = range + "/" + lines.size() + " · " + (100 * (last + 1) / total) + "%";
      String titled = title == null || title.isEmpty() ? where : title + " · " + where;
      // less would wrap a status as wide as the screen, so one column stays free
      int room = columns - 1;
      String[][] choices = {{titled, keys()}, {where, keys()}, {where, Msg.get("pager.quit")}};
      for (String[] c : choices) {
        // by display columns: a Chinese status is twice as wide as it is long
        int gap = room - Wrap.columns(c[0]) - Wrap.columns(c[1]);
        if (gap >= 2) return c[0] + " ".repeat(gap) + c[1];
      }
      return where;
    }

    /** The last line (0-based) wholly on screen when {@code first} is at the top. */
    int lastOnScreen(int first, int rows, int columns) {
      int room = Math.max(1, rows - 1);
      int last = Math.min(first, lines.size() - 1);
      for (int i = first; i < lines.size(); i++) {
        room -= rowsOf(i, columns);
        if (room < 0) break;
        last = i;
      }
      return last;
    }

    /** The greatest top line that still fills the screen. */
    int lastTop(int rows, int columns) {
      int room = Math.max(1, rows - 1);
      int top = lines.size();
      while (top > 0 && room - rowsOf(top - 1, columns) >= 0) {
        room -= rowsOf(top - 1, columns);
        top--;
      }
      return Math.min(top, Math.max(0, lines.size() - 1));
    }

    private int rowsOf(int line, int columns) {
      int width = lines.get(line).columnLength();
      return columns <= 0 || width == 0 ? 1 : (width + columns - 1) / columns;
    }
  }
}
