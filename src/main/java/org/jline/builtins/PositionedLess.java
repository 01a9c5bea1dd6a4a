package org.jline.builtins;

import java.io.IOException;
import java.nio.file.Path;
import org.jline.terminal.Terminal;

/**
 * jline's {@link Less}, opened at a given line, with a status line its caller writes. Less builds
 * its status line in a package-private method and offers no hook for it, so this class lives in
 * Less's package (the lab's jar is shaded, so it is the same runtime package); the paging,
 * searching and keys are all Less's own.
 */
public class PositionedLess extends Less {
  /** The status line for the first line on screen (0-based) and the screen's rows and columns. */
  public interface StatusLine {
    String text(int firstLine, int rows, int columns);
  }

  private final int startLine;
  private final StatusLine status;
  private boolean opened;
  private String shown;

  public PositionedLess(Terminal terminal, Path currentDir, int startLine, StatusLine status) {
    super(terminal, currentDir);
    this.startLine = Math.max(0, startLine);
    this.status = status;
  }

  /** The first line on screen (0-based): where the reader left the text. */
  public int firstLine() {
    return firstLineToDisplay;
  }

  @Override
  protected void openSource() throws IOException {
    super.openSource();
    // source 0 is Less's help text; the first time the caller's text opens, go to the start line
    if (!opened && sourceIdx == 1) {
      opened = true;
      firstLineToDisplay = startLine;
    }
  }

  @Override
  synchronized boolean display(boolean oneScreen, Integer curPos) throws IOException {
    // Less's own messages (a failed search, an option toggled, the help) stay; its idle ':',
    // the file name shown on opening and '(END)' give way to the caller's status line
    boolean idle = message == null || message.equals(shown) || message.equals("(END)")
        || message.equals(sources.get(sourceIdx).getName());
    if (sourceIdx == 1 && buffer.length() == 0 && idle) {
      shown = status.text(firstLineToDisplay, size.getRows(), size.getColumns());
      message = shown;
    }
    return super.display(oneScreen, curPos);
  }
}
