package netlab.demo;

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
        log.event("receiver" + (i + 1), "bound to 127.255.255.255:" + port + " with SO_REUSEADDR");
      }
    } catch (IOException e) {
      if (e instanceof BindException && String.valueOf(e.getMessage()).contains("in use")) throw e; // a busy --port
      unsupported(ctx, "binding 127.255.255.255:" + port + " failed (" + e.getMessage() + ")");
      return;
    }
    if (!ctx.pause(400)) return;

    DatagramSocket sender = ctx.own(new DatagramSocket(new InetSocketAddress(ctx.loopback(), 0)));
    byte[] msg = "hello, everyone on 127.255.255.255".getBytes(StandardCharsets.UTF_8);
    DatagramPacket packet = new DatagramPacket(msg, msg.length, broadcast, port);

    // Without SO_BROADCAST the kernel refuses to send to a broadcast address (EACCES).
    sender.setBroadcast(false);
    try {
      sender.send(packet);
      log.warn("send to 127.255.255.255 without SO_BROADCAST was allowed here (unusual)");
      drain(receivers);
    } catch (IOException e) {
      log.event("sender", "setBroadcast(false), send to 127.255.255.255:" + port + " → refused: " + e.getMessage());
      log.info("Sending to a broadcast address needs SO_BROADCAST. Java's DatagramSocket turns it on by default;"
          + " a DatagramChannel (and a C socket) does not.");
    }
    if (!ctx.pause(400)) return;

    sender.setBroadcast(true);
    try {
      sender.send(packet);
    } catch (IOException e) {
      unsupported(ctx, "sending to 127.255.255.255 failed (" + e.getMessage() + ")");
      return;
    }
    log.bytes("sender:" + sender.getLocalPort(), "127.255.255.255:" + port, msg);
    int copies = 0;
    for (int i = 0; i < RECEIVERS; i++) {
      DatagramPacket p = new DatagramPacket(new byte[1024], 1024);
      try {
        receivers[i].receive(p);
        copies++;
        log.event("receiver" + (i + 1), "got its copy from " + p.getAddress().getHostAddress() + ":" + p.getPort()
            + ": \"" + new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8) + "\"");
      } catch (SocketTimeoutException e) {
        log.event("receiver" + (i + 1), "nothing within 1 s");
      } catch (IOException e) {
        if (ctx.stopping()) return;
        throw e;
      }
    }
    if (copies == RECEIVERS) {
      log.highlight("one send(), " + copies + " copies: every socket bound to the broadcast address and port got one");
    } else {
      unsupported(ctx, "only " + copies + " of " + RECEIVERS + " receivers got a copy");
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
    log.info("What loopback allows: 127.255.255.255 is the broadcast address of 127.0.0.0/8, so sockets on this");
    log.info("  machine can share one port (SO_REUSEADDR) and each receives a copy; nothing leaves the machine.");
    log.info("What a real LAN adds:");
    log.info("  • 255.255.255.255, the limited broadcast: every host on the local link, never routed.");
    log.info("  • a subnet's directed broadcast, e.g. 192.168.1.255 for 192.168.1.0/24: every host in that subnet.");
    log.info("  • routers do not forward broadcasts: they stop at the edge of the local network.");
    log.info("  • the sender must set SO_BROADCAST (setBroadcast(true)), or the send is refused as above.");
    log.info("  (This demo sends only to 127.255.255.255; try a LAN broadcast only on a network that is yours.)");
  }

  private static void unsupported(DemoContext ctx, String what) {
    if (ctx.stopping()) return; // closed by stop, not refused by the system
    ctx.log().warn("loopback broadcast does not work on this system: " + what + ". On Linux, 127.255.255.255"
        + " reaches every socket bound to it; some systems (macOS, Windows) do not deliver it. Nothing is wrong with your setup.");
    explain(ctx);
  }
}
