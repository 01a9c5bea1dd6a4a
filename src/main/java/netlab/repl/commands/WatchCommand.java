package netlab.repl.commands;

import netlab.core.Msg;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import netlab.core.ExitCode;
import netlab.core.NetlabException;
import netlab.exercise.Exercise;
import netlab.repl.Args;
import netlab.repl.Session;
import org.jline.reader.Completer;
import org.jline.terminal.Terminal;

public final class WatchCommand extends BaseCommand {
  /** Editors save in bursts (temp file, rename, touch): wait for the burst to end. */
  private static final long SETTLE_MS = 150;

  public WatchCommand() {
    super("watch");
  }

  @Override
  public Completer completer(Session session) {
    return new ExerciseCompleter(session);
  }

  @Override
  public void execute(Session session, Args args) throws NetlabException {
    Exercise ex = session.exercise(args);
    Path dir = ex.starterDir(session.home());
    var out = session.out();
    Thread me = Thread.currentThread();
    Terminal terminal = session.terminal();
    Terminal.SignalHandler previous = terminal == null ? null
        : terminal.handle(Terminal.Signal.INT, signal -> me.interrupt());
    try (WatchService watcher = dir.getFileSystem().newWatchService()) {
      dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
          StandardWatchEventKinds.ENTRY_DELETE);
      CheckCommand.run(session, ex);
      out.note(Msg.get("watch.start", session.home().show(dir)));
      while (!Thread.currentThread().isInterrupted()) {
        WatchKey key = watcher.take();
        boolean java = drain(key);
        // let the burst settle, collecting what else changed meanwhile
        WatchKey more;
        while ((more = watcher.poll(SETTLE_MS, TimeUnit.MILLISECONDS)) != null) java |= drain(more);
        if (java && !Thread.currentThread().isInterrupted()) {
          out.println();
          CheckCommand.run(session, ex);
          out.note(Msg.get("watch.again"));
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // Ctrl-C: the normal way out
    } catch (IOException e) {
      throw new NetlabException(ExitCode.ENVIRONMENT, Msg.get("watch.failed", session.home().show(dir), e.getMessage()));
    } finally {
      Thread.interrupted(); // clear the flag: the REPL goes on
      if (terminal != null) terminal.handle(Terminal.Signal.INT, previous);
    }
    out.println(Msg.get("watch.stopped", ex.id()));
  }

  private static boolean drain(WatchKey key) {
    boolean java = false;
    for (WatchEvent<?> e : key.pollEvents()) {
      Object ctx = e.context();
      if (ctx != null && ctx.toString().endsWith(".java") && !ctx.toString().startsWith(".")) java = true;
      if (e.kind() == StandardWatchEventKinds.OVERFLOW) java = true;
    }
    key.reset();
    return java;
  }
}
