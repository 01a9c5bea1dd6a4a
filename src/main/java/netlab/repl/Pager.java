package netlab.repl;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import netlab.core.Printer;
import org.jline.builtins.Less;
import org.jline.builtins.Source;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;

/** Shows long text in jline's built-in {@code less}: arrows, space, {@code /} search, {@code q}. */
final class Pager {
  private Pager() {}

  static void show(Terminal terminal, List<AttributedString> lines, Printer out) {
    StringBuilder text = new StringBuilder();
    for (AttributedString l : lines) text.append(l.toAnsi(terminal)).append('\n');
    // less decodes its input with the default charset, so encode with the same one
    Source source = new Source.InputStreamSource(
        new ByteArrayInputStream(text.toString().getBytes(Charset.defaultCharset())), true, "lesson");
    try {
      Less less = new Less(terminal, Path.of(""));
      less.ignoreCaseCond = true;
      less.run(source);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // a pager failure must not lose the text: print it instead
      out.lines(lines);
    }
  }
}
