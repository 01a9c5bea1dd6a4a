package netlab.repl.commands;

import netlab.core.Msg;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import netlab.core.NetlabException;
import netlab.markdown.Theme;
import netlab.repl.Args;
import netlab.repl.Session;
import netlab.snippet.SnippetEngine;
import netlab.snippet.SnippetPrinter;
import org.jline.builtins.Completers;
import org.jline.reader.Candidate;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.SyntaxError;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;

public final class JShellCommand extends BaseCommand {
  public JShellCommand() {
    super("jshell");
  }

  @Override
  public void execute(Session session, Args args) throws NetlabException {
    var out = session.out();
    var runner = session.snippets();
    SnippetEngine engine = runner.engine();
    var lesson = session.current().orElse(null);
    if (lesson != null) {
      int defined = runner.defineAll(lesson);
      if (defined > 0) out.note(Msg.get("jshell.defined", defined, lesson.id()));
    }
    out.note(Msg.get("jshell.intro", engine.jdk().describe()));
    // /list shows what is entered from here on, not the lesson's snippets nor an earlier session's
    if (!engine.history().isEmpty()) engine.mark();
    Completers.FileNameCompleter files = new LabFiles(session.home().root());
    LineReader reader = LineReaderBuilder.builder()
        .terminal(session.terminal())
        .appName("jshell")
        .parser(new JavaParser(engine))
        .completer((r, line, candidates) -> {
          if (line.wordIndex() == 1 && line.words().get(0).equals("/open")) files.complete(r, line, candidates);
          else complete(engine, line, candidates);
        })
        .variable(LineReader.SECONDARY_PROMPT_PATTERN, "   ...> ")
        .variable(LineReader.INDENTATION, 2)
        .variable(LineReader.HISTORY_FILE, session.keyboard() ? session.home().state().resolve("jshell-history") : null)
        .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
        .option(LineReader.Option.INSERT_BRACKET, false)
        .build();
    String prompt = session.keyboard() ? (session.out().color() ? "\u001b[1;33mjshell>\u001b[0m " : "jshell> ") : "";
    while (true) {
      String line;
      try {
        line = reader.readLine(prompt);
      } catch (UserInterruptException e) {
        continue;
      } catch (EndOfFileException e) {
        break;
      }
      String cmd = line.strip();
      if (cmd.isEmpty()) continue;
      if (cmd.equals("/exit") || cmd.equals("/quit")) break;
      if (cmd.startsWith("/")) {
        slash(session, cmd);
        continue;
      }
      SnippetPrinter printer = new SnippetPrinter(out);
      SnippetEngine.Outcome o = session.interruptible(() -> engine.eval(line, printer));
      printer.finish();
      if (o.stopped() != null) out.println(o.stopped(), Theme.WARN);
    }
    out.note(Msg.get("jshell.back"));
  }

  private static void slash(Session session, String cmd) throws NetlabException {
    var out = session.out();
    switch (cmd.split("\\s+")[0]) {
      case "/open" -> open(session, cmd.substring("/open".length()).strip());
      case "/list" -> {
        List<String> lines = session.snippets().engine().sources();
        if (lines.isEmpty()) out.note(Msg.get("jshell.listEmpty"));
        for (String l : lines) out.println(l);
      }
      case "/edit" -> out.error(Msg.get("jshell.noEdit"));
      case "/vars", "/methods", "/types", "/imports" -> {
        List<String> lines = session.snippets().engine().list();
        String filter = switch (cmd.split("\\s+")[0]) {
          case "/methods" -> "method ";
          case "/imports" -> "import ";
          case "/types" -> "class |interface |enum |record |annotation";
          default -> null;
        };
        for (String l : lines) {
          if (filter == null ? !l.startsWith("import ") : l.matches("^(" + filter + ").*")) out.println(l);
        }
      }
      case "/reset" -> {
        session.snippets().fresh();
        out.note(Msg.get("jshell.reset"));
      }
      case "/help" -> out.println(Msg.get("jshell.help"));
      default -> out.error(Msg.get("jshell.unknown", cmd));
    }
  }

  /**
   * Runs a file's code as jshell's /open does: every snippet in it, in order, with errors naming
   * the file and line. Paths are relative to the lab folder, where the READMEs' paths start.
   */
  private static void open(Session session, String arg) throws NetlabException {
    var out = session.out();
    String name = arg.length() > 1 && (arg.startsWith("\"") && arg.endsWith("\"") || arg.startsWith("'") && arg.endsWith("'"))
        ? arg.substring(1, arg.length() - 1) : arg;
    if (name.isEmpty()) {
      out.error(Msg.get("jshell.openWhich"));
      return;
    }
    Path file = session.home().root().resolve(name);
    String source;
    try {
      if (Files.isDirectory(file)) {
        out.error(Msg.get("jshell.folder", name));
        return;
      }
      source = Files.readString(file);
    } catch (java.nio.file.NoSuchFileException e) {
      out.error(Msg.get("jshell.noFile", name, session.home().root()));
      return;
    } catch (MalformedInputException e) {
      out.error(Msg.get("jshell.notUtf8", name));
      return;
    } catch (IOException e) {
      out.error(Msg.get("jshell.cannotRead", name, e.getMessage()));
      return;
    }
    SnippetPrinter printer = new SnippetPrinter(out);
    SnippetEngine.Outcome o = session.interruptible(() -> session.snippets().engine().eval(source, name, printer));
    printer.finish();
    if (o.stopped() != null) out.println(o.stopped(), Theme.WARN);
  }

  /** File names for /open, from the lab folder rather than wherever the lab was started. */
  private static final class LabFiles extends Completers.FileNameCompleter {
    private final Path root;

    LabFiles(Path root) {
      this.root = root;
    }

    @Override
    protected Path getUserDir() {
      return root;
    }
  }

  private static void complete(SnippetEngine engine, ParsedLine line, List<Candidate> candidates) {
    String buffer = line.line();
    int cursor = line.cursor();
    int[] anchor = new int[1];
    List<String> suggestions;
    try {
      suggestions = engine.complete(buffer.substring(0, cursor), cursor, anchor);
    } catch (NetlabException e) {
      return;
    }
    // jline replaces the current word; JShell's suggestion starts at its anchor inside it
    int wordStart = cursor - line.wordCursor();
    String keep = anchor[0] > wordStart && anchor[0] <= cursor ? buffer.substring(wordStart, anchor[0]) : "";
    for (String s : suggestions) {
      boolean complete = !s.endsWith("(") && !s.endsWith(".");
      candidates.add(new Candidate(keep + s, s, null, null, null, null, complete));
    }
  }

  /** Asks JShell whether the input so far is a whole snippet; if not, jline reads another line. */
  private static final class JavaParser implements Parser {
    private final SnippetEngine engine;
    private final DefaultParser words = new DefaultParser();

    JavaParser(SnippetEngine engine) {
      this.engine = engine;
      words.setEscapeChars(new char[0]);
      words.setQuoteChars(new char[0]);
    }

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) throws SyntaxError {
      if (context == ParseContext.ACCEPT_LINE && !line.isBlank() && !line.strip().startsWith("/")) {
        String verdict;
        try {
          verdict = engine.analyze(line);
        } catch (NetlabException e) {
          verdict = "COMPLETE";
        }
        if (verdict.equals("DEFINITELY_INCOMPLETE") || verdict.equals("CONSIDERED_INCOMPLETE")) {
          throw new EOFError(-1, -1, "incomplete");
        }
      }
      return words.parse(line, cursor, context);
    }
  }
}
