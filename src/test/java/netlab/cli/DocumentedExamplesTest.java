package netlab.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netlab.core.LabHome;
import netlab.core.NetlabException;
import netlab.core.Printer;
import netlab.exercise.ExerciseCatalog;
import netlab.exercise.Starters;
import netlab.markdown.Markdown;
import netlab.repl.Args;
import netlab.repl.Command;
import netlab.repl.Repl;
import netlab.repl.Session;
import netlab.repl.StandardCommands;
import netlab.testing.LabRun;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Node;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every command a student is shown — README.md's inline code and tables, and what 'help' and
 * 'help CMD' print — is one the lab accepts. The examples are parsed out of the text, so a new
 * example is covered without touching this test; a pattern such as {@code run [N] [--fresh]} or
 * {@code lesson N|NAME} is tried in every form it allows, with a sample value for each
 * placeholder.
 *
 * <p>How each is checked:
 * <ul>
 *   <li><b>run</b>: REPL commands run for real in a lab session on a dumb terminal (the real
 *       lessons and exercises, a real JShell for 'run' and 'jshell', real demos on loopback for
 *       'demo' and 'say'); none may answer "unknown command" or end in an error.
 *   <li><b>recognised and valid</b>, not run: 'check' and 'watch' (they need a grading worker and
 *       'watch' runs until Ctrl-C), 'solution' (it needs a passing check first): the command is
 *       found, its --flags are in its usage, and the exercise it names (or the lesson's own) is
 *       one the lab knows. 'submit' (its arguments are being reworked): the command is found and
 *       its --flags are in its usage.
 *   <li><b>named</b>: a bare command name in prose where the command needs an argument
 *       ({@code `say` to chat}) only has to be a command.
 *   <li>CLI examples ({@code netlab …}, {@code ./netlab …}) must parse as the command line
 *       would parse them; the quick, self-contained ones (lesson, lessons, render, exercises,
 *       --version, --help) run for real and must exit 0. The rest start a worker, a demo that
 *       runs until Ctrl-C, or grade a class, so they are parsed, not run.
 * </ul>
 */
class DocumentedExamplesTest {
  @TempDir
  Path dir;

  /** Sample values for placeholders; "command:PLACEHOLDER" when it depends on the command. */
  private static final Map<String, String> SAMPLES = Map.ofEntries(
      Map.entry("lesson:NAME", "udp"),
      Map.entry("open:NAME", "udp"),
      Map.entry("demo:NAME", "udp-chat"),
      Map.entry("demo:N", "0"), // --port 0: any free port
      Map.entry("N", "1"),
      Map.entry("LANG", "en"),
      Map.entry("ID", "udp-echo"),
      Map.entry("EXERCISE", "udp-echo"),
      Map.entry("IDS", "udp-echo"),
      Map.entry("STUDENT-ID", "alice"),
      Map.entry("TEXT", "hello"),
      Map.entry("CMD", "lesson"),
      Map.entry("COMMAND", "lesson"),
      Map.entry("LESSON", "4"),
      Map.entry("FILE", "notes.md"),
      Map.entry("DIR", "out"),
      Map.entry("R", "report"),
      Map.entry("R1", "report-1"),
      Map.entry("R2", "report-2"),
      Map.entry("S", "5"),
      Map.entry("K", "1"));

  /** Need a grading worker, or a passing check: recognised and valid, not run. */
  private static final Set<String> VALID_ONLY = Set.of("check", "watch", "solution");
  /** Arguments in flux (owned by the submit rework): recognised, flags known. */
  private static final Set<String> RECOGNISED_ONLY = Set.of("submit");
  /** CLI subcommands that are quick and need nothing running: these run for real. */
  private static final Set<String> CLI_RUN = Set.of("lesson", "lessons", "render", "exercises", "--version", "--help");

  record Example(String where, String line) {}

  @Test
  void everyExampleInTheReadmeAndInHelpIsACommandTheLabAccepts() throws Exception {
    Path lab = dir.resolve("lab");
    LabRun.copyOfLab(lab);
    LabRun.copyTree(LabRun.repo().resolve("exercises"), lab.resolve("exercises"));
    Files.writeString(lab.resolve("notes.md"), "# Notes\n\nSome *text*.\n");
    LabHome home = new LabHome(lab);
    Starters.snapshotAll(home, ExerciseCatalog.load(home).exercises()); // what 'reset' restores

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    InputStream noInput = new ByteArrayInputStream(new byte[0]); // 'jshell' reads end of input: /exit
    DumbTerminal terminal = new DumbTerminal("test", "dumb", noInput, bytes, StandardCharsets.UTF_8);
    Printer printer = new Printer(new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true), false, 80);
    Session session = new Session(home, printer, terminal, false, false);
    Repl repl = new Repl(session, StandardCommands.create(), terminal, false);
    List<String> problems = new ArrayList<>();
    List<String> log = new ArrayList<>();
    try {
      List<Example> commands = new ArrayList<>();
      List<Example> cli = new ArrayList<>();
      collect(readme(), session, commands, cli);
      collect(help(session, repl, bytes), session, commands, cli);
      // the parser must find what the issue quotes, or it is finding nothing
      List<String> found = commands.stream().map(Example::line).toList();
      for (String must : List.of("lesson 4", "lesson udp", "demo handshake", "check udp-echo", "say hello", "help lesson")) {
        assertTrue(found.contains(must), "'" + must + "' not found among the examples: " + found);
      }
      assertTrue(cli.stream().anyMatch(e -> e.line().startsWith("lesson ")), "no CLI examples found: " + cli);

      for (Example e : commands) checkRepl(e, session, repl, problems, log);
      for (Example e : cli) checkCli(e, lab, problems, log);
    } finally {
      session.close();
      netlab.core.Msg.use(netlab.core.Lang.EN); // 'lang zh' may be among the examples
    }
    System.out.println(String.join("\n", log));
    assertTrue(problems.isEmpty(), "examples a student is shown that the lab does not accept:\n"
        + String.join("\n", problems));
  }

  // ---- finding the examples -------------------------------------------------------------------

  /** README.md's inline code spans, each with its line. */
  private static List<Example> readme() throws Exception {
    String text = Files.readString(LabRun.repo().resolve("README.md"));
    List<Example> spans = new ArrayList<>();
    Markdown.parse(text).accept(new AbstractVisitor() {
      @Override
      public void visit(Code code) {
        Node n = code;
        while (n != null && n.getSourceSpans().isEmpty()) n = n.getParent();
        int line = n == null ? 0 : n.getSourceSpans().get(0).getLineIndex() + 1;
        spans.add(new Example("README.md:" + line, code.getLiteral()));
      }
    });
    return spans;
  }

  private static final Pattern QUOTED = Pattern.compile("(?<![\\w'])'([^'\\n]+)'(?![\\w'])");

  /** What 'help' and 'help CMD' show: each command's usage line, and every 'quoted example'. */
  private static List<Example> help(Session session, Repl repl, ByteArrayOutputStream bytes) {
    List<Example> out = new ArrayList<>();
    List<String> asked = new ArrayList<>(List.of("help"));
    for (Command c : session.commands().commands()) asked.add("help " + c.name());
    for (String h : asked) {
      bytes.reset();
      repl.dispatch(h);
      String shown = bytes.toString(StandardCharsets.UTF_8);
      if (!h.equals("help")) out.add(new Example(h + " (usage)", shown.lines().findFirst().orElse("").strip()));
      // wrapped lines joined again, so that an example cut by the width is whole
      String joined = String.join(" ", shown.lines().map(String::strip).toList());
      Matcher m = QUOTED.matcher(joined);
      while (m.find()) out.add(new Example(h, m.group(1)));
    }
    return out;
  }

  private static final Pattern PIPED = Pattern.compile("printf '([^']*)' \\| (\\./)?netlab.*");
  private static final Pattern CLI_WORD = Pattern.compile("-{0,2}[a-z][a-z-]*");

  /** Sorts spans into REPL and CLI examples, in every form a pattern allows; the rest is prose. */
  private static void collect(List<Example> spans, Session session, List<Example> repl, List<Example> cli) {
    for (Example s : spans) {
      String t = s.line().strip();
      Matcher piped = PIPED.matcher(t);
      if (piped.matches()) {
        for (String l : piped.group(1).split("\\\\n")) if (!l.isBlank()) add(repl, new Example(s.where(), l.strip()));
        continue;
      }
      String[] words = t.split("\\s+");
      if (words[0].equals("netlab") || words[0].equals("./netlab")) {
        if (words.length < 2 || !CLI_WORD.matcher(words[1]).matches()) continue; // `netlab 03>`: the prompt
        String rest = t.substring(t.indexOf(' ') + 1).strip();
        for (String form : forms(rest, words[1])) add(cli, new Example(s.where() + " `" + t + "`", form));
      } else if (session.commands().find(words[0]).isPresent()) {
        for (String form : forms(t, words[0])) add(repl, new Example(s.where() + " `" + t + "`", form));
      }
    }
  }

  private static void add(List<Example> to, Example e) {
    if (to.stream().noneMatch(x -> x.line().equals(e.line()))) to.add(e);
  }

  // ---- patterns into command lines ------------------------------------------------------------

  /** The command lines a pattern stands for: each alternative, optional parts left out and put in. */
  static List<String> forms(String pattern, String command) {
    List<String> shapes = new ArrayList<>();
    for (String alternative : pattern.split(" \\| ")) optional(alternative.strip(), shapes);
    List<String> out = new ArrayList<>();
    for (String shape : shapes) {
      for (String words : wordAlternatives(shape.replace("…", "").replaceAll("\\s+", " ").strip())) {
        String line = fill(words, command);
        if (!out.contains(line)) out.add(line);
      }
    }
    return out;
  }

  /** {@code run [N] [--fresh]}: every combination. Only brackets around a placeholder or a flag are optional parts. */
  private static void optional(String s, List<String> out) {
    int open = -1;
    for (int i = 0; i < s.length(); i++) {
      // also a choice of words: lang [zh|en]
      if (s.charAt(i) == '[' && i + 1 < s.length() && (Character.isUpperCase(s.charAt(i + 1)) || s.startsWith("[--", i)
          || s.substring(i).matches("\\[[a-z]+(\\|[a-z]+)+].*"))) {
        open = i;
        break;
      }
    }
    if (open < 0) {
      if (!out.contains(s)) out.add(s);
      return;
    }
    int depth = 0;
    int close = -1;
    for (int i = open; i < s.length() && close < 0; i++) {
      if (s.charAt(i) == '[') depth++;
      if (s.charAt(i) == ']' && --depth == 0) close = i;
    }
    if (close < 0) throw new AssertionError("unbalanced [ in '" + s + "'");
    String before = s.substring(0, open);
    String after = s.substring(close + 1);
    optional((before + after).replaceAll("\\s+", " ").strip(), out);
    List<String> inner = new ArrayList<>();
    optional(s.substring(open + 1, close), inner);
    for (String in : inner) optional((before + in + after).replaceAll("\\s+", " ").strip(), out);
  }

  /** {@code lesson N|NAME}: one line per alternative word. */
  private static List<String> wordAlternatives(String s) {
    List<String> lines = new ArrayList<>(List.of(""));
    for (String w : s.split(" ")) {
      List<String> choices = w.matches("[A-Z][A-Z0-9-]*(\\|[A-Z][A-Z0-9-]*)+") || w.matches("[a-z]+(\\|[a-z]+)+")
          ? List.of(w.split("\\|")) : List.of(w);
      List<String> next = new ArrayList<>();
      for (String l : lines) for (String c : choices) next.add(l.isEmpty() ? c : l + " " + c);
      lines = next;
    }
    return lines;
  }

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$([A-Z]\\w*)|(?<![\\w$.-])([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*)(?![\\w.-])");

  /** Every placeholder replaced by its sample value; a placeholder without one fails the test. */
  private static String fill(String line, String command) {
    Matcher m = PLACEHOLDER.matcher(line);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      String value = SAMPLES.getOrDefault(command + ":" + name, SAMPLES.get(name));
      if (value == null) {
        throw new AssertionError("'" + line + "' has the placeholder " + name
            + "; give it a sample value in DocumentedExamplesTest.SAMPLES");
      }
      m.appendReplacement(b, Matcher.quoteReplacement(value));
    }
    m.appendTail(b);
    return b.toString();
  }

  // ---- checking them --------------------------------------------------------------------------

  private static void checkRepl(Example e, Session session, Repl repl, List<String> problems, List<String> log) {
    String line = e.line();
    int space = line.indexOf(' ');
    String name = space < 0 ? line : line.substring(0, space);
    String rest = space < 0 ? "" : line.substring(space + 1);
    Command c = session.commands().find(name).orElse(null);
    if (c == null) {
      problems.add(e.where() + ": '" + line + "' answers unknown command");
      return;
    }
    for (String w : Args.parse(rest).words()) {
      String flag = w.contains("=") ? w.substring(0, w.indexOf('=')) : w;
      if (flag.startsWith("--") && !c.usage().contains(flag)) {
        problems.add(e.where() + ": '" + line + "': " + flag + " is not in '" + c.usage() + "'");
      }
    }
    if (rest.isEmpty() && !forms(c.usage(), c.name()).contains(c.name())) {
      log.add("named      " + line);
      return;
    }
    if (RECOGNISED_ONLY.contains(c.name())) {
      log.add("recognised " + line);
      return;
    }
    if (VALID_ONLY.contains(c.name())) {
      repl.dispatch("lesson 2");
      try {
        session.exercise(Args.parse(rest.replaceAll("--\\S+", "").strip()));
        log.add("valid      " + line);
      } catch (NetlabException x) {
        problems.add(e.where() + ": '" + line + "' answers: " + x.getMessage());
      }
      return;
    }
    // run it where a student would: in a lesson (2, so that 'prev' and 'next' both have
    // somewhere to go), with a demo running for 'say'
    repl.dispatch("lesson 2");
    if (c.name().equals("say")) repl.dispatch("demo udp-chat");
    try {
      c.execute(session, Args.parse(rest));
      log.add("ran        " + line);
    } catch (NetlabException x) {
      problems.add(e.where() + ": '" + line + "' answers: " + x.getMessage());
    } catch (RuntimeException x) {
      problems.add(e.where() + ": '" + line + "' failed: " + x);
    }
  }

  private static void checkCli(Example e, Path lab, List<String> problems, List<String> log) {
    String[] args = e.line().split(" ");
    PrintStream nowhere = new PrintStream(java.io.OutputStream.nullOutputStream());
    Main.Streams streams = new Main.Streams(InputStream.nullInputStream(), nowhere, nowhere,
        Map.of("NETLAB_HOME", lab.toString()), false, false);
    try {
      TopCommand.commandLine(new TopCommand(new Cli(streams)), args).parseArgs(args);
    } catch (CommandLine.ParameterException x) {
      problems.add(e.where() + ": 'netlab " + e.line() + "' does not parse: " + x.getMessage());
      return;
    }
    if (!CLI_RUN.contains(args[0])) {
      log.add("parsed     netlab " + e.line());
      return;
    }
    String[] resolved = e.line().replace("notes.md", lab.resolve("notes.md").toString()).split(" ");
    LabRun r = LabRun.run(lab, "", resolved);
    if (r.exitCode != 0) problems.add(e.where() + ": 'netlab " + e.line() + "' exits " + r.exitCode + ": " + r.err.strip());
    else log.add("ran        netlab " + e.line());
  }
}
