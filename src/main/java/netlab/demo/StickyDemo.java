package netlab.demo;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Lesson 08: TCP carries a stream of bytes, not messages. Small writes arrive glued together
 * (粘包), one large write arrives split over several reads, and a length prefix restores the
 * messages.
 */
public final class StickyDemo implements Demo {
  static final String[] MESSAGES = {"msg1", "msg2", "msg3", "msg4", "msg5"};
  static final int BIG = 200 * 1024;
  static final int READ_BUFFER = 64 * 1024;

  @Override
  public String name() {
    return "sticky";
  }

  @Override
  public int lesson() {
    return 8;
  }

  @Override
  public String summary() {
    return netlab.core.Msg.get("demo.sticky.summary");
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
    ServerSocket server = ctx.own(new ServerSocket());
    server.bind(new InetSocketAddress(ctx.loopback(), ctx.port("port")));
    Socket client = ctx.own(new Socket());
    client.connect(new InetSocketAddress(ctx.loopback(), server.getLocalPort()), 2000);
    // No Nagle: every write() goes out as its own segment, so the gluing below is the receiver's doing.
    client.setTcpNoDelay(true);
    server.setSoTimeout(2000);
    Socket conn = ctx.own(server.accept());
    conn.setSoTimeout(5000);
    log.event("server", "accepted a connection from port " + conn.getPort() + " (loopback TCP)");
    try {
      glued(ctx, client.getOutputStream(), conn.getInputStream());
      if (!ctx.pause(600)) return;
      split(ctx, client.getOutputStream(), conn.getInputStream());
      if (!ctx.pause(600)) return;
      framed(ctx, client.getOutputStream(), conn.getInputStream());
    } catch (IOException e) {
      if (!ctx.stopping()) throw e;
    }
  }

  /** Five small writes, then one read once everything is there: one chunk, no boundaries. */
  private static void glued(DemoContext ctx, OutputStream out, InputStream in) throws IOException {
    var log = ctx.log();
    int total = 0;
    for (String m : MESSAGES) {
      byte[] b = m.getBytes(StandardCharsets.UTF_8);
      out.write(b); // five separate write() calls
      total += b.length;
      log.bytes("client", "server", b);
    }
    // Wait until all the bytes have arrived (a deadline, not a guess), then read once.
    awaitAvailable(in, total);
    byte[] buf = new byte[1024];
    int n = in.read(buf);
    log.event("server", "one read() into a 1024-byte buffer returned " + n + " bytes: \""
        + new String(buf, 0, n, StandardCharsets.UTF_8) + "\"");
    log.highlight("5 writes, 1 read: the messages arrived glued together (粘包). TCP keeps the bytes' order, not the writes' boundaries.");
  }

  /** One big write, read with an ordinary buffer: several reads, of whatever had arrived. */
  private static void split(DemoContext ctx, OutputStream out, InputStream in) throws IOException {
    var log = ctx.log();
    byte[] big = new byte[BIG];
    for (int i = 0; i < big.length; i++) big[i] = (byte) ('a' + i % 26);
    // On its own thread: a write this size can block until the reader makes room.
    ctx.thread("writer", () -> {
      try {
        out.write(big);
        log.event("client", "one write() of " + BIG + " bytes returned");
      } catch (IOException e) {
        if (!ctx.stopping()) log.warn("writer: " + e.getMessage());
      }
    });
    byte[] buf = new byte[READ_BUFFER];
    List<Integer> sizes = new ArrayList<>();
    int got = 0;
    while (got < BIG) {
      int n = in.read(buf, 0, Math.min(buf.length, BIG - got));
      if (n == -1) throw new IOException("the connection closed early");
      sizes.add(n);
      got += n;
    }
    log.event("server", sizes.size() + " read() calls (" + READ_BUFFER + "-byte buffer) returned " + sizes + " = " + got + " bytes");
    log.highlight("1 write, " + sizes.size() + " reads: a big message arrives split; read() returns what has arrived, up to the buffer.");
  }

  /** The cure: say how long each message is, then read exactly that much. */
  private static void framed(DemoContext ctx, OutputStream rawOut, InputStream rawIn) throws IOException {
    var log = ctx.log();
    DataOutputStream out = new DataOutputStream(rawOut);
    int total = 0;
    for (String m : MESSAGES) {
      byte[] b = m.getBytes(StandardCharsets.UTF_8);
      out.writeInt(b.length); // 4 bytes, big-endian
      out.write(b);
      total += 4 + b.length;
    }
    out.flush();
    log.event("client", MESSAGES.length + " messages, each as a 4-byte length then its bytes (writeInt + write): " + total + " bytes");
    awaitAvailable(rawIn, total);
    log.info("All " + total + " bytes are waiting, glued as before; this time the reader knows where each message ends.");
    DataInputStream in = new DataInputStream(rawIn);
    for (int i = 1; i <= MESSAGES.length; i++) {
      int len = in.readInt();
      byte[] b = new byte[len];
      in.readFully(b); // loops over read() until exactly len bytes are in
      log.event("server", "message " + i + ": readInt() = " + len + ", readFully → \"" + new String(b, StandardCharsets.UTF_8) + "\"");
    }
    log.highlight("length prefix: " + MESSAGES.length + " messages decoded separately from one stream");
  }

  /** Polls available() until {@code n} bytes are buffered, with a deadline. */
  private static void awaitAvailable(InputStream in, int n) throws IOException {
    long deadline = System.nanoTime() + 3_000_000_000L;
    while (in.available() < n) {
      if (System.nanoTime() > deadline) throw new SocketTimeoutException("only " + in.available() + " of " + n + " bytes arrived in 3 s");
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted");
      }
    }
  }
}
