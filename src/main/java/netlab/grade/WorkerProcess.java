package netlab.grade;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import netlab.core.Lang;
import netlab.core.Msg;
import netlab.grade.protocol.Channel;
import netlab.grade.protocol.Event;
import netlab.grade.protocol.Request;

/**
 * One grading worker JVM, seen from the lab: started with a command line from {@link WorkerSpec},
 * spoken to over a Unix socket, and killed (with every process it started) when it overruns its
 * wall-clock limit. Its stdout and stderr are drained into small buffers and never parsed.
 */
public final class WorkerProcess implements AutoCloseable {
  /** How a call ended: HALTED means the worker stopped before the end on purpose (and said why). */
  public enum Ending { DONE, TIMED_OUT, DIED, HALTED }

  /**
   * The events of one call, and how it ended; {@code why} explains DIED, TIMED_OUT and HALTED.
   * {@code foreign}: test events that came with another nonce (no real worker sends those).
   */
  public record Answer(List<Event> events, Ending ending, String why, List<String> foreign) {
    Answer(List<Event> events, Ending ending, String why) {
      this(events, ending, why, List.of());
    }
  }

  private static final int OUTPUT_KEEP = 16 * 1024;
  private static final Event GONE = Event.of("gone", null);

  private final Process process;
  private final Channel channel;
  private final Path socketDir;
  private final BlockingQueue<Event> inbox = new LinkedBlockingQueue<>();
  private final Tail stdout;
  private final Tail stderr;
  private volatile Event hello;
  private netlab.grade.sandbox.Confinement.Applied confined;
  /** One conversation at a time: callers share the inbox, and would drop each other's events. */
  private final java.util.concurrent.locks.ReentrantLock calling = new java.util.concurrent.locks.ReentrantLock();
  private volatile boolean tainted;
  /** What the worker is for ("grading worker" unless named, "compiler") and when it started: for NETLAB_CPU_TRACE. */
  private String role = "worker";
  private final long startedNanos = System.nanoTime();

