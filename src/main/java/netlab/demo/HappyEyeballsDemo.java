package netlab.demo;

import static netlab.core.Msg.get;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Lesson 16: a name with three addresses, the first black-holed, the second refusing, the third
 * accepting, reached three ways: one at a time with a long connect timeout, one at a time with a
 * short per-attempt timeout (exercise 16), and racing staggered attempts as RFC 8305 (Happy
 * Eyeballs) does. Everything is on loopback; the black hole is a listener with backlog 1 whose
 * accept queue is full, so Linux drops the SYNs.
 */
public final class HappyEyeballsDemo implements Demo {
  static final int CAREFUL_TIMEOUT_MS = 2000;
  static final int PER_ATTEMPT_MS = 500;
  /** RFC 8305's recommended Connection Attempt Delay. */
  static final int ATTEMPT_DELAY_MS = 250;

  @Override
  public String name() {
    return "happy-eyeballs";
  }

  @Override
  public int lesson() {
    return 16;
  }

  @Override
  public String summary() {
    return netlab.core.Msg.get("demo.happy-eyeballs.summary");
  }

  @Override
  public boolean listening() {
    return false;
  }

  @Override
  public void start(DemoContext ctx) throws Exception {
    var log = ctx.log();
    InetAddress v4 = ctx.loopback();
    InetAddress v6 = ipv6Loopback(ctx);
    InetSocketAddress hole = blackHole(ctx, v6);
    // bound but not listening: connects are refused, and no other program can take the port
    Socket reserved = ctx.own(new Socket());
    reserved.bind(new InetSocketAddress(v4, 0));
    InetSocketAddress refused = new InetSocketAddress(v4, reserved.getLocalPort());
    ServerSocket server = ctx.own(new ServerSocket(0, 50, v4));
    InetSocketAddress open = new InetSocketAddress(v4, server.getLocalPort());
    List<InetSocketAddress> addresses = List.of(hole, refused, open);

    log.highlight(get("demo.happy-eyeballs.resolved"));
    log.info("  " + get("demo.happy-eyeballs.hole", hole));
    log.info("  " + get("demo.happy-eyeballs.refused", refused));
    log.info("  " + get("demo.happy-eyeballs.open", open));
    if (!(v6 instanceof Inet6Address)) log.warn(get("demo.happy-eyeballs.noIpv6"));
    if (!ctx.pause(500)) return;

    log.highlight(get("demo.happy-eyeballs.a", CAREFUL_TIMEOUT_MS));
    log.info("    " + get("demo.happy-eyeballs.noTimeout"));
    long a = oneAtATime(ctx, addresses, CAREFUL_TIMEOUT_MS);
    if (a < 0 || !ctx.pause(500)) return;

    log.highlight(get("demo.happy-eyeballs.b", PER_ATTEMPT_MS));
    long b = oneAtATime(ctx, addresses, PER_ATTEMPT_MS);
    if (b < 0 || !ctx.pause(500)) return;

    log.highlight(get("demo.happy-eyeballs.c", ATTEMPT_DELAY_MS));
    long c = race(ctx, addresses);
    if (c < 0) return;

    log.highlight(get("demo.happy-eyeballs.results", a, b, c));
    log.info(get("demo.happy-eyeballs.why"));
  }

  /** Sequential attempts; returns the time to connect in ms, or -1 when stopped or nothing connected. */
  private static long oneAtATime(DemoContext ctx, List<InetSocketAddress> addresses, int timeoutMs) {
    var log = ctx.log();
    long start = System.nanoTime();
    for (int i = 0; i < addresses.size(); i++) {
      InetSocketAddress to = addresses.get(i);
      String who = get("demo.happy-eyeballs.attempt", i + 1);
      log.event(who, at(start) + get("demo.happy-eyeballs.connect", to, timeoutMs));
      Socket s = ctx.own(new Socket());
      try {
        s.connect(to, timeoutMs);
        long took = (System.nanoTime() - start) / 1_000_000;
        log.event(who, at(start) + get("demo.happy-eyeballs.connectedPort", s.getLocalPort()));
        s.close();
        return took;
      } catch (SocketTimeoutException e) {
        log.event(who, at(start) + get("demo.happy-eyeballs.timedOut", e.getMessage()));
      } catch (IOException e) {
        if (ctx.stopping()) return -1;
        log.event(who, at(start) + e.getClass().getSimpleName() + ": " + e.getMessage());
      } finally {
        DemoContext.closeQuietly(s);
      }
      if (ctx.stopping()) return -1;
    }
    log.warn(get("demo.happy-eyeballs.noAnswer"));
    return -1;
  }

