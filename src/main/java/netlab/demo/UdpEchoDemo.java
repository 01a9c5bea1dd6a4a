package netlab.demo;

import static netlab.core.Msg.get;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Lesson 04: a UDP echo server. Each send() is one datagram and each receive() takes exactly one,
 * so message boundaries survive; a buffer smaller than the datagram silently loses the rest.
 */
public final class UdpEchoDemo implements Demo {
  /** The largest UDP payload over IPv4: 65535 − 20 (IP header) − 8 (UDP header). */
  private static final int MAX_DATAGRAM = 65_507;

  @Override
  public String name() {
    return "udp-echo";
  }

  @Override
  public int lesson() {
    return 4;
  }

  @Override
  public String summary() {
    return netlab.core.Msg.get("demo.udp-echo.summary");
  }

  @Override
  public boolean listening() {
    return true;
  }

  @Override
  public String options() {
    return "[--port N]";
  }

  @Override
  public void start(DemoContext ctx) throws Exception {
    var log = ctx.log();
    DatagramSocket server = ctx.own(new DatagramSocket(null));
    server.bind(new InetSocketAddress(ctx.loopback(), ctx.port("port")));
    int port = server.getLocalPort();
    log.event("server", get("demo.udp-echo.bound", port));
    log.highlight(get("demo.tryIt", "nc -u 127.0.0.1 " + port));
    ctx.thread("server", () -> serve(ctx, server));
    ctx.thread("client", () -> client(ctx, port));
  }

  private static void serve(DemoContext ctx, DatagramSocket server) {
    var log = ctx.log();
    byte[] buf = new byte[MAX_DATAGRAM];
    while (!ctx.stopping()) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        server.receive(p);
        String who = "client:" + p.getPort();
        log.bytes(who, "server", p.getData(), p.getLength());
        // Reply to whoever sent it: the packet carries the sender's address and port.
        server.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
        log.bytes("server", who, p.getData(), p.getLength());
      } catch (IOException e) {
        return; // closed: the demo is stopping
      }
    }
  }

  private static void client(DemoContext ctx, int port) {
    var log = ctx.log();
    try {
      DatagramSocket c = ctx.own(new DatagramSocket(new InetSocketAddress(ctx.loopback(), 0)));
      c.setSoTimeout(2000);
      InetSocketAddress server = new InetSocketAddress(ctx.loopback(), port);
      if (!ctx.pause(300)) return;

      log.event("client", get("demo.udp-echo.threeSends"));
      String[] messages = {"one", "two", "three"};
      for (String m : messages) {
        byte[] b = m.getBytes(StandardCharsets.UTF_8);
        c.send(new DatagramPacket(b, b.length, server));
      }
      byte[] buf = new byte[1024];
      for (int i = 1; i <= messages.length; i++) {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        c.receive(p);
        log.event("client", get("demo.udp-echo.received", i, p.getLength(),
            new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8)));
      }
      log.info(get("demo.udp-echo.boundaries"));
      if (!ctx.pause(500)) return;

      byte[] big = new byte[100];
      Arrays.fill(big, (byte) 'x');
      c.send(new DatagramPacket(big, big.length, server));
      log.event("client", get("demo.udp-echo.big"));
      DatagramPacket small = new DatagramPacket(new byte[10], 10);
      c.receive(small);
      log.event("client", get("demo.udp-echo.truncated", small.getLength()));
      log.info(get("demo.udp-echo.truncation", MAX_DATAGRAM));
      c.close();
      log.info(get("demo.echo.keeps"));
    } catch (SocketTimeoutException e) {
      if (!ctx.stopping()) log.warn(get("demo.udp-echo.noEcho"));
    } catch (IOException e) {
      if (!ctx.stopping()) log.warn(get("demo.clientFailed", e.getMessage()));
    }
  }
}