  private WorkerProcess(Process process, Channel channel, Path socketDir, Tail stdout, Tail stderr) {
    this.process = process;
    this.channel = channel;
    this.socketDir = socketDir;
    this.stdout = stdout;
    this.stderr = stderr;
    Thread reader = new Thread(this::pump, "netlab-worker-reader-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** How long a worker's start is retried while the system says "Resource temporarily unavailable". */
  static final long BUSY_RETRY_NS = 20_000_000_000L;

  /**
   * Starts a worker and waits until it has connected and said hello. A start refused for want of
   * processes or threads for a moment is tried again: without cgroups every sandbox runs as the
   * same user ({@code nobody}, when the grader is root) and RLIMIT_NPROC counts all of them, so
   * another student's process bomb, ended moments later, could otherwise cost this student the
   * exercise ("the grader failed on this submission").
   */
  public static WorkerProcess start(WorkerSpec spec) throws IOException {
    long deadline = System.nanoTime() + BUSY_RETRY_NS;
    for (long pauseMs = 50; ; pauseMs = Math.min(1000, pauseMs * 2)) {
      try {
        return startOnce(spec);
      } catch (IOException e) {
        if (!String.valueOf(e.getMessage()).contains("Resource temporarily unavailable") || System.nanoTime() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(pauseMs);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static WorkerProcess startOnce(WorkerSpec spec) throws IOException {
    // a short path: Unix socket paths are limited to about 100 bytes
    Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "nl");
    Path socketPath = dir.resolve("w.sock");
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socketPath));
    // caps on memory and processes (cgroups, created before the worker so it starts inside them)
    netlab.grade.sandbox.Confinement.Applied limit = spec.confinement() == null ? null : spec.confinement().apply();
    if (limit != null && limit.sharedWithNobody()) {
      // the sandbox runs as another user, who must be able to connect (the folder stays private)
      Files.setPosixFilePermissions(socketPath, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
      Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
    }
    Process p;
    try {
      p = spec.processBuilder(socketPath, limit).start();
    } catch (IOException e) {
      server.close();
      if (limit != null) limit.close();
      deleteQuietly(dir);
      throw new IOException("cannot start a grading worker: " + e.getMessage(), e);
    }
    Tail out = new Tail(p.getInputStream(), "stdout");
    Tail err = new Tail(p.getErrorStream(), "stderr");
    try {
      SocketChannel conn = acceptWithin(server, p, spec.startTimeout());
      // no waiting for the worker's hello: a request sent now is read as soon as it is ready
      WorkerProcess w = new WorkerProcess(p, new Channel(conn), dir, out, err);
      w.confined = limit;
      w.role = "grading worker";
      return w;
    } catch (IOException e) {
      killTree(p);
      if (limit != null) limit.close();
      deleteQuietly(dir);
      String why = err.text().isBlank() ? " (" + e.getMessage() + ")"
          : ": " + err.text().strip().lines().findFirst().orElse("");
      throw new IOException("the grading worker did not start" + why, e);
    } finally {
      server.close();
    }
  }

  private static SocketChannel acceptWithin(ServerSocketChannel server, Process p, Duration timeout) throws IOException {
    server.configureBlocking(false);
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = 1;
    while (System.nanoTime() < deadline) {
      SocketChannel c = server.accept();
      if (c != null) {
        c.configureBlocking(true);
        return c;
      }
      if (!p.isAlive()) throw new IOException("the worker exited with " + p.exitValue() + " before connecting");
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while starting a worker");
      }
      pause = Math.min(10, pause + 1);
    }
    throw new IOException("the worker did not connect within " + timeout.toSeconds() + " s");
  }

  private void pump() {
    try {
      while (true) {
        Event e = channel.receive(Event.class);
        if (e == null) break;
        if ("hello".equals(e.type)) {
          hello = e;
        } else {
          inbox.add(e);
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // the worker has gone or sent garbage: both end the conversation
    }
    inbox.add(GONE);
  }

  /** What the worker said on connecting (pid, Java version, exit guard); null until it has. */
  public Event hello() {
    return hello;
  }

  /**
   * CPU the worker and everything it started have used so far, in milliseconds, read by the lab
   * from the kernel (never from the worker): for {@code NETLAB_CPU_TRACE}, what each test costs.
   */
  public long cpuMillis() {
    long total = cpuOf(process.toHandle());
    for (ProcessHandle h : process.descendants().toList()) total += cpuOf(h);
    return total;
  }

  private static long cpuOf(ProcessHandle h) {
    return h.info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
  }

  /**
   * For NETLAB_CPU_TRACE: the CPU of this worker's whole life, once, while it still runs (a
   * worker that died by itself, an exit or a thread bomb, is not counted).
   */
  private void traceLife(String how) {
    if (!CpuTrace.ON || lifeTraced || !process.isAlive()) return;
    lifeTraced = true;
    CpuTrace.test("(" + role + ")", how, (System.nanoTime() - startedNanos) / 1_000_000, cpuMillis());
  }

  private volatile boolean lifeTraced;

  /** Names what this worker is for in NETLAB_CPU_TRACE's lines ("compiler", say); returns it. */
  public WorkerProcess role(String role) {
    this.role = role;
    return this;
  }

  public long pid() {
    return process.pid();
  }

  /**
   * Sends a request and collects its events until {@code done}, the worker's death, or the
   * wall-clock limit (then the whole process tree is killed). Events carrying another nonce are
   * dropped: they cannot be an answer to this request. The reasons ({@code why}, {@code foreign})
   * are in the session's language.
   */
  public Answer call(Request request, Duration wallClock, Consumer<Event> onEvent) {
    return call(request, wallClock, onEvent, Msg.lang());
  }

  /**
   * As {@link #call(Request, Duration, Consumer)}, with the reasons in {@code lang}: batch grading
   * asks for English, since its reasons go into files (see {@link GradingRun#reasonsIn}).
   */
  public Answer call(Request request, Duration wallClock, Consumer<Event> onEvent, Lang lang) {
    return callStoppable(request, wallClock, onEvent, null, Duration.ZERO, lang);
  }

  /**
   * Like {@link #call}, for code that may run long on purpose (a JShell snippet): when
   * {@code limit} passes or the calling thread is interrupted (Ctrl-C), {@code stop} is sent and
   * the worker gets {@code grace} to finish; only then is it killed. Without a {@code stop}
   * request the worker is killed at once. {@code why} says what happened, in the session's language.
   */
  public Answer callStoppable(Request request, Duration limit, Consumer<Event> onEvent, Request stop, Duration grace) {
    return callStoppable(request, limit, onEvent, stop, grace, Msg.lang());
  }

  /**
   * As {@link #callStoppable(Request, Duration, Consumer, Request, Duration)}, with the reasons
   * in {@code lang}.
   */
  public Answer callStoppable(Request request, Duration limit, Consumer<Event> onEvent, Request stop, Duration grace,
      Lang lang) {
    calling.lock();
    try {
      return converse(request, limit, onEvent, stop, grace, lang == null ? Msg.lang() : lang);
    } finally {
      calling.unlock();
    }
  }

  private Answer converse(Request request, Duration limit, Consumer<Event> onEvent, Request stop, Duration grace,
      Lang lang) {
    if (request.nonce == null) request.nonce = UUID.randomUUID().toString();
    List<Event> events = new ArrayList<>();
    try {
      channel.send(request);
    } catch (IOException e) {
      tainted = true;
      return new Answer(events, Ending.DIED, diedBecause(null, lang));
    }
    long deadline = System.nanoTime() + limit.toNanos();
    String stoppedBecause = null;
    List<String> foreign = new ArrayList<>();
    while (true) {
      long left = deadline - System.nanoTime();
      Event e = null;
      boolean interrupted = false;
      try {
        if (left > 0) e = inbox.poll(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException ie) {
        interrupted = true;
      }
      if (e == null) {
        String why = interrupted ? Msg.format(lang, "worker.interrupted") : stop == null
            ? Msg.format(lang, "grader.wallClock", limit.toSeconds())
            : Msg.format(lang, "worker.timeLimit", limit.toSeconds());
        if (stop == null || stoppedBecause != null) {
          // no way to ask, or it did not stop when asked: end the process and all it started
          kill();
          if (interrupted) Thread.currentThread().interrupt();
          return new Answer(events, interrupted && stop == null ? Ending.DIED : Ending.TIMED_OUT,
              stoppedBecause != null ? stoppedBecause : why, foreign);
        }
        stoppedBecause = why;
        stop.nonce = request.nonce;
        try {
          channel.send(stop);
        } catch (IOException io) {
          tainted = true;
          return new Answer(events, Ending.DIED, diedBecause(events, lang));
        }
        deadline = System.nanoTime() + grace.toNanos();
        continue;
      }
      if (e == GONE) {
        tainted = true;
        return new Answer(events, Ending.DIED, diedBecause(events, lang), foreign);
      }
      if (!request.nonce.equals(e.nonce)) {
        if (List.of("started", "result", "done").contains(e.type)) {
          foreign.add(Msg.format(lang, "worker.foreignNonce", e.type));
        }
        continue;
      }
      events.add(e);
      if (onEvent != null) onEvent.accept(e);
      if ("taint".equals(e.type) || "exit".equals(e.type) || "halt".equals(e.type)) tainted = true;
      if ("halt".equals(e.type)) {
        traceLife("whole life, stopped itself");
        return new Answer(events, Ending.HALTED, e.message, foreign);
      }
      if ("done".equals(e.type)) return new Answer(events, Ending.DONE, stoppedBecause, foreign);
    }
  }

  /** Sends a message that expects no answer. */
  public void send(Request r) throws IOException {
    channel.send(r);
  }

  /** Why the worker died, in {@code lang}; an {@code exit} event keeps the worker's own words. */
  private String diedBecause(List<Event> events, Lang lang) {
    if (events != null) {
      for (Event e : events) if ("exit".equals(e.type)) return e.message;
    }
    try {
      process.waitFor(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String err = stderr.text();
    if (err.contains("OutOfMemoryError")) return Msg.format(lang, "worker.outOfMemory");
    if (confined != null && confined.memoryExhausted()) {
      return Msg.format(lang, "worker.memoryCap", netlab.grade.sandbox.Confinement.MEMORY_BYTES >> 20);
    }
    if (!process.isAlive()) {
      int code = process.exitValue();
      return code > 128 ? Msg.format(lang, "worker.signal", code - 128) : Msg.format(lang, "worker.exitCode", code);
    }
    return Msg.format(lang, "worker.notAnswering");
  }

  /** True once the worker should not be reused: a test timed out, threads were left, it died. */
  public boolean tainted() {
    return tainted || !process.isAlive();
  }

  public String stderrTail() {
    return stderr.text();
  }

  public String stdoutTail() {
    return stdout.text();
  }

  public void kill() {
    tainted = true;
    traceLife("whole life, killed");
    killTree(process);
  }

  static void killTree(Process p) {
    // children first, so none is re-parented and lost before we see it
    p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    // what the code under test started and left running: collected before the worker goes,
    // since its orphans would no longer count as its descendants
    List<ProcessHandle> leftovers = process.toHandle().descendants().toList();
    // its whole life's CPU, start-up included: with the tests' lines, what the rest costs
    traceLife("whole life");
    if (process.isAlive()) {
      try {
        channel.send(Request.of("quit", null));
        // a worker recording its class-data archive needs a moment to write it
        if (!process.waitFor(10, TimeUnit.SECONDS)) killTree(process);
      } catch (IOException e) {
        killTree(process);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        killTree(process);
      }
    }
    leftovers.forEach(ProcessHandle::destroyForcibly);
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing a dead channel
    }
    if (confined != null) confined.close();
    deleteQuietly(socketDir);
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // a temp dir left behind is harmless
    }
  }

  /** Drains a stream on a daemon thread, keeping only its last bytes. */
  static final class Tail {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

    Tail(InputStream in, String name) {
      Thread t = new Thread(() -> {
        byte[] buf = new byte[8192];
        try (in) {
          int n;
          while ((n = in.read(buf)) > 0) {
            if (netlab.core.StartupTrace.on()) System.err.write(buf, 0, n); // a worker's trace lines
            synchronized (kept) {
              if (kept.size() < OUTPUT_KEEP) kept.write(buf, 0, Math.min(n, OUTPUT_KEEP - kept.size()));
            }
          }
        } catch (IOException ignored) {
          // the process has gone
        }
      }, "netlab-worker-" + name);
      t.setDaemon(true);
      t.start();
    }

    String text() {
      synchronized (kept) {
        return kept.toString(java.nio.charset.StandardCharsets.UTF_8);
      }
    }
  }
}
