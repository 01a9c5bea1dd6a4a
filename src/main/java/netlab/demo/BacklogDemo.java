package netlab.demo;

import static netlab.core.Msg.get;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Lesson 07: the accept queue. The kernel completes handshakes by itself and queues the
 * connections until the program calls accept(); the backlog caps that queue, and once it is
 * full new connections cannot complete. Queue lengths are read from the kernel at every step.
 */
public final class BacklogDemo implements Demo {
  static final int BACKLOG = 3;
  static final int CONNECT_TIMEOUT_MS = 500;

  @Override
  public String name() {
    return "backlog";
  }

  @Override
  public int lesson() {
    return 7;
  }

  @Override
  public String summary() {
    return netlab.core.Msg.get("demo.backlog.summary");
  }

  @Override
  public boolean listening() {
    return false;
  }

  @Override
  public String options() {
    return "[--port N]";
  }

  @Override
  public void start(DemoContext ctx) throws Exception {
    var log = ctx.log();
    if (!KernelSockets.available()) {
      simulate(ctx);
      return;
    }
    ServerSocket server = ctx.own(new ServerSocket());
    server.bind(new InetSocketAddress(ctx.loopback(), ctx.port("port")), BACKLOG);
    int port = server.getLocalPort();
    log.event("server", get("demo.backlog.listening", port, BACKLOG));
    log.event("kernel", queue(port, 0));
    log.info(get("demo.backlog.column"));
    log.highlight(get("demo.backlog.watch", port));
    if (!ctx.pause(400)) return;

    InetSocketAddress addr = new InetSocketAddress(ctx.loopback(), port);
    int completed = 0;
    boolean timedOut = false;
    for (int i = 1; i <= BACKLOG + 3 && !timedOut; i++) {
      Socket c = ctx.own(new Socket());
      try {
        c.connect(addr, CONNECT_TIMEOUT_MS);
        completed++;
        log.event("client" + i, get("demo.backlog.connected"));
        log.event("kernel", queue(port, completed));
      } catch (SocketTimeoutException e) {
        timedOut = true;
        log.event("client" + i, get("demo.backlog.timedOut", CONNECT_TIMEOUT_MS, e.getClass().getName()));
        log.event("kernel", queue(port, completed));
        log.info(get("demo.backlog.full", CONNECT_TIMEOUT_MS));
      } catch (IOException e) {
        if (ctx.stopping()) return;
        throw e;
      }
      if (!ctx.pause(300)) return;
    }
    log.highlight(timedOut ? get("demo.backlog.result", BACKLOG, completed, completed + 1)
        : get("demo.backlog.resultAll", BACKLOG, completed));
    ss(ctx, port);
    if (completed == BACKLOG + 1) {
      log.info(get("demo.backlog.plusOne"));
    }
    if (!ctx.pause(400)) return;

    server.setSoTimeout(2000);
    for (int left = completed - 1; left >= 0; left--) {
      Socket s = ctx.own(server.accept());
      log.event("server", get("demo.backlog.accept", s.getPort()));
      log.event("kernel", queue(port, left));
      if (!ctx.pause(200)) return;
    }
    log.info(get("demo.backlog.moral1"));
    log.info(get("demo.backlog.moral2"));
  }

  /**
   * The LISTEN entry's accept-queue length, polled briefly until it shows {@code expected} (the
   * kernel may lag a moment). /proc/net/tcp gives the length only: its tx_queue column is 0 for a
   * LISTEN socket; the limit is reported over netlink, which is what ss shows as Send-Q.
   */
  private static String queue(int port, long expected) {
    long deadline = System.nanoTime() + 1_000_000_000L;
    Optional<KernelSockets.Entry> e = KernelSockets.listening(port);
    while ((e.isEmpty() || e.get().rxQueue() != expected) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException x) {
        Thread.currentThread().interrupt();
        break;
      }
      e = KernelSockets.listening(port);
    }
    return e.map(x -> get("demo.backlog.queue", x.rxQueue(), BACKLOG, port)).orElse(get("demo.backlog.noEntry", port));
  }

  /** The kernel's own view of the limit: ss's Send-Q for a LISTEN socket, if ss is installed. */
  private static void ss(DemoContext ctx, int port) {
    var log = ctx.log();
    try {
      Process p = ctx.own(new ProcessBuilder("ss", "-ltn", "sport = :" + port).redirectErrorStream(true).start());
      if (!p.waitFor(2, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return;
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (p.exitValue() != 0 || out.isEmpty()) return;
      log.event("ss", get("demo.backlog.ss", port));
      for (String line : out.split("\\R")) log.info("  " + line);
    } catch (IOException e) {
      log.info(get("demo.backlog.noSs"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Not Linux: the same story, said to be a simulation. */
  private static void simulate(DemoContext ctx) {
    var log = ctx.log();
    log.warn(get("demo.backlog.simulation"));
    for (String line : get("demo.backlog.simulated").split("\n")) log.info("  " + line);
    log.info(get("demo.backlog.otherSystems"));
  }
}
