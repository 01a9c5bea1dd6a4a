import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import netlab.grade.api.Points;
import netlab.grade.support.ByteDiff;
import netlab.grade.support.Loopback;
import netlab.grade.support.Show;
import netlab.grade.support.ThreadCensus;
import netlab.grade.support.UdpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Hidden tests for exercise 04, udp-echo. Real datagrams on 127.0.0.1, ephemeral ports only. */
class UdpEchoServerHiddenTest {

  private final List<UdpEchoServer> servers = new ArrayList<>();
  private final List<UdpClient> clients = new ArrayList<>();
  private ExecutorService pool;

  @AfterEach
  void cleanUp() throws InterruptedException {
    for (UdpClient c : clients) c.close();
    if (pool != null) pool.shutdownNow();
    // The student's close() may throw, be a TODO or hang; the test has already reported what
    // matters, so close on a daemon thread and give up after a second.
    Thread closer = new Thread(() -> {
      for (UdpEchoServer s : servers) {
        try {
          s.close();
        } catch (Throwable ignored) {
          // see above
        }
      }
    }, "hidden-test-cleanup");
    closer.setDaemon(true);
    closer.start();
    closer.join(1000);
  }

  @Test
  @DisplayName("echoes a short text datagram back to its sender")
  @Points(1)
  void echoesText() throws Exception {
    UdpEchoServer server = startedServer();
    UdpClient client = client();
    byte[] sent = "hello, UDP".getBytes(StandardCharsets.UTF_8);
    byte[] got = client.exchange(server.port(), sent);
    assertArrayEquals(sent, got, () -> "sent " + Show.bytes(sent) + ", got back " + Show.bytes(got));
  }

  @Test
  @DisplayName("echoes an empty (0-byte) datagram")
  @Points(1)
  void echoesEmptyDatagram() throws Exception {
    UdpEchoServer server = startedServer();
    UdpClient client = client();
    byte[] sent = new byte[0];
    byte[] got = client.exchange(server.port(), sent);
    assertArrayEquals(sent, got, () -> "sent an empty datagram, got back " + Show.bytes(got));
    // and the server still works afterwards
    byte[] next = "after the empty one".getBytes(StandardCharsets.UTF_8);
    byte[] got2 = client.exchange(server.port(), next);
    assertArrayEquals(next, got2, () -> "after an empty datagram, sent " + Show.bytes(next)
        + ", got back " + Show.bytes(got2));
  }

  @Test
  @DisplayName("echoes all 256 byte values unchanged (binary data, not text)")
  @Points(1)
  void echoesEveryByteValue() throws Exception {
    UdpEchoServer server = startedServer();
    UdpClient client = client();
    byte[] sent = new byte[512];
    for (int i = 0; i < sent.length; i++) sent[i] = (byte) (255 - i % 256);
    byte[] got = client.exchange(server.port(), sent);
    assertArrayEquals(sent, got, () -> "sent the byte values 255 down to 0, twice ("
        + Show.bytes(sent) + "), got back " + Show.bytes(got) + ": " + ByteDiff.describe(sent, got)
        + " (do not turn the bytes into a String and back)");
  }

  @Test
  @DisplayName("echoes a 65507-byte datagram (the largest UDP payload) unchanged")
  @Points(1)
  void echoesLargestDatagram() throws Exception {
    UdpEchoServer server = startedServer();
    UdpClient client = client();
    byte[] sent = new byte[UdpClient.MAX_PAYLOAD];
    new Random(4).nextBytes(sent);
    byte[] got = client.exchange(server.port(), sent);
    assertArrayEquals(sent, got, () -> "sent a datagram of " + sent.length + " random bytes, got back "
        + Show.bytes(got) + ": " + ByteDiff.describe(sent, got)
        + " (is the receive buffer big enough for the largest datagram?)");
  }

  @Test
  @DisplayName("keeps datagram boundaries: 3 datagrams sent at once come back as 3, in order")
  @Points(1)
  void keepsBoundaries() throws Exception {
    UdpEchoServer server = startedServer();
    UdpClient client = client();
    // growing sizes, so a reply cut to the length of an earlier datagram shows
    String[] texts = {"one", "two, a bit longer", "three, the longest of the three datagrams"};
    for (String t : texts) client.send(server.port(), t.getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < texts.length; i++) {
      byte[] sent = texts[i].getBytes(StandardCharsets.UTF_8);
      byte[] got = receiveOrFail(client, "reply " + (i + 1) + " of 3 to datagrams "
          + Arrays.toString(texts) + " sent back to back");
      int n = i + 1;
      assertArrayEquals(sent, got, () -> "sent 3 datagrams " + Arrays.toString(texts)
          + "; reply " + n + " should be " + Show.bytes(sent) + ", got " + Show.bytes(got));
    }
  }

