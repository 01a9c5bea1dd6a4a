package netlab.snippet;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import netlab.core.ExitCode;
import netlab.core.Jdk;
import netlab.core.Msg;
import netlab.core.NetlabException;
import netlab.grade.WorkerProcess;
import netlab.grade.WorkerSpec;
import netlab.grade.protocol.Event;
import netlab.grade.protocol.Request;

/**
 * The lab's side of a JShell engine (a {@link SnippetWorkerMain} process). Keeps what was
 * evaluated successfully, so that when the engine dies (System.exit on Java 24+, a snippet that
 * would not stop) a fresh one is started and the earlier snippets replayed, with a one-line note.
 * A spare engine can be kept booting in the background, so that a reset costs nothing.
 */
public final class SnippetEngine implements AutoCloseable {
  /** Where an evaluation's output goes, as it happens. */
  public interface Listener {
    void out(String text);

    void result(Event e);

    /** One line about the engine itself (replaced, replayed). */
    void note(String text);

    Listener SILENT = new Listener() {
      @Override
      public void out(String text) {}

      @Override
      public void result(Event e) {}

      @Override
      public void note(String text) {}
    };
  }

  /** ok: every snippet was accepted and ran without an exception. */
  public record Outcome(boolean ok, String stopped) {}

  /** Source that evaluated without error, and the file it came from (null when typed), for a replay. */
  private record Evaluated(String source, String origin) {}

  private static final Duration GRACE = Duration.ofSeconds(2);

  private final WorkerSpec spec;
  private final Duration limit;
  private final List<Evaluated> history = new ArrayList<>();
  private CompletableFuture<WorkerProcess> current;
  private CompletableFuture<WorkerProcess> spare;
  private final boolean keepSpare;
  private final Jdk jdk;

  public SnippetEngine(WorkerSpec spec, Duration limit, boolean keepSpare) {
    this.spec = spec;
    this.limit = limit;
    this.keepSpare = keepSpare;
    this.jdk = jdkOf(spec.java());
  }

  /**
   * An engine on {@code jdk} (the lab's own, or the one {@code NETLAB_JAVA} names) whose
   * class-data archive, when {@code cdsDir} is set, is kept there.
   */
  public static SnippetEngine on(Jdk jdk, Path cdsDir, Duration limit, boolean keepSpare) {
    return new SnippetEngine(WorkerSpec.forJdk(jdk, cdsDir, "netlab.snippet.SnippetWorkerMain", "snippets"), limit, keepSpare);
  }

  private static Jdk jdkOf(Path java) {
    if (java.toAbsolutePath().normalize().equals(Jdk.lab().java())) return Jdk.lab();
    try {
      return Jdk.at(java);
    } catch (NetlabException e) {
      return Jdk.lab(); // a spec built by hand around an unknown java: assume the lab's version
    }
  }

  /** The JDK the engine runs on (read from its release file, before it starts). */
  public Jdk jdk() {
    return jdk;
  }

