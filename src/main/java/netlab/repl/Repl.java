package netlab.repl;

import java.io.PrintWriter;
import java.io.StringWriter;
import netlab.core.Msg;
import netlab.core.NetlabException;
import netlab.core.StartupTrace;
import netlab.markdown.Theme;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;

/**
 * The read-eval-print loop. It never dies: Ctrl-C cancels the line, Ctrl-D leaves, and any
 * exception a command throws is reported and the loop goes on.
 */
public final class Repl {
  static {
    // Frames and rules are box-drawing characters, written as they are to a UTF-8 terminal.
    // jline would otherwise switch to the terminal's alternate character set for them (SO/SI on
    // tmux-256color), which tmux shows as 'q' and 'x' when the G1 set was never designated; the
    // flag is read once, when jline's AttributedCharSequence is first used, so it is set here,
    // before the REPL's first terminal exists, unless someone chose otherwise.
    if (System.getProperty("org.jline.utils.disableAlternateCharset") == null) {
      System.setProperty("org.jline.utils.disableAlternateCharset", "true");
    }
  }

  private final Session session;
  private final CommandTable table;
  private final LineReader reader;
  private final boolean verbose;

  public Repl(Session session, CommandTable table, Terminal terminal, boolean verbose) {
    this.session = session;
    this.table = table;
    this.verbose = verbose;
    session.setCommands(table);
    LineReaderBuilder b = LineReaderBuilder.builder()
        .terminal(terminal)
        .appName("netlab")
        .completer(new ReplCompleter(table, session))
        .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
        .option(LineReader.Option.AUTO_FRESH_LINE, true)
        .variable(LineReader.HISTORY_FILE_SIZE, 2000);
    if (session.keyboard()) {
      b.variable(LineReader.HISTORY_FILE, session.home().historyFile());
    }
    this.reader = b.build();
    StartupTrace.mark("line reader");
    session.setReader(reader);
  }

  public void run() {
    welcome();
    session.startBackgroundWork();
    // at a terminal the lab reopens where the student was; a script gets only what it asks for
    if (session.interactive()) session.current().ifPresent(session::open);
    while (!session.quitRequested()) {
      String line;
      try {
        session.out().setAbove(this::printAbove);
        StartupTrace.mark("prompt");
        line = reader.readLine(prompt());
      } catch (UserInterruptException e) {
        continue; // Ctrl-C: drop the line, stay in the lab
      } catch (EndOfFileException e) {
        break; // Ctrl-D
      } finally {
        session.out().setAbove(null);
      }
      dispatch(line);
    }
    session.close();
  }

  private void printAbove(AttributedString line) {
    reader.printAbove(line);
  }

  /** Runs one input line. Public so that tests and scripts can drive commands directly. */
  public void dispatch(String line) {
    String trimmed = line.trim();
    if (trimmed.isEmpty() || trimmed.startsWith("#")) return;
    int space = trimmed.indexOf(' ');
    String name = space < 0 ? trimmed : trimmed.substring(0, space);
    String rest = space < 0 ? "" : trimmed.substring(space + 1);
    Command command = table.find(name).orElse(null);
    if (command == null && JavaInput.looksLikeJava(trimmed)) {
      session.out().error(Msg.get("repl.java"));
      return;
    }
    if (command == null) {
      session.out().error(table.suggest(name).map(s -> Msg.get("repl.unknown.suggest", name, s))
          .orElseGet(() -> Msg.get("repl.unknown", name)));
      return;
    }
    try {
      command.execute(session, Args.parse(rest));
    } catch (NetlabException e) {
      session.out().error(e.getMessage());
    } catch (UserInterruptException e) {
      session.out().note(Msg.get("repl.interrupted"));
    } catch (RuntimeException | Error e) {
      // a bug (or an out-of-memory) in one command must not take the lab down
      session.out().error(Msg.get(verbose ? "repl.failed" : "repl.failed.quiet", name, e));
      if (verbose) {
        StringWriter sw = new StringWriter();
        e.printStackTrace(new PrintWriter(sw));
        session.out().println(sw.toString());
      }
    }
  }

  private String prompt() {
    if (!session.keyboard()) return ""; // piped input: no prompts in the output, like sqlite3 or bc
    String where = session.current().map(l -> "netlab " + l.id() + "> ").orElse("netlab> ");
    AttributedString p = new AttributedString(where, Theme.PROMPT);
    return session.out().color() ? p.toAnsi(reader.getTerminal()) : p.toString();
  }

  private void welcome() {
    var out = session.out();
    var catalog = session.catalog();
    out.wrapped(new AttributedStringBuilder()
        .styled(Theme.H1, "NetLab")
        .append(" " + Msg.get("welcome.tagline") + " ")
        .styled(Theme.DIM, Msg.get("welcome.help"))
        .toAttributedString());
    for (var p : catalog.problems()) out.warn(p.format(session.home().root()));
    session.current().ifPresentOrElse(
        l -> out.note(session.interactive()
            ? Msg.get("welcome.reopening", l.id(), l.title())
            : Msg.get("welcome.back", l.id(), l.title(), l.number())),
        () -> {
          if (!catalog.lessons().isEmpty()) out.note(Msg.get("welcome.start"));
        });
  }
}