  /**
   * RFC 8305 section 5: one attempt at a time is started, the next one after the Connection Attempt
   * Delay or as soon as the previous one fails, while earlier ones go on; the first to connect
   * wins and every other attempt is closed. Non-blocking channels and one selector do the waiting.
   */
  private static long race(DemoContext ctx, List<InetSocketAddress> addresses) throws IOException {
    var log = ctx.log();
    Selector selector = ctx.own(Selector.open());
    List<SocketChannel> pending = new ArrayList<>();
    long start = System.nanoTime();
    long nextStart = start;
    int next = 0;
    try {
      while (!ctx.stopping()) {
        if (next < addresses.size() && System.nanoTime() - nextStart >= 0) {
          InetSocketAddress to = addresses.get(next++);
          SocketChannel ch = ctx.own(SocketChannel.open());
          ch.configureBlocking(false);
          log.event(get("demo.happy-eyeballs.attempt", next), at(start) + get("demo.happy-eyeballs.started", to));
          pending.add(ch);
          if (ch.connect(to)) return won(ctx, ch, pending, start, next);
          ch.register(selector, SelectionKey.OP_CONNECT, next);
          nextStart = System.nanoTime() + ATTEMPT_DELAY_MS * 1_000_000L;
        }
        if (pending.isEmpty() && next >= addresses.size()) {
          log.warn(get("demo.happy-eyeballs.allFailed"));
          return -1;
        }
        long waitMs = next < addresses.size() ? Math.max(1, (nextStart - System.nanoTime() + 999_999) / 1_000_000) : 1000;
        selector.select(waitMs);
        for (SelectionKey key : selector.selectedKeys()) {
          SocketChannel ch = (SocketChannel) key.channel();
          int n = (Integer) key.attachment();
          try {
            if (ch.finishConnect()) {
              selector.selectedKeys().clear();
              return won(ctx, ch, pending, start, n);
            }
          } catch (IOException e) {
            log.event(get("demo.happy-eyeballs.attempt", n), at(start) + get("demo.happy-eyeballs.failedNext", e.getClass().getSimpleName(), e.getMessage()));
            pending.remove(ch);
            ch.close();
            nextStart = System.nanoTime(); // a failure does not wait for the delay
          }
        }
        selector.selectedKeys().clear();
      }
      return -1;
    } finally {
      for (SocketChannel ch : pending) DemoContext.closeQuietly(ch);
      DemoContext.closeQuietly(selector);
    }
  }

  private static long won(DemoContext ctx, SocketChannel winner, List<SocketChannel> pending, long start, int n)
      throws IOException {
    var log = ctx.log();
    long took = (System.nanoTime() - start) / 1_000_000;
    log.event(get("demo.happy-eyeballs.attempt", n), at(start) + get("demo.happy-eyeballs.winner", winner.getLocalAddress()));
    for (SocketChannel loser : pending) {
      if (loser == winner) continue;
      // a connect still in progress has no local address in Java yet: find it by its peer's port
      int peer = ((InetSocketAddress) loser.getRemoteAddress()).getPort();
      String state = KernelSockets.available()
          ? KernelSockets.all().stream().filter(e -> e.remotePort() == peer && !e.state().equals("LISTEN"))
              .map(KernelSockets.Entry::state).filter(st -> st.equals("SYN_SENT")).findFirst().orElse("?")
          : get("demo.happy-eyeballs.noProc");
      log.event("cancel", at(start) + get("demo.happy-eyeballs.closing", loser.getRemoteAddress(), state));
      loser.close();
    }
    winner.close();
    return took;
  }

  private static String at(long start) {
    return String.format("+%4d", (System.nanoTime() - start) / 1_000_000) + " ms  ";
  }

  /** ::1 when this machine has an IPv6 loopback, else 127.0.0.1. */
  private static InetAddress ipv6Loopback(DemoContext ctx) {
    try {
      InetAddress six = InetAddress.getByName("::1");
      new ServerSocket(0, 1, six).close();
      return six;
    } catch (IOException e) {
      return ctx.loopback();
    }
  }

  /**
   * A listener with backlog 1, filled with connections nobody accepts until one connect times out:
   * from then on Linux drops every SYN to it.
   */
  private static InetSocketAddress blackHole(DemoContext ctx, InetAddress where) throws IOException {
    ServerSocket listener = ctx.own(new ServerSocket(0, 1, where));
    InetSocketAddress address = new InetSocketAddress(where, listener.getLocalPort());
    for (int i = 0; i < 16; i++) {
      Socket filler = ctx.own(new Socket());
      try {
        filler.connect(address, 200);
      } catch (SocketTimeoutException full) {
        return address;
      }
    }
    throw new IOException(get("demo.happy-eyeballs.neverFilled", address));
  }
}