  @Test
  @DisplayName("serves 5 clients at once: each gets exactly its own 20 datagrams back")
  @Points(1)
  void servesConcurrentClients() throws Exception {
    UdpEchoServer server = startedServer();
    int port = server.port();
    int clientCount = 5;
    int perClient = 20;
    List<UdpClient> group = new ArrayList<>();
    for (int c = 0; c < clientCount; c++) group.add(client());
    pool = Executors.newFixedThreadPool(clientCount);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> results = new ArrayList<>();
    for (int c = 0; c < clientCount; c++) {
      UdpClient client = group.get(c);
      int id = c + 1;
      results.add(pool.submit(() -> {
        go.await();
        for (int i = 0; i < perClient; i++) {
          // distinct content and length for every datagram of every client
          byte[] sent = ("client " + id + " datagram " + i + " " + "#".repeat(id * i))
              .getBytes(StandardCharsets.UTF_8);
          byte[] got = client.exchange(port, sent);
          int n = i;
          assertArrayEquals(sent, got, () -> "client " + id + " sent datagram " + n + " "
              + Show.bytes(sent) + " while 4 other clients were sending, got back " + Show.bytes(got));
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> f : results) {
      try {
        f.get(4, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof AssertionError a) throw a;
        throw new AssertionError("a client failed: " + cause, cause);
      } catch (TimeoutException e) {
        fail("5 clients sending 20 datagrams each were not all answered within 4 s");
      }
    }
  }

  @Test
  @DisplayName("port() returns the real bound port when constructed with port 0")
  @Points(1)
  void reportsEphemeralPort() throws Exception {
    UdpEchoServer server = startedServer();
    int port = server.port();
    assertTrue(port > 0 && port <= 65535, () -> "constructed with port 0, port() returned " + port
        + "; it must return the port the socket really got (socket.getLocalPort())");
    UdpClient client = client();
    byte[] sent = "which port?".getBytes(StandardCharsets.UTF_8);
    byte[] got = client.exchange(port, sent);
    assertArrayEquals(sent, got, () -> "sent " + Show.bytes(sent) + " to the port() " + port
        + ", got back " + Show.bytes(got));
  }

  @Test
  @DisplayName("binds the port it is given when that port is not 0")
  @Points(1)
  void usesTheGivenPort() throws Exception {
    UdpEchoServer server = null;
    int wanted = 0;
    // a port that was free a moment ago; if someone else takes it in between, try another
    for (int attempt = 0; attempt < 5 && server == null; attempt++) {
      wanted = freeUdpPort();
      try {
        server = new UdpEchoServer(wanted);
        servers.add(server);
      } catch (BindException e) {
        server = null;
      }
    }
    if (server == null) fail("new UdpEchoServer(port) kept throwing BindException for free ports");
    int asked = wanted;
    int port = server.port();
    assertEquals(asked, port, () -> "new UdpEchoServer(" + asked + ").port() returned " + port);
    start(server);
    UdpClient client = client();
    byte[] sent = "fixed port".getBytes(StandardCharsets.UTF_8);
    byte[] got = client.exchange(asked, sent);
    assertArrayEquals(sent, got, () -> "sent " + Show.bytes(sent) + " to port " + asked
        + ", got back " + Show.bytes(got));
  }

  @Test
  @DisplayName("close() frees the port, can be called twice, and works before start()")
  @Points(1)
  void closeFreesThePort() throws Exception {
    UdpEchoServer server = startedServer();
    int port = server.port();
    UdpClient client = client();
    client.exchange(port, "ping".getBytes(StandardCharsets.UTF_8));
    close(server, "");
    assertPortFree(port, "after close()");
    close(server, " when called a second time");

    UdpEchoServer neverStarted = new UdpEchoServer(0);
    servers.add(neverStarted);
    int port2 = neverStarted.port();
    close(neverStarted, " on a server that was never started");
    assertPortFree(port2, "after close() on a server that was never started");
  }

  @Test
  @DisplayName("close() ends the thread that start() started")
  @Points(1)
  void closeEndsTheThread() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    UdpEchoServer server = startedServer();
    UdpClient client = client();
    client.exchange(server.port(), "are you there?".getBytes(StandardCharsets.UTF_8));
    Set<Thread> started = new HashSet<>(Thread.getAllStackTraces().keySet());
    started.removeAll(before);
    close(server, "");

    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    List<String> alive;
    while (true) {
      alive = lingering(started);
      if (alive.isEmpty()) return;
      if (System.nanoTime() > deadline) break;
      Thread.sleep(10); // polling for the thread to end, with a deadline
    }
    fail("2 s after close() these threads are still running: " + alive
        + "; close() must stop the thread (closing the socket wakes it from receive())"
        + " and shut down any executor it used");
  }

  @Test
  @DisplayName("close() returns only once the thread start() started has ended, not while it is on its way out")
  @Points(1)
  void closeWaitsForTheThread() throws Exception {
    // The README: "the background thread has ended when close() returns". A close() that only
    // closes the socket returns while the thread is still on its way out of receive(); checked
    // at once (isAlive is cheap), in several rounds, because that window is short.
    for (int round = 1; round <= 10; round++) {
      ThreadCensus census = ThreadCensus.take(getClass());
      UdpEchoServer server = startedServer();
      UdpClient client = client();
      byte[] sent = ("round " + round).getBytes(StandardCharsets.UTF_8);
      byte[] got = client.exchange(server.port(), sent);
      assertArrayEquals(sent, got, () -> "sent " + Show.bytes(sent) + ", got back " + Show.bytes(got));
      // the threads start() started that run the server's code now, and whether each is a pool's
      // worker (an executor's worker outlives its last task by a moment: that is allowed)
      Map<Thread, Boolean> pooled = new java.util.HashMap<>();
      for (Thread t : census.startedSince(true)) {
        StackTraceElement[] stack = t.getStackTrace();
        if (Arrays.stream(stack).anyMatch(this::isServerFrame)) {
          pooled.put(t, Arrays.stream(stack).anyMatch(f -> f.getClassName().startsWith("java.util.concurrent.")));
        }
      }
      // close() on this very thread, so the check below follows it at once (the close() helper
      // runs it on another thread, and the hand-back alone gives a slow thread time to end);
      // a close() that hangs is stopped by the per-test time limit
      try {
        server.close();
      } catch (RuntimeException e) {
        throw new AssertionError("close() threw " + e, e);
      }
      // straight after close(), no thread of the server may still run, bar a pool worker that
      // has finished the server's task and is on its way out
      List<String> still = new ArrayList<>();
      for (Map.Entry<Thread, Boolean> e : pooled.entrySet()) {
        Thread t = e.getKey();
        if (!t.isAlive()) continue;
        StackTraceElement[] stack = t.getStackTrace();
        boolean inServerCode = Arrays.stream(stack).anyMatch(this::isServerFrame);
        if (inServerCode || !e.getValue()) {
          still.add("\"" + t.getName() + "\" (" + t.getState() + where(stack) + ")");
        }
      }
      int n = round;
      assertTrue(still.isEmpty(), () -> "round " + n + " of 10 (start, one echo, close): right after"
          + " close() returned, the thread start() started had not ended: " + still
          + ". The README: the background thread has ended when close() returns; join it after"
          + " closing the socket");
    }
  }

  @Test
  @DisplayName("binds 127.0.0.1 (loopback), not every address of the machine")
  @Points(1)
  void bindsLoopbackOnly() throws Exception {
    UdpEchoServer server = startedServer();
    int port = server.port();
    InetAddress other = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
    // 127.0.0.2 is loopback too on Linux (all of 127/8), but not on every system: without it
    // there is no second address to probe with here, and the echo tests still check 127.0.0.1
    try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(other, 0))) {
      probe.getLocalPort();
    } catch (SocketException noSecondLoopback) {
      return;
    }
    // a server bound to 127.0.0.1 leaves 127.0.0.2:port free; one bound to the wildcard
    // (0.0.0.0 or ::, as new DatagramSocket(port) does) holds the port on every address
    try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(other, port))) {
      probe.getLocalPort();
    } catch (BindException e) {
      fail("new UdpEchoServer(0) holds port " + port + " on every address: binding 127.0.0.2:" + port
          + " failed (" + e.getMessage() + "). The README: the server binds 127.0.0.1:port"
          + " (new InetSocketAddress(InetAddress.getLoopbackAddress(), port)), so nothing outside"
          + " this machine can reach it; new DatagramSocket(port) binds the wildcard address instead");
    }
    UdpClient client = client();
    byte[] sent = "still on 127.0.0.1".getBytes(StandardCharsets.UTF_8);
    byte[] got = client.exchange(port, sent);
    assertArrayEquals(sent, got, () -> "sent " + Show.bytes(sent) + " to 127.0.0.1:" + port
        + ", got back " + Show.bytes(got));
  }

  @Test
  @DisplayName("a port already in use: the constructor throws the SocketException to the caller")
  @Points(1)
  void portInUseThrows() throws Exception {
    try (DatagramSocket holder = new DatagramSocket(new InetSocketAddress(Loopback.address(), 0))) {
      int taken = holder.getLocalPort();
      UdpEchoServer server;
      try {
        server = new UdpEchoServer(taken);
      } catch (SocketException expected) {
        return; // a BindException, as the README says
      } catch (RuntimeException e) {
        throw new AssertionError("new UdpEchoServer(" + taken + ") on a port already bound on"
            + " 127.0.0.1 should throw the SocketException (a BindException) to the caller, but threw "
            + e, e);
      }
      servers.add(server);
      int got = server.port();
      fail("new UdpEchoServer(" + taken + ") on a port another socket already holds on 127.0.0.1"
          + " returned a server (port() " + got + ") instead of throwing the SocketException"
          + " (a BindException): the README says it reaches the caller, who asked for that port");
    }
  }

  // --- helpers -----------------------------------------------------------------------------

  private UdpEchoServer startedServer() throws SocketException {
    UdpEchoServer server = new UdpEchoServer(0);
    servers.add(server);
    start(server);
    return server;
  }

  /** start() must return at once; a server loop run on the caller's thread never would. */
  private static void start(UdpEchoServer server) {
    assertTimeoutPreemptively(Duration.ofSeconds(1), server::start,
        "start() did not return within 1 s: it must run the echo loop in a background thread");
  }

  /** close() must return promptly and not throw. */
  private static void close(UdpEchoServer server, String when) {
    assertTimeoutPreemptively(Duration.ofSeconds(1),
        () -> assertDoesNotThrow(server::close, "close() threw" + when),
        "close() did not return within 1 s" + when);
  }

  private UdpClient client() throws SocketException {
    // one second is ages for an echo on loopback, and keeps a silent server from eating
    // the grader's time budget test after test
    UdpClient c = UdpClient.open(Duration.ofSeconds(1));
    clients.add(c);
    return c;
  }

  private static byte[] receiveOrFail(UdpClient client, String what) throws IOException {
    try {
      return client.receive().data();
    } catch (java.net.SocketTimeoutException e) {
      throw new AssertionError("waited for " + what + ": " + e.getMessage());
    }
  }

  private static int freeUdpPort() throws SocketException {
    try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(Loopback.address(), 0))) {
      return probe.getLocalPort();
    }
  }

  private static void assertPortFree(int port, String when) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    while (true) {
      try {
        new DatagramSocket(new InetSocketAddress(Loopback.address(), port)).close();
        return;
      } catch (SocketException e) {
        if (System.nanoTime() > deadline) {
          fail("port " + port + " is still in use 1 s " + when + ": a new DatagramSocket could not"
              + " bind it (" + e.getMessage() + "); close() must close the socket");
        }
        Thread.sleep(10); // polling with a deadline
      }
    }
  }

  /**
   * Threads that should have ended: those created during start() (except the JDK's shared
   * common-pool workers, which live on idle) and any thread still running code of the
   * student's class.
   */
  private static List<String> lingering(Set<Thread> startedDuringStart) {
    Map<Thread, StackTraceElement[]> now = Thread.getAllStackTraces();
    List<String> result = new ArrayList<>();
    for (Map.Entry<Thread, StackTraceElement[]> e : now.entrySet()) {
      Thread t = e.getKey();
      if (!t.isAlive() || t == Thread.currentThread()) continue;
      boolean runsServerCode = Arrays.stream(e.getValue()).anyMatch(f ->
          f.getClassName().equals("UdpEchoServer") || f.getClassName().startsWith("UdpEchoServer$"));
      boolean commonPool = t instanceof ForkJoinWorkerThread w && w.getPool() == ForkJoinPool.commonPool();
      if (runsServerCode || startedDuringStart.contains(t) && !commonPool) {
        result.add("\"" + t.getName() + "\" (" + t.getState() + where(e.getValue()) + ")");
      }
    }
    return result;
  }

  /** A frame of the student's code: a class without a package, other than this test's. */
  private boolean isServerFrame(StackTraceElement f) {
    String c = f.getClassName();
    return c.indexOf('.') < 0 && !c.equals(getClass().getName()) && !c.startsWith(getClass().getName() + "$");
  }

  /** The student's frame if there is one, else the top of the stack. */
  private static String where(StackTraceElement[] stack) {
    return Arrays.stream(stack)
        .filter(f -> f.getClassName().startsWith("UdpEchoServer"))
        .findFirst()
        .or(() -> Arrays.stream(stack).findFirst())
        .map(f -> ", in " + f.getClassName() + "." + f.getMethodName())
        .orElse("");
  }
}
