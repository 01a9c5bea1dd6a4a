package netlab.snippet;

import netlab.core.Msg;
import netlab.core.Printer;
import netlab.grade.protocol.Event;
import netlab.markdown.JavaHighlighter;
import netlab.markdown.Theme;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Shows an evaluation the way jshell does: what the code printed, then {@code x ==> 5} for
 * values, "created method …" for definitions, errors with the line and a caret, exceptions with
 * the snippet's own frames.
 */
public final class SnippetPrinter implements SnippetEngine.Listener {
  private static final AttributedStyle VALUE = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
  private final Printer out;
  private boolean midLine;

  public SnippetPrinter(Printer out) {
    this.out = out;
  }

  @Override
  public void out(String text) {
    out.print(text);
    midLine = !text.endsWith("\n");
  }

  private void endLine() {
    if (midLine) out.println();
    midLine = false;
  }

  @Override
  public void result(Event e) {
    endLine();
    switch (e.kind == null ? "" : e.kind) {
      case "value" -> out.println(e.message, VALUE);
      case "created" -> out.println(e.message, Theme.DIM);
      case "error" -> {
        out.println(new AttributedStringBuilder().styled(Theme.BAD, Msg.label("label.error")).append(e.message).toAttributedString());
        if (e.detail != null) for (String d : e.detail) out.println(new AttributedString("  " + d));
      }
      case "exception" -> {
        out.println(new AttributedStringBuilder().styled(Theme.BAD, Msg.get("snippet.exception") + " ").append(e.message).toAttributedString());
        if (e.detail != null) for (String d : e.detail) out.println("      " + d, Theme.DIM);
      }
      case "info" -> {
        if (e.detail != null) for (String d : e.detail) out.println(d);
      }
      default -> out.println(String.valueOf(e.message));
    }
  }

  @Override
  public void note(String text) {
    endLine();
    out.note(text);
  }

  /**
   * Shows a snippet's source, coloured and indented, as the lesson's frame would: for a snippet
   * that is shown instead of run (it needs a newer Java than the engine's).
   */
  public static void showSource(Printer out, String code) {
    String src = code.endsWith("\n") ? code.substring(0, code.length() - 1) : code;
    AttributedString all = JavaHighlighter.highlight(src);
    int start = 0;
    for (int i = 0; i <= src.length(); i++) {
      if (i == src.length() || src.charAt(i) == '\n') {
        AttributedString line = all.subSequence(start, i);
        out.println(line.length() == 0 ? line : new AttributedStringBuilder().append("  ").append(line).toAttributedString());
        start = i + 1;
      }
    }
  }

  /** Ends a line the program left open, so the prompt starts on a fresh one. */
  public void finish() {
    endLine();
  }
}
