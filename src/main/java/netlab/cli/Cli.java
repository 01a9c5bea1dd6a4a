package netlab.cli;

import java.io.PrintWriter;
import netlab.core.ExitCode;
import netlab.core.Lang;
import netlab.core.LabHome;
import netlab.core.Msg;
import netlab.core.NetlabException;
import netlab.core.Printer;
import picocli.CommandLine;

/**
 * Parses the command line with picocli and maps every outcome to a named exit code: usage
 * errors to 2, {@link NetlabException}s to their own code, anything else to 4 (a bug).
 * With no arguments the REPL starts without loading picocli at all, which keeps start-up fast.
 */
final class Cli {
  private final Main.Streams streams;

  Cli(Main.Streams streams) {
    this.streams = streams;
  }

  int run(String[] args) {
    // until --lang and the saved choice are known, errors follow the locale
    Msg.use(Lang.fromEnvironment(streams.env()));
    try {
      langFlag = langFlag(args);
    } catch (NetlabException e) {
      PrintWriter err = streams.errWriter();
      err.println("netlab: " + e.getMessage());
      err.flush();
      return e.exitCode().code();
    }
    if (args.length == 0 || args.length == 2 && langFlag != null && args[0].equals("--lang")
        || args.length == 1 && langFlag != null && args[0].startsWith("--lang=")) {
      // the REPL, with or without --lang: still without picocli; it decides the language once it
      // has read the progress file
      if (args.length == 0 && streams.env().get("NETLAB_CDS_TRAINING") != null) endTrainingIn(45);
      int code = runRepl(false);
      if (args.length == 0 && streams.env().get("NETLAB_CDS_TRAINING") != null) trainCommandLine();
      return code;
    }
    Msg.use(Lang.resolve(langFlag, langFlag != null ? null : new netlab.progress.ProgressStore(home().progressFile()).peekLang(),
        streams.env()));
    return runCommandLine(args);
  }

  /** The language --lang names anywhere on the line ({@code --lang zh}, {@code --lang=zh}), or null. */
  static Lang langFlag(String[] args) throws NetlabException {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--")) break;
      String value = null;
      if (args[i].equals("--lang")) {
        if (i + 1 >= args.length) throw NetlabException.usage(Msg.get("lang.missing", Lang.allowed()));
        value = args[i + 1];
      } else if (args[i].startsWith("--lang=")) {
        value = args[i].substring("--lang=".length());
      }
      if (value != null) return Lang.parse(value);
    }
    return null;
  }

  /** What --lang asked for on this run, or null. */
  Lang langFlag() {
    return langFlag;
  }

  private Lang langFlag;

  private int runCommandLine(String[] args) {
    PrintWriter out = streams.outWriter();
    PrintWriter err = streams.errWriter();
    TopCommand top = new TopCommand(this);
    // the subcommands first: the settings below reach only the subcommands added by then
    CommandLine cl = TopCommand.commandLine(top, args);
    // --help in the language chosen above: descriptions, exit codes and headings are in the bundles
    cl.setResourceBundle(new HelpTexts(Msg.lang()));
    // --version names the JShell engine's JDK, which this run's environment (NETLAB_JAVA) decides
    TopCommand.VersionProvider version = new TopCommand.VersionProvider(streams.env());
    cl.getCommandSpec().versionProvider(version);
    cl.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(version));
    cl.setOut(out);
    cl.setErr(err);
    cl.setColorScheme(CommandLine.Help.defaultColorScheme(
        streams.colorOut() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
    cl.setParameterExceptionHandler((ex, a) -> {
      err.println("netlab: " + Msg.get("cli.usage", lowerFirst(ex.getMessage()), helpTarget(ex.getCommandLine())));
      return ExitCode.USAGE.code();
    });
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      if (ex instanceof NetlabException ne) {
        err.println("netlab: " + ne.getMessage());
        if (top.verbose && ne.getCause() != null) ne.getCause().printStackTrace(err);
        return ne.exitCode().code();
      }
      err.println("netlab: " + Msg.get(top.verbose ? "cli.internal" : "cli.internal.quiet", ex));
      if (top.verbose) ex.printStackTrace(err);
      return ExitCode.INTERNAL.code();
    });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /**
   * On a slow or crowded machine the scripted session may not finish before the launcher's own
   * limit, whose kill would lose the archive (it is written at exit). Ending the JVM normally
   * first keeps what was recorded so far: a partial archive still speeds up every later start.
   */
  private static void endTrainingIn(int seconds) {
    Thread t = new Thread(() -> {
      try {
        Thread.sleep(seconds * 1000L);
      } catch (InterruptedException e) {
        return;
      }
      System.exit(0);
    }, "cds-training-limit");
    t.setDaemon(true);
    t.start();
  }

  /**
   * The launcher records a class-data archive from one scripted REPL session; this adds the
   * command-line path (picocli, the subcommands) to it, printing nowhere.
   */
  private void trainCommandLine() {
    var devNull = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
    Main.Streams quiet = new Main.Streams(java.io.InputStream.nullInputStream(), devNull, devNull, streams.env(), false, false);
    new Cli(quiet).run(new String[] {"--help"});
    new Cli(quiet).run(new String[] {"exercises"});
    new Cli(quiet).run(new String[] {"lesson", "99"});
  }

  private static String helpTarget(CommandLine cl) {
    String name = cl.getCommandName();
    return cl.getParent() == null ? "" : name + " ";
  }

  private static String lowerFirst(String s) {
    if (s == null || s.isEmpty()) return Msg.get("cli.badArguments");
    return Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  Main.Streams streams() {
    return streams;
  }

  LabHome home() {
    return LabHome.locate(streams.env());
  }

  /** A printer for one-shot commands: colour only on a terminal. */
  Printer printer() {
    return new Printer(streams.outWriter(), streams.colorOut(), Math.min(100, streams.columns()));
  }

  int runRepl(boolean verbose) {
    return ReplLauncher.launch(home(), streams, verbose, langFlag);
  }
}
