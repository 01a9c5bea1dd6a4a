package netlab.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import netlab.core.ExitCode;
import netlab.core.Jdk;
import netlab.core.Lang;
import netlab.core.LabHome;
import netlab.core.Msg;
import netlab.core.Printer;
import netlab.core.StartupTrace;
import java.util.concurrent.CompletableFuture;
import netlab.repl.LabState;
import netlab.repl.Repl;
import netlab.repl.Session;
import netlab.repl.StandardCommands;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.DumbTerminal;

/** Starts the REPL on the right terminal for how the lab was started. */
final class ReplLauncher {
  private ReplLauncher() {}

  static int launch(LabHome home, Main.Streams streams, boolean verbose, Lang flag) {
    boolean pretty = streams.interactive();
    StartupTrace.mark("launch");
    CompletableFuture<LabState> state = CompletableFuture.supplyAsync(() -> LabState.load(home));
    // the JShell engine's JDK (NETLAB_JAVA): a few ms of file reads, also off the start-up path
    CompletableFuture<Jdk.Choice> engineJdk = CompletableFuture.supplyAsync(() -> Jdk.forSnippets(streams.env()));

    try (Terminal terminal = openTerminal(streams)) {
      StartupTrace.mark("terminal " + terminal.getClass().getSimpleName());
      PrintWriter writer = streams.stdinTty() ? terminal.writer()
          : new PrintWriter(new OutputStreamWriter(streams.out(), StandardCharsets.UTF_8), true);
      // at a keyboard, output follows the terminal's width as it is resized
      Printer printer = streams.stdinTty() ? Printer.following(writer, pretty, terminal, streams.columns())
          : new Printer(writer, pretty, Math.min(Printer.MAX_WIDTH, streams.columns()));
      LabState loaded = state.join();
      // --lang, else the language 'lang' saved, else the locale
      Msg.use(Lang.resolve(flag, loaded.progress().progress().lang, streams.env()));
      Session session = new Session(home, printer, terminal, pretty, streams.stdinTty(), loaded);
      session.useEngineJdk(engineJdk.join());
      StartupTrace.mark("session");
      new Repl(session, StandardCommands.create(), terminal, verbose).run();
      writer.flush();
      return ExitCode.OK.code();
    } catch (IOException e) {
      streams.err().println("netlab: " + Msg.get("cli.noTerminal", e.getMessage()));
      return ExitCode.ENVIRONMENT.code();
    }
  }

  /**
   * A keyboard gets the system terminal (jline honours TERM=dumb itself). Piped input gets a
   * dumb terminal over the streams with echo off, so a script's output holds only the answers.
   */
  private static Terminal openTerminal(Main.Streams streams) throws IOException {
    if (streams.stdinTty()) {
      // jni first: on Java 22+ jline would pick its FFM provider, which starts ~150 ms slower
      return TerminalBuilder.builder().system(true).name("netlab").providers("jni,ffm,exec").build();
    }
    Terminal t = new DumbTerminal("netlab", "dumb", streams.in(), streams.out(), StandardCharsets.UTF_8);
    t.echo(false);
    // a ^C byte in the input cancels the line, as Ctrl-C does at a keyboard
    Attributes a = t.getAttributes();
    a.setLocalFlag(Attributes.LocalFlag.ISIG, true);
    a.setControlChar(Attributes.ControlChar.VINTR, 3);
    // unset control characters read as -1, which is also end-of-input: give them their usual keys
    a.setControlChar(Attributes.ControlChar.VQUIT, 28);
    a.setControlChar(Attributes.ControlChar.VSUSP, 26);
    a.setControlChar(Attributes.ControlChar.VSTATUS, 20);
    t.setAttributes(a);
    return t;
  }
}
