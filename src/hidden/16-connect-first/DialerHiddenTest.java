import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import netlab.grade.api.Points;
import netlab.grade.support.BlackHole;
import netlab.grade.support.OwnSockets;
import netlab.grade.support.ThreadCensus;
import netlab.grade.support.Timing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hidden tests for exercise 16, connect-first. Every candidate is a real socket on loopback:
 * a listener that accepts (the kernel completes the handshake; the test accepts later to see
 * who connected), a closed port that refuses, and a {@link BlackHole} whose full accept queue
 * makes Linux drop SYNs, so a connect there waits for its timeout. Both 127.0.0.1 and ::1 are
 * used (127.0.0.1 twice if this machine has no IPv6 loopback). Times are a few hundred ms.
 */
class DialerHiddenTest {
  private static final InetAddress V4 = InetAddress.getLoopbackAddress();
  private static final InetAddress V6 = ipv6Loopback();
  /** Slack on top of a timing upper bound: scheduling on a busy machine. */
  private static final long SLACK_MS = 150;

  private final List<AutoCloseable> cleanup = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      try {
        cleanup.get(i).close();
      } catch (Exception ignored) {
        // what matters has been reported by the test
      }
    }
  }

  @Test
  @DisplayName("returns an open, connected, blocking socket with no read timeout, over IPv4 and IPv6")
  @Points(1)
  void connectsToASingleCandidate() throws Exception {
    for (InetAddress family : List.of(V4, V6)) {
      ServerSocket server = listening(family);
      InetSocketAddress target = address(server);
      Outcome o = call(List.of(target), ms(1000), ms(2000), 3000);
      Socket s = o.socket("a single candidate " + target + " that accepts");
      assertTrue(s.isConnected() && !s.isClosed(), () -> "connectFirst([" + target + "]) returned a socket that is"
          + (s.isClosed() ? " closed" : " not connected") + "; it should return the connected socket, open");
      assertEquals(target, s.getRemoteSocketAddress(), () -> "connectFirst([" + target + "]) returned a socket"
          + " connected to " + s.getRemoteSocketAddress());
      int readTimeout = s.getSoTimeout();
      assertEquals(0, readTimeout, () -> "the returned socket has a read timeout of " + readTimeout
          + " ms; the README says connectFirst leaves SO_TIMEOUT at 0 (the connect timeout is not a read timeout)");
      if (s.getChannel() != null) {
        assertTrue(s.getChannel().isBlocking(), "the returned socket's channel is in non-blocking mode; the README"
            + " asks for a socket in blocking mode, usable with getInputStream()");
      }
      Socket peer = acceptOne(server, "the listener at " + target);
      assertEquals(s.getLocalPort(), peer.getPort(), () -> "the connection the listener at " + target
          + " accepted comes from port " + peer.getPort() + ", but the returned socket's local port is "
          + s.getLocalPort() + ": return the socket that connected");
      s.getOutputStream().write(42);
      assertEquals(42, peer.getInputStream().read(), "a byte written to the returned socket did not reach the server");
      peer.getOutputStream().write(7);
      assertEquals(7, s.getInputStream().read(), "a byte the server wrote did not reach the returned socket");
    }
    // any positive duration is allowed, even one too long for Duration.toNanos() (292 years)
    ServerSocket server = listening(V4);
    InetSocketAddress target = address(server);
    Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
    Outcome o = call(List.of(target), Duration.ofDays(365L * 1000), forever, 3000);
    Socket s = o.socket("a single candidate " + target + " with perAttempt 1000 years and total " + forever
        + " (the README allows any positive duration; Duration.toNanos() throws beyond 292 years)");
    assertEquals(target, s.getRemoteSocketAddress(), () -> "connected to " + s.getRemoteSocketAddress());
  }

  @Test
  @DisplayName("tries the candidates in list order and stops at the first that connects")
  @Points(1)
  void listOrderAndStopsAtFirstSuccess() throws Exception {
    ServerSocket a = listening(V6);
    ServerSocket b = listening(V4);
    for (List<ServerSocket> order : List.of(List.of(a, b), List.of(b, a))) {
      List<InetSocketAddress> candidates = List.of(address(order.get(0)), address(order.get(1)));
      Outcome o = call(candidates, ms(1000), ms(2000), 3000);
      Socket s = o.socket(candidates + ", both accepting");
      assertEquals(candidates.get(0), s.getRemoteSocketAddress(), () -> "connectFirst(" + candidates + ") should"
          + " connect to the first candidate, " + candidates.get(0) + ", but connected to " + s.getRemoteSocketAddress());
      acceptOne(order.get(0), "the first candidate " + candidates.get(0));
      assertNoConnection(order.get(1), "connectFirst(" + candidates + ") connected to the first candidate and should"
          + " have stopped there, but the second candidate " + candidates.get(1) + " got a connection too");
    }
  }

  @Test
  @DisplayName("moves on at once from a refused address to the next candidate")
  @Points(1)
  void refusedMovesOnAtOnce() throws Exception {
    ServerSocket server = listening(V4);
    List<InetSocketAddress> candidates = List.of(refused(V6), refused(V4), address(server));
    Timing.measured(() -> {
      Outcome o = call(candidates, ms(2000), ms(5000), 6000);
      Socket s = o.socket(candidates + ": two closed ports, then a listener (perAttempt 2000 ms)");
      assertEquals(candidates.get(2), s.getRemoteSocketAddress(), () -> "connectFirst(" + candidates + ") connected to "
          + s.getRemoteSocketAddress() + "; the first two refuse, so the third should answer");
      acceptOne(server, "the listener " + candidates.get(2));
      Timing.within(o.millis() < 600, () -> "the first two candidates " + candidates.subList(0, 2) + " refuse the"
          + " connection at once (ConnectException), so connectFirst should have moved on and connected within a few"
          + " ms, but it took " + o.millis() + " ms (perAttempt 2000 ms). A refused attempt has failed: do not wait"
          + " or retry the same address until its time is up");
    });
  }

  @Test
  @DisplayName("gives a black-holed address perAttempt, then moves on to the next")
  @Points(1)
  void blackHoleCostsPerAttempt() throws Exception {
    BlackHole hole = blackHole(V4);
    Timing.measured(() -> {
      ServerSocket server = listening(V6);
      List<InetSocketAddress> candidates = List.of(hole.address(), address(server));
      Outcome o = call(candidates, ms(250), ms(5000), 250 * 2 + 1500);
      Socket s = o.socket(candidates + ": a black hole (SYNs dropped), then a listener; perAttempt 250 ms");
      assertEquals(candidates.get(1), s.getRemoteSocketAddress(), () -> "connectFirst(" + candidates + ") connected"
          + " to " + s.getRemoteSocketAddress());
      acceptOne(server, "the listener " + candidates.get(1));
      assertTrue(o.millis() >= 240, () -> "connectFirst moved on from the black hole " + hole.address() + " after "
          + o.millis() + " ms; each attempt may wait up to perAttempt (250 ms), and a server that answers slowly"
          + " deserves that long");
      Timing.within(o.millis() <= 250 * 3 / 2 + SLACK_MS, () -> "the black hole " + hole.address() + " never answers;"
          + " with perAttempt 250 ms connectFirst should give up on it after 250 ms and connect to the next, but it"
          + " took " + o.millis() + " ms. Use socket.connect(address, timeoutMs): the connect timeout is the"
          + " per-attempt limit");
    });
  }

  @Test
  @DisplayName("when all fail, throws ConnectException with one suppressed exception per attempt, in order")
  @Points(1)
  void allFailCarriesEachAttempt() throws Exception {
    BlackHole hole = blackHole(V6);
    List<InetSocketAddress> candidates = List.of(refused(V4), hole.address(),
        InetSocketAddress.createUnresolved("connect-first.invalid", 4242), refused(V6));
    Outcome o = call(candidates, ms(250), ms(5000), 250 + 2500);
    ConnectException e = o.failure(candidates + ": refused, black hole, unresolved, refused", ConnectException.class);
    Throwable[] s = e.getSuppressed();
    List<Class<? extends IOException>> want = List.of(ConnectException.class, SocketTimeoutException.class,
        UnknownHostException.class, ConnectException.class);
    assertEquals(4, s.length, () -> "4 candidates were tried and all failed; the ConnectException should carry 4"
        + " suppressed exceptions (one per attempt, in order), it carries " + s.length + ": " + Arrays.toString(s));
    for (int i = 0; i < 4; i++) {
      int n = i;
      assertTrue(want.get(i).isInstance(s[i]), () -> "suppressed exception " + (n + 1) + " is for " + candidates.get(n)
          + " and should be the " + want.get(n).getSimpleName() + " that attempt failed with, but is " + s[n]
          + ". All of them: " + Arrays.toString(s));
    }
    String msg = String.valueOf(e.getMessage());
    assertTrue(msg.contains("tried 4 of 4"), () -> "the message should say how many candidates were tried, as"
        + " \"tried 4 of 4\"; it was: " + msg);
    for (InetSocketAddress c : candidates) {
      assertTrue(msg.contains(c.toString()), () -> "the message should name every candidate tried, as its"
          + " toString(), " + c + "; it was: " + msg);
    }
  }

  @Test
  @DisplayName("stops when the total runs out, even in the middle of an attempt")
  @Points(1)
  void totalBudget() throws Exception {
    BlackHole hole4 = blackHole(V4);
    BlackHole hole6 = blackHole(V6);
    // two black holes of perAttempt 300 ms each, but a total of 500 ms: the second attempt gets
    // the 200 ms left, and the listener after them is never tried
    Timing.measured(() -> {
      ServerSocket server = listening(V4);
      List<InetSocketAddress> candidates = List.of(hole4.address(), hole6.address(), address(server));
      Outcome o = call(candidates, ms(300), ms(500), 500 + 1500);
      String what = candidates + ": two black holes then a listener, perAttempt 300 ms, total 500 ms";
      if (o.thrown == null) assertNoConnection(server, "connectFirst(" + what + ") connected to the listener after "
          + o.millis() + " ms: the total of 500 ms was used up by the two black holes, so the third candidate must"
          + " not be tried");
      ConnectException e = o.failure(what, ConnectException.class);
      Timing.within(o.millis() <= 500 * 3 / 2 + SLACK_MS, () -> what + ": connectFirst should give up after the total"
          + " of 500 ms, but took " + o.millis() + " ms. Limit every attempt to what is left of the total");
      assertTrue(o.millis() >= 490, () -> what + ": connectFirst gave up after " + o.millis() + " ms, before the"
          + " total of 500 ms was used up; the second attempt should get the 200 ms that were left");
      Timing.within(e.getSuppressed().length == 2, () -> what + ": two attempts fit in the total, so the exception"
          + " should carry 2 suppressed exceptions, it carries " + Arrays.toString(e.getSuppressed()));
      String msg = String.valueOf(e.getMessage());
      assertTrue(msg.contains("tried 2 of 3"), () -> what + ": the message should say \"tried 2 of 3\"; it was: " + msg);
      assertNoConnection(server, what + ": the listener got a connection, but the total had run out before it");
    });
    // a total shorter than perAttempt limits the very first attempt
    Timing.measured(() -> {
      ServerSocket server = listening(V4);
      List<InetSocketAddress> candidates = List.of(hole6.address(), address(server));
      Outcome o = call(candidates, ms(5000), ms(300), 300 + 1500);
      String what = candidates + ": a black hole then a listener, perAttempt 5000 ms, total 300 ms";
      ConnectException e = o.failure(what, ConnectException.class);
      Timing.within(o.millis() <= 300 * 3 / 2 + SLACK_MS, () -> what + ": connectFirst should give up after the total"
          + " of 300 ms, but took " + o.millis() + " ms");
      assertTrue(o.millis() >= 290, () -> what + ": connectFirst gave up after " + o.millis() + " ms, before the"
          + " total of 300 ms was used up");
      String msg = String.valueOf(e.getMessage());
      assertTrue(msg.contains("tried 1 of 2"), () -> what + ": the message should say \"tried 1 of 2\"; it was: " + msg);
      assertNoConnection(server, what + ": the listener got a connection, but the total had run out before it");
    });
  }

  @Test
  @DisplayName("leaves no socket open but the one it returns, and none when it throws")
  @Points(1)
  void noSocketLeaks() throws Exception {
    if (!OwnSockets.available()) return; // no /proc here: nothing to look at (the lab grades on Linux)
    BlackHole hole4 = blackHole(V4);
    BlackHole hole6 = blackHole(V6);
    ServerSocket server = listening(V6);
    List<InetSocketAddress> ok = List.of(hole4.address(), refused(V4), hole6.address(), address(server));
    Set<Long> before = OwnSockets.inodes();
    Outcome o = call(ok, ms(150), ms(5000), 150 * 2 + 2000);
    Socket s = o.socket(ok + ": black hole, refused, black hole, listener");
    List<OwnSockets.Tcp> left = new ArrayList<>(OwnSockets.openedSince(before));
    left.removeIf(t -> t.local().getPort() == s.getLocalPort());
    assertEquals(List.of(), left, () -> "connectFirst(" + ok + ") returned " + s + " and left these sockets open as"
        + " well: " + left + ". Close the socket of every failed attempt, including those that timed out");
    List<InetSocketAddress> bad = List.of(hole6.address(), refused(V6), hole4.address());
    Set<Long> before2 = OwnSockets.inodes();
    o = call(bad, ms(150), ms(5000), 150 * 2 + 2000);
    o.failure(bad + ": black hole, refused, black hole", ConnectException.class);
    List<OwnSockets.Tcp> left2 = OwnSockets.openedSince(before2);
    assertEquals(List.of(), left2, () -> "connectFirst(" + bad + ") threw, and left these sockets open: " + left2
        + ". When it throws, every socket it opened must be closed");
  }

  @Test
  @DisplayName("leaves no thread running when it returns or throws")
  @Points(1)
  void noThreadsLeft() throws Exception {
    BlackHole hole = blackHole(V6);
    ServerSocket server = listening(V4);
    ThreadCensus census = ThreadCensus.take(getClass());
    List<InetSocketAddress> ok = List.of(hole.address(), address(server));
    call(ok, ms(150), ms(5000), 150 + 2000).socket(ok + ": a black hole, then a listener");
    List<InetSocketAddress> bad = List.of(refused(V4), hole.address());
    call(bad, ms(150), ms(5000), 150 + 2000).failure(bad + ": refused, then a black hole", ConnectException.class);
    List<Thread> left = ThreadCensus.await(() -> census.startedSince(true), List::isEmpty, Duration.ofMillis(1000));
    assertEquals(List.of(), left.stream().map(Thread::getName).toList(), () -> "after connectFirst returned (and then"
        + " threw) these threads it started were still running a second later: " + census.describe(left)
        + ". An attempt abandoned in a thread keeps its socket and its thread: connect with a timeout instead,"
        + " or shut your threads down before returning");
  }

  @Test
  @DisplayName("rejects an empty list, nulls and non-positive durations before connecting anywhere")
  @Points(1)
  void argumentChecks() throws Exception {
    ServerSocket server = listening(V4);
    InetSocketAddress target = address(server);
    expect(IllegalArgumentException.class, "connectFirst([], 1 s, 1 s)", () -> Dialer.connectFirst(List.of(), ms(1000), ms(1000)));
    expect(NullPointerException.class, "connectFirst(null, 1 s, 1 s)", () -> Dialer.connectFirst(null, ms(1000), ms(1000)));
    expect(NullPointerException.class, "connectFirst([" + target + "], null, 1 s)", () -> Dialer.connectFirst(List.of(target), null, ms(1000)));
    expect(NullPointerException.class, "connectFirst([" + target + "], 1 s, null)", () -> Dialer.connectFirst(List.of(target), ms(1000), null));
    expect(NullPointerException.class, "connectFirst([" + target + ", null], 1 s, 1 s)",
        () -> Dialer.connectFirst(Arrays.asList(target, null), ms(1000), ms(1000)));
    for (Duration bad : List.of(Duration.ZERO, ms(-5))) {
      expect(IllegalArgumentException.class, "connectFirst([" + target + "], " + bad + ", 1 s)",
          () -> Dialer.connectFirst(List.of(target), bad, ms(1000)));
      expect(IllegalArgumentException.class, "connectFirst([" + target + "], 1 s, " + bad + ")",
          () -> Dialer.connectFirst(List.of(target), ms(1000), bad));
    }
    assertNoConnection(server, "connectFirst was called with bad arguments and a listening candidate " + target
        + "; it must check its arguments first and connect nowhere, but the listener got a connection");
  }

  @Test
  @DisplayName("an unresolved candidate fails with UnknownHostException and the next one is tried")
  @Points(1)
  void unresolvedFailsAndMovesOn() throws Exception {
    ServerSocket server = listening(V6);
    InetSocketAddress unresolved = InetSocketAddress.createUnresolved("connect-first.invalid", 4242);
    List<InetSocketAddress> candidates = List.of(unresolved, address(server));
    Outcome o = call(candidates, ms(1000), ms(3000), 4000);
    Socket s = o.socket(candidates + ": an unresolved name, then a listener");
    assertEquals(candidates.get(1), s.getRemoteSocketAddress(), () -> "connectFirst(" + candidates + ") connected to "
        + s.getRemoteSocketAddress());
    acceptOne(server, "the listener " + candidates.get(1));
    List<InetSocketAddress> alone = List.of(unresolved);
    Outcome o2 = call(alone, ms(1000), ms(3000), 4000);
    ConnectException e = o2.failure(alone + ": only an unresolved name", ConnectException.class);
    assertTrue(e.getSuppressed().length == 1 && e.getSuppressed()[0] instanceof UnknownHostException, () -> "the only"
        + " candidate was unresolved (InetSocketAddress.createUnresolved); the ConnectException should carry the"
        + " UnknownHostException of that attempt, it carries " + Arrays.toString(e.getSuppressed())
        + ". With NIO, SocketChannel.connect throws the unchecked UnresolvedAddressException: check isUnresolved() first");
  }

  // --- the candidates ------------------------------------------------------------------------

  /** A listener the kernel completes handshakes for; the test accepts later to see who connected. */
  private ServerSocket listening(InetAddress family) throws IOException {
    ServerSocket s = new ServerSocket(0, 50, family);
    cleanup.add(s);
    return s;
  }

  /**
   * A port on {@code family} where nothing listens, so a connect is refused at once. A socket stays
   * bound to it without listening: closing it instead would let another program take the port.
   */
  private InetSocketAddress refused(InetAddress family) throws IOException {
    Socket reserved = new Socket();
    cleanup.add(reserved);
    reserved.bind(new InetSocketAddress(family, 0));
    return new InetSocketAddress(family, reserved.getLocalPort());
  }

  private BlackHole blackHole(InetAddress family) throws IOException {
    BlackHole h = BlackHole.open(family);
    cleanup.add(h);
    return h;
  }

  private static InetSocketAddress address(ServerSocket s) {
    return new InetSocketAddress(s.getInetAddress(), s.getLocalPort());
  }

  private Socket acceptOne(ServerSocket server, String who) throws IOException {
    server.setSoTimeout(2000);
    try {
      Socket s = server.accept();
      cleanup.add(s);
      s.setSoTimeout(2000);
      return s;
    } catch (SocketTimeoutException e) {
      throw new AssertionError(who + " never saw a connection from connectFirst", e);
    }
  }

  /** The listener has no connection waiting (the kernel queues one as soon as a connect succeeds). */
  private void assertNoConnection(ServerSocket server, String message) throws IOException {
    server.setSoTimeout(100);
    try {
      Socket s = server.accept();
      cleanup.add(s);
      fail(message);
    } catch (SocketTimeoutException expected) {
      // nothing was queued
    }
  }

  // --- calling the student's code ------------------------------------------------------------

  /** What one call of connectFirst did, and how long it took. */
  private final class Outcome {
    final Socket socket;
    final Throwable thrown;
    final long nanos;
    final String call;

    Outcome(Socket socket, Throwable thrown, long nanos, String call) {
      this.socket = socket;
      this.thrown = thrown;
      this.nanos = nanos;
      this.call = call;
      if (socket != null) cleanup.add(socket);
    }

    long millis() {
      return nanos / 1_000_000;
    }

    Socket socket(String scenario) {
      if (thrown != null) {
        throw new AssertionError(call + " (" + scenario + ") should return a connected socket, but threw "
            + thrown + " after " + millis() + " ms", thrown);
      }
      if (socket == null) fail(call + " (" + scenario + ") returned null");
      return socket;
    }

    <T extends Throwable> T failure(String scenario, Class<T> type) {
      if (thrown == null) {
        fail(call + " (" + scenario + ") should throw " + type.getSimpleName() + ", but returned a socket connected to "
            + socket.getRemoteSocketAddress() + " after " + millis() + " ms");
      }
      if (!type.isInstance(thrown)) {
        throw new AssertionError(call + " (" + scenario + ") should throw " + type.getName() + ", but threw " + thrown,
            thrown);
      }
      return type.cast(thrown);
    }
  }

  /**
   * Calls connectFirst on a thread of the test's own and waits at most {@code patienceMs}, so an
   * implementation that hangs on a black hole fails with a message instead of the test's timeout.
   */
  private Outcome call(List<InetSocketAddress> candidates, Duration perAttempt, Duration total, long patienceMs)
      throws InterruptedException {
    String call = "connectFirst(" + candidates + ", " + show(perAttempt) + ", " + show(total) + ")";
    CompletableFuture<Outcome> result = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      long start = System.nanoTime();
      try {
        Socket s = Dialer.connectFirst(candidates, perAttempt, total);
        result.complete(new Outcome(s, null, System.nanoTime() - start, call));
      } catch (Throwable e) {
        result.complete(new Outcome(null, e, System.nanoTime() - start, call));
      }
    }, ThreadCensus.TEST_THREAD_PREFIX + "call");
    t.setDaemon(true);
    t.start();
    try {
      return result.get(patienceMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(call + " had not returned after " + patienceMs + " ms (total is "
          + show(total) + "). Is a connect without a timeout waiting on a black hole? Without one, Linux"
          + " retries the SYN for about two minutes");
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    }
  }

  private static void expect(Class<? extends Throwable> type, String call, Attempt attempt) {
    Socket s = null;
    Throwable thrown = null;
    try {
      s = attempt.run();
    } catch (Throwable e) {
      thrown = e;
    }
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // the failure below is what matters
      }
    }
    if (thrown == null) fail(call + " should throw " + type.getSimpleName() + ", but returned " + s);
    if (!type.isInstance(thrown)) {
      throw new AssertionError(call + " should throw " + type.getName() + " before connecting, but threw " + thrown,
          thrown);
    }
  }

  @FunctionalInterface
  private interface Attempt {
    Socket run() throws Exception;
  }

  /** "250 ms", or Duration's own text for durations too long to count in ms. */
  private static String show(Duration d) {
    return d.compareTo(Duration.ofDays(365)) < 0 ? d.toMillis() + " ms" : d.toString();
  }

  private static Duration ms(long ms) {
    return Duration.ofMillis(ms);
  }

  /** ::1 if this machine has an IPv6 loopback, else 127.0.0.1 (every test still means something). */
  private static InetAddress ipv6Loopback() {
    try {
      InetAddress six = InetAddress.getByName("::1");
      try (ServerSocket probe = new ServerSocket(0, 1, six)) {
        return probe.getInetAddress() instanceof Inet6Address ? six : InetAddress.getLoopbackAddress();
      }
    } catch (IOException e) {
      return InetAddress.getLoopbackAddress();
    }
  }
}
