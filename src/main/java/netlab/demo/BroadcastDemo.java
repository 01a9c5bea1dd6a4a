package netlab.demo;

import static netlab.core.Msg.get;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Lesson 05: one datagram to a broadcast address, a copy for every socket bound to it. Shown on
 * loopback's own broadcast address, 127.255.255.255, so nothing leaves the machine.
 */
public final class BroadcastDemo implements Demo {
  static final int RECEIVERS = 3;

  @Override
  public String name() {
    return "broadcast";
  }

  @Override
  public int lesson() {
    return 5;
  }

  @Override
  public String summary() {
    return netlab.core.Msg.get("demo.broadcast.summary");
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
    // 127.0.0.0/8 is loopback's subnet, so 127.255.255.255 is its directed broadcast address.
    InetAddress broadcast = InetAddress.getByAddress(new byte[] {127, (byte) 255, (byte) 255, (byte) 255});
    DatagramSocket[] receivers = new DatagramSocket[RECEIVERS];
    int port = ctx.port("port");
    try {
      for (int i = 0; i < RECEIVERS; i++) {
        // Unbound first, so SO_REUSEADDR is set before bind: several sockets may then share the port.
        DatagramSocket r = ctx.own(new DatagramSocket(null));
        r.setReuseAddress(true);
        r.bind(new InetSocketAddress(broadcast, port));
        r.setSoTimeout(1000);
        port = r.getLocalPort(); // the first may have been given a free port; the others join it
        receivers[i] = r;
        log.event("receiver" + (i + 1), get("demo.broadcast.bound", port));
      }
    } catch (IOException e) {
      if (e instanceof BindException && String.valueOf(e.getMessage()).contains("in use")) throw e; // a busy --port
      unsupported(ctx, get("demo.broadcast.bindFailed", port, e.getMessage()));
      return;
    }
    if (!ctx.pause(400)) return;

    DatagramSocket sender = ctx.own(new DatagramSocket(new InetSocketAddress(ctx.loopback(), 0)));
    byte[] msg = get("demo.broadcast.hello").getBytes(StandardCharsets.UTF_8);
    DatagramPacket packet = new DatagramPacket(msg, msg.length, broadcast, port);

    // Without SO_BROADCAST the kernel refuses to send to a broadcast address (EACCES).
    sender.setBroadcast(false);
    try {
      sender.send(packet);
      log.warn(get("demo.broadcast.allowed"));
      drain(receivers);
    } catch (IOException e) {
      log.event("sender", get("demo.broadcast.refused", port, e.getMessage()));
      log.info(get("demo.broadcast.needs"));
    }
    if (!ctx.pause(400)) return;

    sender.setBroadcast(true);
    try {
      sender.send(packet);
    } catch (IOException e) {
      unsupported(ctx, get("demo.broadcast.sendFailed", e.getMessage()));
      return;
    }
    log.bytes("sender:" + sender.getLocalPort(), "127.255.255.255:" + port, msg);
    int copies = 0;
    for (int i = 0; i < RECEIVERS; i++) {
      DatagramPacket p = new DatagramPacket(new byte[1024], 1024);
      try {
        receivers[i].receive(p);
        copies++;
        log.event("receiver" + (i + 1), get("demo.broadcast.copy", p.getAddress().getHostAddress() + ":" + p.getPort(),
            new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8)));
      } catch (SocketTimeoutException e) {
        log.event("receiver" + (i + 1), get("demo.broadcast.nothing"));
      } catch (IOException e) {
        if (ctx.stopping()) return;
        throw e;
      }
    }
    if (copies == RECEIVERS) {
      log.highlight(get("demo.broadcast.copies", copies));
    } else {
      unsupported(ctx, get("demo.broadcast.only", copies, RECEIVERS));
    }
    if (!ctx.pause(400)) return;
    explain(ctx);
  }

  private static void drain(DatagramSocket[] receivers) {
    for (DatagramSocket r : receivers) {
      try {
        r.receive(new DatagramPacket(new byte[1024], 1024));
      } catch (IOException ignored) {
        // nothing to clear
      }
    }
  }

  /** What loopback shows, and what a real network adds. */
  private static void explain(DemoContext ctx) {
    var log = ctx.log();
    for (String line : get("demo.broadcast.lan").split("\n")) log.info(line);
  }

  private static void unsupported(DemoContext ctx, String what) {
    if (ctx.stopping()) return; // closed by stop, not refused by the system
    ctx.log().warn(get("demo.broadcast.unsupported", what));
    explain(ctx);
  }
}
