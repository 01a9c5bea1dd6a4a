package netlab.cli;

import java.io.PrintWriter;
import netlab.core.ExitCode;
import netlab.core.LabHome;
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
    if (args.length == 0) {
      if (streams.env().get("NETLAB_CDS_TRAINING") != null) endTrainingIn(45);
      int code = runRepl(false);
      if (streams.env().get("NETLAB_CDS_TRAINING") != null) trainCommandLine();
      return code;
    }
    PrintWriter out = streams.outWriter();
    PrintWriter err = streams.errWriter();
    TopCommand top = new TopCommand(this);
    CommandLine cl = new CommandLine(top);
    // --version names the JShell engine's JDK, which this run's environment (NETLAB_JAVA) decides
    TopCommand.VersionProvider version = new TopCommand.VersionProvider(streams.env());
    cl.getCommandSpec().versionProvider(version);
    cl.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(version));
    cl.setOut(out);
    cl.setErr(err);
    cl.setColorScheme(CommandLine.Help.defaultColorScheme(
        streams.colorOut() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
    cl.setParameterExceptionHandler((ex, a) -> {
      err.println("netlab: " + lowerFirst(ex.getMessage()) + "; see 'netlab "
          + helpTarget(ex.getCommandLine()) + "--help'");
      return ExitCode.USAGE.code();
    });
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      if (ex instanceof NetlabException ne) {
        err.println("netlab: " + ne.getMessage());
        if (top.verbose && ne.getCause() != null) ne.getCause().printStackTrace(err);
        return ne.exitCode().code();
      }
      err.println("netlab: internal error: " + ex + (top.verbose ? "" : " (run with --verbose for details)"));
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
    if (s == null || s.isEmpty()) return "bad arguments";
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
    return ReplLauncher.launch(home(), streams, verbose);
  }
}
