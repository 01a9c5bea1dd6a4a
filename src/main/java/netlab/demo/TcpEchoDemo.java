package netlab.demo;

import static netlab.core.Msg.get;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Lesson 06: connect, accept, echo, and read() returning -1 when the peer closes. */
public final class TcpEchoDemo implements Demo {
  @Override
  public String name() {
    return "tcp-echo";
  }

  @Override
  public int lesson() {
    return 6;
  }

  @Override
  public String summary() {
    return netlab.core.Msg.get("demo.tcp-echo.summary");
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
    ServerSocket server = ctx.own(new ServerSocket());
    server.bind(new InetSocketAddress(ctx.loopback(), ctx.port("port")));
    int port = server.getLocalPort();
    log.event("server", get("demo.listening", port));
    log.highlight(get("demo.tryIt", "nc 127.0.0.1 " + port));
    ctx.thread("accept", () -> {
      int n = 0;
      while (!ctx.stopping()) {
        Socket s;
        try {
          s = ctx.own(server.accept());
        } catch (IOException e) {
          return; // closed: the demo is stopping
        }
        String who = "client" + (++n == 1 && !ctx.stopping() ? "" : n);
        ctx.thread("echo-" + n, () -> echo(ctx, s, who));
      }
    });
    // one scripted client, so there is something to see at once
    ctx.thread("client", () -> client(ctx, port));
  }

  private static void echo(DemoContext ctx, Socket s, String who) {
    var log = ctx.log();
    log.event("server", get("demo.tcp-echo.accepted", who, s.getRemoteSocketAddress()));
    byte[] buf = new byte[4096];
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      while (true) {
        int n = in.read(buf);
        if (n == -1) {
          log.event("server", get("demo.tcp-echo.eof", who));
          return;
        }
        log.bytes(who, "server", buf, n);
        out.write(buf, 0, n);
        out.flush();
        log.bytes("server", who, buf, n);
      }
    } catch (IOException e) {
      if (!ctx.stopping()) log.event("server", who + ": " + e.getMessage());
    }
  }

  private static void client(DemoContext ctx, int port) {
    var log = ctx.log();
    try (Socket c = ctx.own(new Socket(ctx.loopback(), port))) {
      c.setSoTimeout(2000);
      log.event("client", get("demo.tcp-echo.connected", c.getLocalPort()));
      InputStream in = c.getInputStream();
      for (String line : new String[] {"hello\n", "one more line\n"}) {
        if (!ctx.pause(400)) return;
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        c.getOutputStream().write(b);
        byte[] back = in.readNBytes(b.length);
        log.info(get("demo.tcp-echo.gotBack", back.length));
      }
      if (!ctx.pause(400)) return;
      log.event("client", get("demo.tcp-echo.close"));
    } catch (IOException e) {
      if (!ctx.stopping()) log.warn(get("demo.clientFailed", e.getMessage()));
    }
  }
}
