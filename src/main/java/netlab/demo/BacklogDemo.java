package netlab.demo;

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
    log.event("server", "listening on 127.0.0.1:" + port + " with backlog " + BACKLOG + ", and not calling accept()");
    log.event("kernel", queue(port, 0));
    log.info("For a LISTEN socket the kernel's receive-queue column is the accept queue's length:"
        + " connections whose handshake is done and that wait for accept().");
    log.highlight("watch it yourself:  ss -ltn 'sport = :" + port + "'   (Recv-Q: queued, Send-Q: the limit)");
    if (!ctx.pause(400)) return;

    InetSocketAddress addr = new InetSocketAddress(ctx.loopback(), port);
    int completed = 0;
    boolean timedOut = false;
    for (int i = 1; i <= BACKLOG + 3 && !timedOut; i++) {
      Socket c = ctx.own(new Socket());
      try {
        c.connect(addr, CONNECT_TIMEOUT_MS);
        completed++;
        log.event("client" + i, "connect() returned: the handshake is done, though nobody called accept()");
        log.event("kernel", queue(port, completed));
      } catch (SocketTimeoutException e) {
        timedOut = true;
        log.event("client" + i, "connect() timed out after " + CONNECT_TIMEOUT_MS + " ms: " + e.getClass().getName());
        log.event("kernel", queue(port, completed));
        log.info("The queue is full, so the kernel drops the new SYN without an answer; the client would retry"
            + " (after 1 s, 3 s, …) until the queue has room or it gives up. We gave up after " + CONNECT_TIMEOUT_MS + " ms.");
      } catch (IOException e) {
        if (ctx.stopping()) return;
        throw e;
      }
      if (!ctx.pause(300)) return;
    }
    log.highlight("with backlog " + BACKLOG + ", " + completed + " connections completed"
        + (timedOut ? " and connection " + (completed + 1) + " could not" : " and none was refused"));
    ss(ctx, port);
    if (completed == BACKLOG + 1) {
      log.info("Linux counts the queue as full only when it holds MORE than the backlog, so backlog + 1 fit.");
    }
    if (!ctx.pause(400)) return;

    server.setSoTimeout(2000);
    for (int left = completed - 1; left >= 0; left--) {
      Socket s = ctx.own(server.accept());
      log.event("server", "accept() → connection from port " + s.getPort());
      log.event("kernel", queue(port, left));
      if (!ctx.pause(200)) return;
    }
    log.info("accept() only takes finished connections off the queue; the handshake happened without it.");
    log.info("A server that accepts too slowly makes new clients wait or time out, while it sees nothing.");
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
    return e.map(x -> "accept queue " + x.rxQueue() + " (limit: backlog " + BACKLOG + ")   /proc/net/tcp*: port " + port
        + " LISTEN, rx_queue " + x.rxQueue()).orElse("no LISTEN entry for port " + port);
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
      log.event("ss", "ss -ltn 'sport = :" + port + "'  (Recv-Q: queued now, Send-Q: the limit)");
      for (String line : out.split("\\R")) log.info("  " + line);
    } catch (IOException e) {
      log.info("(ss is not installed here; on Linux, ss -ltn shows the queue and its limit as Recv-Q and Send-Q)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Not Linux: the same story, said to be a simulation. */
  private static void simulate(DemoContext ctx) {
    var log = ctx.log();
    log.warn("SIMULATION: this system has no /proc/net/tcp, so the queue lengths below are what Linux reports,"
        + " not what this kernel did. Run it on Linux to watch the real thing.");
    log.info("  server: listen with backlog 3, never accept()     accept queue 0");
    log.info("  client1..client4: connect() returns                accept queue 1, 2, 3, 4  (Linux fits backlog + 1)");
    log.info("  client5: connect() times out: its SYN is dropped   accept queue 4");
    log.info("  server: accept() × 4                               accept queue 3, 2, 1, 0");
    log.info("Other systems size the queue differently (macOS and Windows adjust the backlog), but the idea holds.");
  }
}