  private CompletableFuture<WorkerProcess> boot() {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return WorkerProcess.start(spec);
      } catch (IOException e) {
        return null;
      }
    });
  }

  /** Starts the engine in the background (the REPL does this at start-up). */
  public synchronized void prewarm() {
    if (current == null) current = boot();
  }

  private synchronized WorkerProcess engine() throws NetlabException {
    if (current == null) current = spare != null ? spare : boot();
    if (current == spare) spare = null;
    WorkerProcess w = current.join();
    if (w == null || w.tainted()) {
      if (w != null) w.kill();
      current = boot();
      w = current.join();
      if (w == null) throw new NetlabException(ExitCode.ENVIRONMENT, Msg.get("snippet.cannotStart"));
    }
    return w;
  }

  /** Forgets every definition: the engine process is replaced, so its sockets and threads go too. */
  public synchronized void reset() {
    if (current != null) {
      WorkerProcess old = current.getNow(null);
      if (old != null) {
        old.kill();
        old.close();
      } else {
        current.thenAccept(w -> { if (w != null) { w.kill(); w.close(); } });
      }
    }
    current = null;
    history.clear();
  }

  public List<String> history() {
    return history.stream().map(Evaluated::source).toList();
  }

  /** Boots a spare engine for the next reset, once the current one has done its first work. */
  private synchronized void keepSpareReady() {
    if (keepSpare && spare == null) spare = boot();
  }

  /** Waits until the engine has started and finished warming up (it answers a request). */
  public void awaitReady() throws NetlabException {
    analyze("");
  }

  /** Evaluates source (any number of snippets); output streams to the listener. */
  public Outcome eval(String source, Listener listener) throws NetlabException {
    return eval(source, null, listener);
  }

  /**
   * Evaluates the text of a file ({@code /open}): every snippet in it, on past one that fails, and
   * errors and stack frames name {@code origin} and the line in it.
   */
  public Outcome eval(String source, String origin, Listener listener) throws NetlabException {
    try {
      return evalOnce(new Evaluated(source, origin), listener);
    } finally {
      keepSpareReady();
    }
  }

  private Outcome evalOnce(Evaluated source, Listener listener) throws NetlabException {
    WorkerProcess w = engine();
    Request r = Request.of("eval", null);
    r.source = source.source();
    r.origin = source.origin();
    boolean[] ok = {true};
    WorkerProcess.Answer a = w.callStoppable(r, limit, e -> {
      switch (e.type) {
        case "out" -> listener.out(e.text);
        case "snippet" -> {
          if ("error".equals(e.kind) || "exception".equals(e.kind)) ok[0] = false;
          listener.result(e);
        }
        case "error" -> {
          ok[0] = false;
          listener.note(e.message);
        }
        default -> { }
      }
    }, Request.of("stop", null), GRACE, Msg.lang()); // why it stopped is told in the session's language
    if (a.ending() == WorkerProcess.Ending.DONE) {
      if (a.why() != null) return new Outcome(false, a.why());
      if (ok[0]) history.add(source);
      return new Outcome(ok[0], null);
    }
    // the engine is gone: the snippet ended it, or it would not stop and was killed
    String why = a.ending() == WorkerProcess.Ending.TIMED_OUT
        ? Msg.get("snippet.replaced", a.why()) : Msg.get("snippet.endedEngine", a.why());
    replace(listener);
    return new Outcome(false, why);
  }

  private void replace(Listener listener) throws NetlabException {
    synchronized (this) {
      if (current != null) {
        WorkerProcess dead = current.getNow(null);
        if (dead != null) dead.close();
      }
      current = null;
    }
    List<Evaluated> replay = List.copyOf(history);
    history.clear();
    if (replay.isEmpty()) {
      listener.note(Msg.get("snippet.fresh"));
      return;
    }
    int failed = 0;
    for (Evaluated src : replay) {
      if (!evalOnce(src, Listener.SILENT).ok()) failed++;
    }
    listener.note(failed == 0 ? Msg.get("snippet.replayed", replay.size()) : Msg.get("snippet.replayedFailed", replay.size(), failed));
  }

  /** jshell's completeness verdict for input typed so far: COMPLETE, DEFINITELY_INCOMPLETE, … */
  public String analyze(String source) throws NetlabException {
    Request r = Request.of("analyze", null);
    r.source = source;
    for (Event e : engine().call(r, Duration.ofSeconds(10), null).events()) {
      if ("analysis".equals(e.type)) return e.completeness;
    }
    return "UNKNOWN";
  }

  /** Completions for {@code source} at {@code cursor}; {@code anchor[0]} is where they start. */
  public List<String> complete(String source, int cursor, int[] anchor) throws NetlabException {
    Request r = Request.of("complete", null);
    r.source = source;
    r.cursor = cursor;
    for (Event e : engine().call(r, Duration.ofSeconds(10), null).events()) {
      if ("completions".equals(e.type)) {
        anchor[0] = e.anchor == null ? cursor : e.anchor;
        return e.suggestions == null ? List.of() : e.suggestions;
      }
    }
    return List.of();
  }

  /** What is defined now, one line each. */
  public List<String> list() throws NetlabException {
    return lines("list");
  }

  /** Marks the start of a jshell session: {@link #sources} lists what comes after. */
  public void mark() throws NetlabException {
    engine().call(Request.of("mark", null), Duration.ofSeconds(10), null);
  }

  /** The snippets entered since the {@link #mark}, numbered as jshell's /list numbers them. */
  public List<String> sources() throws NetlabException {
    return lines("sources");
  }

  private List<String> lines(String op) throws NetlabException {
    for (Event e : engine().call(Request.of(op, null), Duration.ofSeconds(10), null).events()) {
      if ("snippet".equals(e.type) && e.detail != null) return e.detail;
    }
    return List.of();
  }

  @Override
  public synchronized void close() {
    for (CompletableFuture<WorkerProcess> f : new ArrayList<>(java.util.Arrays.asList(current, spare))) {
      if (f == null) continue;
      WorkerProcess w = f.join();
      if (w != null) w.close(); // a clean quit, so the engine can record its class-data archive
    }
    current = null;
    spare = null;
  }
}
