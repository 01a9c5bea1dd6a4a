package netlab.demo;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;

/**
 * Lesson 02: one port, one listener. A second bind to a held port fails with "Address already
 * in use"; the kernel's socket table says who holds it; once closed, the port is free again.
 */
public final class PortInUseDemo implements Demo {
  @Override
  public String name() {
    return "port-in-use";
  }

  @Override
  public int lesson() {
    return 2;
  }

  @Override
  public String summary() {
    return netlab.core.Msg.get("demo.port-in-use.summary");
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
    // A busy --port fails right here with a BindException, which the runner explains.
    ServerSocket first = ctx.own(new ServerSocket());
    first.bind(new InetSocketAddress(ctx.loopback(), ctx.port("port")));
    int port = first.getLocalPort();
    log.event("first", "bound and listening on 127.0.0.1:" + port);
    if (!ctx.pause(400)) return;

    // The second socket asks for the very same address and port.
    try (ServerSocket second = new ServerSocket()) {
      second.bind(new InetSocketAddress(ctx.loopback(), port));
      log.warn("the second bind to port " + port + " succeeded; this system allowed it (unexpected)");
    } catch (BindException e) {
      log.event("second", "bind 127.0.0.1:" + port + " failed: " + e.getClass().getName() + ": " + e.getMessage());
      log.info("Only one socket may listen on an address and port; the kernel refuses the second (EADDRINUSE).");
    }
    if (!ctx.pause(400)) return;

    whoHolds(ctx, port);
    log.highlight("find a port's owner yourself:  ss -ltnp 'sport = :" + port + "'    or    lsof -i :" + port);
    log.info("(while the port is held; both print the process id and program name, like the lookup above)");
    if (!ctx.pause(400)) return;

    first.close();
    log.event("first", "close(): port " + port + " released");
    try (ServerSocket again = new ServerSocket()) {
      again.bind(new InetSocketAddress(ctx.loopback(), port));
      log.event("third", "bind 127.0.0.1:" + port + " succeeded: the port is free again");
      log.info("A listening socket that never had a connection leaves no TIME_WAIT behind, so the port is reusable at once.");
    }
  }

  /** The kernel's answer: the LISTEN entry's inode, and the process holding that inode. */
  private static void whoHolds(DemoContext ctx, int port) {
    var log = ctx.log();
    if (!KernelSockets.available()) {
      log.info("This system has no /proc/net/tcp to look the owner up in; the commands below do it.");
      return;
    }
    Optional<KernelSockets.Entry> entry = KernelSockets.listening(port);
    if (ctx.stopping()) return;
    if (entry.isEmpty()) {
      log.warn("the kernel's table shows no LISTEN socket on port " + port);
      return;
    }
    long inode = entry.get().inode();
    log.event("kernel", "/proc/net/tcp*: port " + port + " LISTEN, socket inode " + inode);
    Optional<String> owner = KernelSockets.owner(inode);
    long me = ProcessHandle.current().pid();
    if (ctx.stopping()) return; // the socket may have been closed under us
    if (owner.isEmpty()) {
      log.warn("no process readable here holds socket:[" + inode + "]");
      return;
    }
    boolean mine = owner.get().startsWith("pid " + me + " ");
    log.event("kernel", "/proc/*/fd: socket:[" + inode + "] is held by " + owner.get()
        + (mine ? " — this JVM (pid " + me + ")" : ""));
  }
}
