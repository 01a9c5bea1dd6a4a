package netlab.demo;

import static netlab.core.Msg.get;

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
    log.event("first", get("demo.port-in-use.bound", port));
    if (!ctx.pause(400)) return;

    // The second socket asks for the very same address and port.
    try (ServerSocket second = new ServerSocket()) {
      second.bind(new InetSocketAddress(ctx.loopback(), port));
      log.warn(get("demo.port-in-use.allowed", port));
    } catch (BindException e) {
      log.event("second", get("demo.port-in-use.failed", port, e.getClass().getName() + ": " + e.getMessage()));
      log.info(get("demo.port-in-use.onlyOne"));
    }
    if (!ctx.pause(400)) return;

    whoHolds(ctx, port);
    log.highlight(get("demo.port-in-use.findOwner", port));
    log.info(get("demo.port-in-use.whileHeld"));
    if (!ctx.pause(400)) return;

    first.close();
    log.event("first", get("demo.port-in-use.released", port));
    try (ServerSocket again = new ServerSocket()) {
      again.bind(new InetSocketAddress(ctx.loopback(), port));
      log.event("third", get("demo.port-in-use.free", port));
      log.info(get("demo.port-in-use.noTimeWait"));
    }
  }

  /** The kernel's answer: the LISTEN entry's inode, and the process holding that inode. */
  private static void whoHolds(DemoContext ctx, int port) {
    var log = ctx.log();
    if (!KernelSockets.available()) {
      log.info(get("demo.port-in-use.noProc"));
      return;
    }
    Optional<KernelSockets.Entry> entry = KernelSockets.listening(port);
    if (ctx.stopping()) return;
    if (entry.isEmpty()) {
      log.warn(get("demo.port-in-use.noListen", port));
      return;
    }
    long inode = entry.get().inode();
    log.event("kernel", get("demo.port-in-use.inode", port, inode));
    Optional<String> owner = KernelSockets.owner(inode);
    long me = ProcessHandle.current().pid();
    if (ctx.stopping()) return; // the socket may have been closed under us
    if (owner.isEmpty()) {
      log.warn(get("demo.port-in-use.noOwner", inode));
      return;
    }
    boolean mine = owner.get().startsWith("pid " + me + " ");
    log.event("kernel", mine ? get("demo.port-in-use.heldByMe", inode, owner.get(), me)
        : get("demo.port-in-use.heldBy", inode, owner.get()));
  }
}
