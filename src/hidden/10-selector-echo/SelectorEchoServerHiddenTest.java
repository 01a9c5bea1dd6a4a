import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import netlab.grade.api.Points;
import netlab.grade.support.ByteDiff;
import netlab.grade.support.Loopback;
import netlab.grade.support.Show;
import netlab.grade.support.ThreadCensus;
import netlab.grade.support.Timing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hidden tests for exercise 10, selector-echo. Real TCP connections on 127.0.0.1 (up to 200 at
 * once), ephemeral ports; reads time out, so a missing echo fails with a message. The server's
 * threads are counted, and their CPU time measured, with {@link ThreadCensus} and ThreadMXBean.
 */
class SelectorEchoServerHiddenTest {

  private static final int READ_TIMEOUT_MS = 2000;

  private final List<SelectorEchoServer> servers = new ArrayList<>();
  private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger writerNames = new AtomicInteger();
  private final ExecutorService writers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, ThreadCensus.TEST_THREAD_PREFIX + "writer-" + writerNames.incrementAndGet());
    t.setDaemon(true);
    return t;
  });

  @AfterEach
  void cleanUp() throws InterruptedException {
    synchronized (sockets) {
      for (Socket s : sockets) closeQuietly(s); // also wakes writers blocked on a full socket
    }
    writers.shutdownNow();
    // the student's close() may throw, be a TODO or hang: close on a daemon thread, 1 s at most
    Thread closer = new Thread(() -> {
      for (SelectorEchoServer s : servers) {
        try {
          s.close();
        } catch (Throwable ignored) {
          // the test has already reported what matters
        }
      }
    }, ThreadCensus.TEST_THREAD_PREFIX + "cleanup");
    closer.setDaemon(true);
    closer.start();
    closer.join(1000);
    writers.awaitTermination(1, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("echoes text and binary data (all 256 byte values) back to one client")
  @Points(1)
  void echoesOneClient() throws Exception {
    SelectorEchoServer server = startedServer();
    Socket c = connect(server);
    byte[] hello = "hello, selector".getBytes(StandardCharsets.UTF_8);
    write(c, hello);
    expectBytes(c, hello, "sent " + Show.bytes(hello));
    byte[] every = new byte[512];
    for (int i = 0; i < every.length; i++) every[i] = (byte) (255 - i % 256);
    write(c, every);
    expectBytes(c, every, "sent the 256 byte values twice, " + Show.bytes(every));
  }

  @Test
  @DisplayName("200 clients at once, writing in pieces by turns: each gets exactly its own bytes back;"
      + " once idle they cost nothing when another client talks")
  @Points(1)
  void twoHundredClients() throws Exception {
    ThreadCensus census = ThreadCensus.take(getClass());
    SelectorEchoServer server = startedServer();
    List<Thread> serverThreads = census.startedSince(true);
    // one client talks alone first: what a round trip costs the server when nobody else is there
    Socket talker = connect(server);
    roundTrips(talker, 200, "the only client"); // warm-up, not measured
    long alone = serverCpu(serverThreads, talker, ROUND_TRIPS);
    int n = 200;
    List<Socket> clients = new ArrayList<>();
    List<byte[]> messages = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      clients.add(connect(server));
      byte[] m = new byte[600 + 7 * i];
      new Random(i).nextBytes(m);
      byte[] label = ("client " + i + ":").getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(label, 0, m, 0, label.length);
      messages.add(m);
    }
    // every message in 4 pieces (the first of 1 byte); piece 1 from every client, then piece 2...
    for (int piece = 0; piece < 4; piece++) {
      for (int i = 0; i < n; i++) {
        byte[] m = messages.get(i);
        int[] cuts = cuts(m.length);
        write(clients.get(i), Arrays.copyOfRange(m, cuts[piece], cuts[piece + 1]));
      }
    }
    for (int i = 0; i < n; i++) {
      byte[] m = messages.get(i);
      expectBytes(clients.get(i), m, "200 clients are connected; client " + i + " sent " + m.length
          + " bytes in 4 pieces, taking turns with the other clients");
    }
    if (alone < 0) return; // this JVM cannot measure CPU time: nothing more to judge
    // the 200 are idle now: a round trip of the talker must cost about what it cost alone. A key
    // left in selectedKeys() (no it.remove()) is handled again on every turn of the loop, so
    // each of the talker's messages would make the server read all 200 idle channels again
    Timing.measured(() -> {
      long crowded = serverCpu(serverThreads, talker, ROUND_TRIPS);
      Timing.within(crowded <= 3 * alone + 20_000_000L, () -> "one client sent " + ROUND_TRIPS
          + " messages of 8 bytes, reading each echo before the next: alone, this cost the server "
          + alone / 1000 / ROUND_TRIPS + " µs of CPU per message; with 200 more clients connected and"
          + " idle it cost " + crowded / 1000 / ROUND_TRIPS + " µs per message. Only the keys select() reports"
          + " as ready need handling: remove each key from selectedKeys() (it.remove()), or it is handled"
          + " again on every turn of the loop");
    });
  }

  @Test
  @DisplayName("start() runs the whole server on exactly one thread, also with 50 clients connected")
  @Points(1)
  void exactlyOneThread() throws Exception {
    ThreadCensus census = ThreadCensus.take(getClass());
    SelectorEchoServer server = startedServer();
    List<Socket> clients = new ArrayList<>();
    for (int i = 0; i < 50; i++) clients.add(connect(server));
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < clients.size(); i++) write(clients.get(i), text("client " + i + " round " + round));
      for (int i = 0; i < clients.size(); i++) {
        expectBytes(clients.get(i), text("client " + i + " round " + round), "50 clients connected, client " + i);
      }
    }
    List<Thread> started = census.startedSince(false);
    assertEquals(1, started.size(), () -> "with 50 clients connected and served, the server should have"
        + " started exactly one thread (the selector loop), but these threads were started: "
        + census.describe(started) + ". One Selector serves every client: no thread per client, no pool");
  }

  @Test
  @DisplayName("sends 4 MB back intact to a client that reads slowly (partial writes and OP_WRITE)")
  @Points(1)
  void slowReaderGetsEverything() throws Exception {
    SelectorEchoServer server = startedServer();
    Socket c = connect(server, 8 * 1024); // a small receive window: the server's writes fill it
    byte[] data = new byte[4 << 20];
    new Random(10).nextBytes(data);
    Writer w = startWriter(c, data);
    InputStream in = c.getInputStream();
    byte[] buf = new byte[16 * 1024];
    int got = 0;
    int sinceNap = 0;
    try {
      while (got < data.length) {
        int r = in.read(buf, 0, Math.min(buf.length, data.length - got));
        if (r == -1) {
          fail("the client wrote " + data.length + " bytes and read slowly; after " + got + " bytes the"
              + " server closed the connection" + w.problem());
        }
        for (int k = 0; k < r; k++) {
          if (buf[k] != data[got + k]) {
            int at = got + k;
            fail("the client wrote 4 MB of random bytes and read the echo slowly; byte " + at + " of the echo"
                + " is wrong (expected " + hex(data[at]) + ", got " + hex(buf[k]) + "). Bytes that a partial"
                + " write() did not take must stay in the buffer and go out later (compact(), OP_WRITE)");
          }
        }
        got += r;
        sinceNap += r;
        if (sinceNap >= 64 * 1024) { // a slow reader: a short pause every 64 KB
          sinceNap = 0;
          Thread.sleep(2);
        }
      }
    } catch (SocketTimeoutException e) {
      fail("the client wrote 4 MB and read the echo slowly; after " + got + " bytes nothing more came for "
          + READ_TIMEOUT_MS + " ms" + w.problem() + ". Did a partial write() lose the bytes it did not take?");
    }
    w.finished();
  }

  @Test
  @DisplayName("a client that sends a lot and never reads does not hold up the other clients")
  @Points(1)
  void stalledClientDoesNotBlockOthers() throws Exception {
    SelectorEchoServer server = startedServer();
    Flood stalled = new Flood(server, 8 * 1024);
    // The premise is a server that holds output it cannot send to a client that does not read.
    // A server thread that did not get the CPU for a while looks stalled too, and one that spins
    // in write() could then serve the others before it got stuck (it did once, at four jobs per
    // core): so after the others are served, the stalled client's send buffer must still be
    // full, which means the server took nothing more from it meanwhile. If it took more, the
    // premise did not hold yet: flood again and ask again, with new clients.
    for (int round = 1; ; round++) {
      boolean stuck = stalled.untilStalled(Duration.ofSeconds(3));
      List<Socket> others = new ArrayList<>();
      for (int i = 0; i < 10; i++) others.add(connect(server));
      for (int i = 0; i < others.size(); i++) {
        byte[] m = text("client " + i + " is not stalled");
        write(others.get(i), m);
        expectBytes(others.get(i), m, "one client wrote " + stalled.written + " bytes and read nothing, so the"
            + " server could not send it its echo; meanwhile client " + i + " sent " + Show.bytes(m) + ". A write()"
            + " that cannot finish must not be retried in a loop: keep the rest, ask for OP_WRITE and serve the"
            + " others");
      }
      // a server that takes everything (its output queued in memory) never stalls: nothing to re-check
      if (!stuck || stalled.stillFull() || round == 3) break;
    }
    stalled.readEcho(); // now the stalled client reads, and gets all of it
  }

  @Test
  @DisplayName("does not busy-spin: little CPU while clients idle, half-close, leave, reset or stall")
  @Points(1)
  void noBusySpin() throws Exception {
    ThreadCensus census = ThreadCensus.take(getClass());
    SelectorEchoServer server = startedServer();
    List<Socket> clients = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      Socket c = connect(server);
      byte[] m = text("client " + i);
      write(c, m);
      expectBytes(c, m, "client " + i + " (of 30) sent " + Show.bytes(m));
      clients.add(c);
    }
    for (int i = 0; i < 5; i++) { // 5 clients half-close and read to the end
      Socket c = clients.get(i);
      c.shutdownOutput();
      drainToEnd(c, "client " + i + " called shutdownOutput()");
    }
    for (int i = 5; i < 10; i++) clients.get(i).close(); // 5 leave
    for (int i = 10; i < 13; i++) reset(clients.get(i)); // 3 reset; 17 stay, idle
    // one resets while the server still has output for it: its next write() fails
    // written until the kernel takes no more: a few megabytes could all fit in its buffers, and
    // then the server would have had nothing pending, and no write() to fail
    Flood gone = new Flood(server, 8 * 1024);
    gone.untilStalled(Duration.ofSeconds(1)); // 1 s each: the CPU window below needs up to 2.5 s of the 5
    reset(gone.socket());
    new Flood(server, 8 * 1024).untilStalled(Duration.ofSeconds(1));
    Thread.sleep(50); // let the server handle the closes and resets before measuring

    List<Thread> serverThreads = census.startedSince(true);
    // A thread of our own spins until it has had SPINNER_CPU_NS of CPU: the window is as long as
    // a busy loop needs to get that much CPU on this machine now. A server thread that spins
    // competes for the same cores on the same terms, so it gets about as much CPU in that window,
    // however loaded the machine is; an idle server sleeps in select() and gets almost none.
    // (A fixed 400 ms window let a spinning server pass under heavy load: both got under 5 ms.)
    long before = cpuNanos(serverThreads);
    long[] spin = spin(SPINNER_CPU_NS, SPINNER_MAX_WALL_NS);
    long used = cpuNanos(serverThreads) - before;
    long busy = spin[0];
    if (before < 0 || busy <= 0) return; // this JVM cannot measure CPU time: nothing to judge
    long usedMs = used / 1_000_000;
    long busyMs = busy / 1_000_000;
    long windowMs = spin[1] / 1_000_000;
    // if even the wall limit left our loop with too little CPU to compare, allow an absolute 5 ms
    boolean starved = busy < SPINNER_CPU_NS / 4;
    assertTrue(used <= busy / 16 || starved && used < 5_000_000L, () -> "17 clients idle, 5 half-closed, 5 gone, 4 reset"
        + " (one while the server had output pending for it) and one not reading its echo: during "
        + windowMs + " ms without any traffic the server's threads ("
        + census.describe(serverThreads) + ") used " + usedMs + " ms of CPU time, while a busy loop running"
        + " at the same time got " + busyMs + " ms. An idle Selector loop sleeps in select() and uses almost"
        + " none. Likely causes: OP_WRITE registered while nothing is pending, a channel whose read()"
        + " returned -1 or whose read() or write() threw left open, selectNow() in a loop, or a write()"
        + " retried in a loop");
  }

  /**
   * CPU a busy loop of ours gets in noBusySpin's window: the server may use a sixteenth of it. An
   * idle server uses about none; a spinning one got from 17% to 175% of what our loop got in
   * bench runs at two jobs per core (a loop spinning on write() gets less than a plain one), and
   * one spinner in 20 runs of every wrong implementation got under the quarter allowed before.
   */
  private static final long SPINNER_CPU_NS = 160_000_000L;

  /**
   * The longest that window may last, for a machine so loaded that the loop cannot get its CPU;
   * inside the test's 5 s limit (16 runnable threads on 2 cores still give the loop 300 ms).
   */
  private static final long SPINNER_MAX_WALL_NS = 2_500_000_000L;

  /**
   * Spins on a thread of its own until that thread has had {@code cpuNs} of CPU or {@code maxWallNs}
   * have passed; returns {CPU it got, wall time it took}, CPU -1 if this JVM cannot measure it.
   */
  private long[] spin(long cpuNs, long maxWallNs) throws InterruptedException {
    long[] result = {-1, 0};
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    Thread spinner = new Thread(() -> {
      long start = System.nanoTime();
      if (!bean.isCurrentThreadCpuTimeSupported()) return;
      long cpu0 = bean.getCurrentThreadCpuTime();
      long cpu = 0;
      long x = 0;
      while (cpu < cpuNs && System.nanoTime() - start < maxWallNs) {
        for (int i = 0; i < 10_000; i++) x += System.identityHashCode(this) & 1;
        cpu = bean.getCurrentThreadCpuTime() - cpu0;
      }
      result[0] = cpu + (x & 0);
      result[1] = System.nanoTime() - start;
    }, ThreadCensus.TEST_THREAD_PREFIX + "spinner");
    spinner.start();
    spinner.join(); // ends by itself within maxWallNs
    return result;
  }

  @Test
  @DisplayName("after a half-close echoes everything sent, then closes the connection")
  @Points(1)
  void halfClose() throws Exception {
    SelectorEchoServer server = startedServer();
    Socket c = connect(server);
    byte[] data = new byte[100_000];
    new Random(12).nextBytes(data);
    Writer w = startWriter(c, data);
    w.finished();
    c.shutdownOutput();
    expectBytes(c, data, "sent 100000 bytes, then shutdownOutput()");
    expectEnd(c, "sent 100000 bytes, then shutdownOutput(), and read the whole echo; the server should then"
        + " close the connection (read() returned -1: close that channel)");
  }

  @Test
  @DisplayName("clients that reset (RST), even with output pending, do not disturb the others")
  @Points(1)
  void resets() throws Exception {
    SelectorEchoServer server = startedServer();
    Socket a = connect(server);
    write(a, text("A first"));
    expectBytes(a, text("A first"), "client A's first message");

    Socket r1 = connect(server);
    write(r1, text("then gone"));
    reset(r1); // an abrupt end, maybe before the server even read the data

    Flood r2 = new Flood(server, 8 * 1024);
    r2.untilStalled(Duration.ofSeconds(2)); // the server has output pending for r2 that r2 never reads
    reset(r2.socket());

    Socket r3 = connect(server);
    reset(r3); // connects and resets at once

    write(a, text("A again"));
    expectBytes(a, text("A again"), "client A, connected all along, sent a message after three other clients"
        + " had reset their connections (one of them while the server still had output for it); catch the"
        + " IOException of one client, close that channel and go on serving the rest");
    Socket b = connect(server);
    write(b, text("B is new"));
    expectBytes(b, text("B is new"), "a new client B connected after three resets");
  }

  @Test
  @DisplayName("close() returns once the loop thread has ended, the clients are disconnected and the port"
      + " is free; safe twice and before start()")
  @Points(1)
  void closeStopsEverything() throws Exception {
    ThreadCensus census = ThreadCensus.take(getClass());
    // close() must itself wait until the loop has closed everything. That shows only in the
    // moment after it returns, so 8 servers with 30 clients each are closed, each one looked at
    // on the closing thread as soon as close() returns; the first server's clients are checked
    List<Socket> clients = null;
    SelectorEchoServer server = null;
    int port = 0;
    for (int round = 1; round <= 8; round++) {
      ThreadCensus roundCensus = ThreadCensus.take(getClass());
      SelectorEchoServer s = startedServer();
      int p = s.port();
      assertTrue(p > 0 && p <= 65535, () -> "constructed with port 0, port() returned " + p);
      List<Socket> connected = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        Socket c = connect(s);
        write(c, text("client " + i));
        expectBytes(c, text("client " + i), "client " + i);
        connected.add(c);
      }
      List<String> problems = closeLookingAtOnce(roundCensus, s, p);
      assertTrue(problems.isEmpty(), () -> "closed a server with 30 clients connected: " + String.join("; ", problems));
      if (round == 1) {
        clients = connected;
        server = s;
        port = p;
      }
    }
    for (int i = 0; i < clients.size(); i++) {
      expectDisconnected(clients.get(i), "client " + i + " of 30 was connected (and idle) when close() was called;"
          + " close() must close every client channel too");
    }
    assertPortFree(port, "after close()");
    List<Thread> left = ThreadCensus.await(census::lingering, List::isEmpty, Duration.ofSeconds(2));
    assertTrue(left.isEmpty(), () -> "2 s after close() these threads are still alive: " + census.describe(left)
        + "; close() must end the loop (a flag and selector.wakeup()) and wait for its thread");
    close(server, " a second time");

    SelectorEchoServer never = new SelectorEchoServer(0);
    servers.add(never);
    int port2 = never.port();
    close(never, " on a server that was never started");
    assertPortFree(port2, "after close() on a server that was never started");
  }

  @Test
  @DisplayName("the constructor binds 127.0.0.1 only, on the port asked for, and starts nothing;"
      + " a port in use throws IOException")
  @Points(1)
  void constructorBindsLoopback() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(Loopback.address(), 0));
      int busy = taken.getLocalPort();
      try {
        servers.add(new SelectorEchoServer(busy));
        fail("new SelectorEchoServer(" + busy + ") returned normally, although another socket already listens on"
            + " 127.0.0.1:" + busy + ": if the port cannot be bound, the IOException must reach the caller");
      } catch (IOException expected) {
        // right: BindException, or an IOException wrapping it
      } catch (RuntimeException e) {
        fail("new SelectorEchoServer(" + busy + ") with the port already in use threw " + e
            + "; it should throw the IOException of bind() (a BindException)");
      }
    }

    ThreadCensus census = ThreadCensus.take(getClass());
    SelectorEchoServer server = null;
    int wanted = 0;
    for (int attempt = 0; attempt < 5 && server == null; attempt++) {
      wanted = freePort();
      try {
        server = new SelectorEchoServer(wanted);
        servers.add(server);
      } catch (BindException e) {
        // someone took the port in between: try another
      }
    }
    if (server == null) fail("new SelectorEchoServer(port) kept throwing BindException for free ports");
    int asked = wanted;
    int got = server.port();
    assertEquals(asked, got, () -> "new SelectorEchoServer(" + asked + ").port() returned " + got);
    List<Thread> early = census.startedSince(true);
    assertTrue(early.isEmpty(), () -> "the constructor started " + census.describe(early)
        + "; nothing runs until start()");
    SelectorEchoServer started = server;
    assertTimeoutPreemptively(Duration.ofSeconds(1), started::start,
        "start() did not return within 1 s: it must run the selector loop on a thread of its own");
    Socket c = connect(server);
    write(c, text("on the port asked for"));
    expectBytes(c, text("on the port asked for"), "connected to 127.0.0.1:" + asked
        + " (the port given to the constructor)");
    assertLoopbackOnly(asked);
  }

  // --- helpers -----------------------------------------------------------------------------

  /** Messages the talking client sends while the server's CPU time is measured. */
  private static final int ROUND_TRIPS = 500;

  /** Sends {@code n} messages of 8 bytes, reading each echo before sending the next. */
  private static void roundTrips(Socket s, int n, String who) throws IOException {
    for (int i = 0; i < n; i++) {
      byte[] m = text(String.format("msg %04d", i % 10_000));
      write(s, m);
      expectBytes(s, m, who + ", message " + (i + 1) + " of " + n + " (each echo read before the next)");
    }
  }

  /** The CPU time the server's threads use while {@code talker} makes {@code n} round trips; -1 if unknown. */
  private static long serverCpu(List<Thread> serverThreads, Socket talker, int n) throws IOException {
    long before = cpuNanos(serverThreads);
    roundTrips(talker, n, "a client making round trips");
    long after = cpuNanos(serverThreads);
    return before < 0 ? -1 : after - before;
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, Loopback.address())) {
      return probe.getLocalPort();
    }
  }

  /**
   * Fails if a connection to 127.0.0.2:port is accepted. Linux routes all of 127.0.0.0/8 to the
   * loopback interface, so a server bound to 127.0.0.1 refuses it, while one bound to every
   * address (0.0.0.0, reachable from the network) accepts it. Where this machine cannot reach
   * 127.0.0.2 at all (checked with a listener of our own on every address), nothing is judged.
   */
  private static void assertLoopbackOnly(int port) throws IOException {
    InetAddress other = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress((InetAddress) null, 0)); // every address, like a wrong server
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(other, probe.getLocalPort()), 1000);
      } catch (IOException e) {
        return; // 127.0.0.2 is not reachable here: this machine cannot tell
      }
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(other, port), 1000);
      fail("a connection to 127.0.0.2:" + port + " (another address of this machine, not 127.0.0.1) was accepted:"
          + " the server is bound to every address (0.0.0.0) and so reachable from the network. Bind"
          + " 127.0.0.1 only: new InetSocketAddress(InetAddress.getLoopbackAddress(), port)");
    } catch (ConnectException expected) {
      // refused: bound to 127.0.0.1 only
    } catch (IOException e) {
      // no verdict: the connection neither succeeded nor was refused
    }
  }

  /**
   * Closes the server and, on the closing thread the moment close() returns, looks whether its
   * loop thread has ended and its port is free; returns what was not so.
   */
  private static List<String> closeLookingAtOnce(ThreadCensus census, SelectorEchoServer server, int port) {
    // the loop thread, asleep in select(): started by the server and running its code
    List<Thread> loop = census.startedSince(true).stream().filter(census.runningStudentCode()::contains).toList();
    List<String> problems = new ArrayList<>();
    assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
      assertDoesNotThrow(server::close, "close() threw with 30 clients connected");
      List<Thread> alive = loop.stream().filter(Thread::isAlive).toList();
      String busy = portInUse(port);
      if (!alive.isEmpty()) {
        problems.add("close() returned while the server's thread was still running ("
            + alive.stream().map(t -> "\"" + t.getName() + "\"").collect(Collectors.joining(", "))
            + "). close() sets the flag, wakes the selector and then waits for the loop thread to end (join())");
      }
      if (busy != null) {
        problems.add("port " + port + " was still in use the moment close() returned: a new ServerSocket could"
            + " not bind it (" + busy + "); the listening channel must be closed by the time close() returns");
      }
    }, "close() did not return within 1 s with 30 clients connected");
    return problems;
  }

  /** Null if the port can be bound again right now, without waiting; else why not. */
  private static String portInUse(int port) {
    try (ServerSocket again = new ServerSocket()) {
      again.setReuseAddress(true); // connections of the old server may be in TIME_WAIT
      again.bind(new InetSocketAddress(Loopback.address(), port));
      return null;
    } catch (IOException e) {
      return String.valueOf(e.getMessage());
    }
  }

  /** Writes bytes on a background thread, in 16 KB pieces, counting its progress. */
  private final class Writer {
    final AtomicLong written = new AtomicLong();
    final int total;
    final Future<?> future;

    Writer(Socket s, byte[] data) {
      total = data.length;
      future = writers.submit(() -> {
        OutputStream out = s.getOutputStream();
        for (int off = 0; off < data.length; off += 16 * 1024) {
          int len = Math.min(16 * 1024, data.length - off);
          out.write(data, off, len);
          written.addAndGet(len);
        }
        out.flush();
        return null;
      });
    }

    /** Fails with the writer's exception if it had one; waits a second for it to finish. */
    void finished() throws InterruptedException {
      try {
        future.get(1, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new AssertionError("writing to the server failed after " + written.get() + " of " + total
            + " bytes: " + e.getCause(), e.getCause());
      } catch (java.util.concurrent.TimeoutException e) {
        fail("writing " + total + " bytes to the server had not finished 1 s after the echo was read ("
            + written.get() + " written)");
      }
    }

    String problem() {
      if (!future.isDone()) return " (the writer had written " + written.get() + " of " + total + " bytes)";
      try {
        future.get();
        return " (the writer had written all " + total + " bytes)";
      } catch (Exception e) {
        return " (writing failed after " + written.get() + " bytes: " + e.getCause() + ")";
      }
    }
  }

  /**
   * A client that writes a long stream without reading, non-blocking from the test's own thread,
   * so "stalled" is what the kernel says (no room in the send buffer for 200 ms), not how long a
   * writer thread happened to wait for the CPU.
   */
  private final class Flood {
    // Linux lets a receive buffer grow to net.ipv4.tcp_rmem's maximum (32 MB on some machines)
    // and a send buffer to tcp_wmem's (4 MB): a stall may take tens of megabytes on loopback
    private static final long MAX = 64 << 20;
    private final SocketChannel channel;
    private final byte[] block = new byte[1 << 20];
    private final ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
    long written;

    Flood(SelectorEchoServer server, int receiveBuffer) throws IOException {
      new Random(11).nextBytes(block);
      channel = SocketChannel.open();
      sockets.add(channel.socket());
      channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, receiveBuffer); // before connecting
      try {
        channel.connect(new InetSocketAddress(Loopback.address(), server.port()));
      } catch (IOException e) {
        throw new AssertionError("a new client could not connect to the server on port " + server.port() + ": " + e, e);
      }
      channel.configureBlocking(false);
    }

    /** Byte {@code i} of the stream: a random megabyte, varied by which megabyte it is. */
    private byte at(long i) {
      return (byte) (block[(int) (i & (block.length - 1))] + (i >>> 20));
    }

    /** Writes what the kernel takes now, without waiting; the count written. */
    private int writeSome() throws IOException {
      chunk.clear();
      int n = (int) Math.min(chunk.capacity(), MAX - written);
      for (int k = 0; k < n; k++) chunk.put(at(written + k));
      chunk.flip();
      int w = channel.write(chunk);
      written += w;
      return w;
    }

    /**
     * Writes until there has been no room for 200 ms (true), or until MAX bytes or {@code limit}
     * without a stall (false: the server keeps taking bytes, so it must be keeping its output in
     * memory).
     */
    boolean untilStalled(Duration limit) throws IOException {
      long deadline = System.nanoTime() + limit.toNanos();
      try (java.nio.channels.Selector sel = java.nio.channels.Selector.open()) {
        channel.register(sel, java.nio.channels.SelectionKey.OP_WRITE);
        while (written < MAX && System.nanoTime() < deadline) {
          if (writeSome() > 0) continue;
          if (sel.select(200) == 0) return true; // no room for 200 ms: the server has stopped reading
          sel.selectedKeys().clear();
        }
        return false;
      }
    }

    Socket socket() {
      return channel.socket();
    }

    /** Whether the send buffer is still full: a write now takes nothing. */
    boolean stillFull() throws IOException {
      return writeSome() == 0;
    }

    /** Reads the whole echo and compares it with what was written. */
    void readEcho() throws IOException {
      channel.configureBlocking(true); // the selectors are closed, so the channel is registered nowhere
      Socket s = channel.socket();
      s.setSoTimeout(READ_TIMEOUT_MS);
      InputStream in = s.getInputStream();
      byte[] buf = new byte[64 * 1024];
      long got = 0;
      try {
        while (got < written) {
          int r = in.read(buf, 0, (int) Math.min(buf.length, written - got));
          if (r == -1) fail("the stalled client started reading and got only " + got + " of " + written
              + " bytes before the server closed the connection");
          for (int k = 0; k < r; k++) {
            if (buf[k] != at(got + k)) {
              fail("the stalled client started reading; the echo differs from what it sent at byte " + (got + k)
                  + " of " + written);
            }
          }
          got += r;
        }
      } catch (SocketTimeoutException e) {
        fail("the stalled client started reading, but after " + got + " of " + written + " bytes nothing more"
            + " came for " + READ_TIMEOUT_MS + " ms");
      }
    }
  }

  private Writer startWriter(Socket s, byte[] data) {
    return new Writer(s, data);
  }

  private SelectorEchoServer startedServer() throws IOException {
    SelectorEchoServer server = new SelectorEchoServer(0);
    servers.add(server);
    assertTimeoutPreemptively(Duration.ofSeconds(1), server::start,
        "start() did not return within 1 s: it must run the selector loop on a thread of its own");
    return server;
  }

  private static void close(SelectorEchoServer server, String when) {
    assertTimeoutPreemptively(Duration.ofSeconds(1),
        () -> assertDoesNotThrow(server::close, "close() threw" + when),
        "close() did not return within 1 s" + when);
  }

  private Socket connect(SelectorEchoServer server) throws IOException {
    return connect(server, 0);
  }

  /** A client; {@code receiveBuffer} > 0 makes its receive window small (set before connecting). */
  private Socket connect(SelectorEchoServer server, int receiveBuffer) throws IOException {
    Socket s;
    int port = server.port();
    try {
      s = new Socket();
      sockets.add(s);
      if (receiveBuffer > 0) s.setReceiveBufferSize(receiveBuffer);
      // 3 s: with many clients connecting at once the listen backlog (50 unless the server asks
      // for more) may overflow while the loop is busy; Linux then drops the SYN and the client
      // sends it again after 1 s, which is normal TCP, not a fault of the server
      s.connect(new InetSocketAddress(Loopback.address(), port), 3000);
    } catch (IOException e) {
      throw new AssertionError("a new client could not connect to the server on port " + port + ": " + e
          + " (" + sockets.size() + " clients had connected before; has the server stopped accepting?)", e);
    }
    s.setTcpNoDelay(true);
    s.setSoTimeout(READ_TIMEOUT_MS);
    return s;
  }

  private static void write(Socket s, byte[] data) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(data);
    out.flush();
  }

  /** Reads exactly want.length bytes and compares them. */
  private static void expectBytes(Socket s, byte[] want, String context) throws IOException {
    byte[] got = new byte[want.length];
    int n = 0;
    InputStream in = s.getInputStream();
    try {
      while (n < want.length) {
        int r = in.read(got, n, want.length - n);
        if (r == -1) {
          fail(context + ": expected " + want.length + " bytes back, but the server closed the connection after "
              + n);
        }
        n += r;
      }
    } catch (SocketTimeoutException e) {
      byte[] part = Arrays.copyOf(got, n);
      fail(context + ": expected " + want.length + " bytes back; after " + READ_TIMEOUT_MS + " ms only " + n
          + " had come" + (n > 0 ? " (" + Show.bytes(part) + ")" : ""));
    } catch (SocketException e) {
      fail(context + ": expected " + want.length + " bytes back, but reading failed after " + n + ": " + e);
    }
    assertArrayEquals(want, got, () -> context + ": the echo differs from what was sent: "
        + ByteDiff.describe(want, got) + " (expected " + Show.bytes(want) + ", got " + Show.bytes(got) + ")");
  }

  private static void drainToEnd(Socket s, String context) throws IOException {
    try {
      int r = s.getInputStream().read();
      if (r != -1) fail(context + " after its echo had been read; expected the end of the stream, got more bytes");
    } catch (SocketTimeoutException e) {
      fail(context + " after its echo had been read; the server should close the connection, but it stayed"
          + " open for " + READ_TIMEOUT_MS + " ms (read() returned -1: close that channel)");
    }
  }

  private static void expectEnd(Socket s, String context) throws IOException {
    try {
      int r = s.getInputStream().read();
      if (r != -1) fail(context + ": expected the end of the stream, but more bytes came");
    } catch (SocketTimeoutException e) {
      fail(context + ": the connection stayed open for " + READ_TIMEOUT_MS + " ms");
    } catch (SocketException e) {
      fail(context + ": expected a clean end of the stream, but reading failed: " + e);
    }
  }

  private static void expectDisconnected(Socket s, String context) throws IOException {
    s.setSoTimeout(1000);
    try {
      int r = s.getInputStream().read();
      if (r != -1) fail(context + ": after close() the client received more bytes");
    } catch (SocketTimeoutException e) {
      fail(context + ": the connection was still open 1 s after close()");
    } catch (SocketException e) {
      // a reset is a disconnection too
    }
  }

  private static void reset(Socket s) throws IOException {
    s.setSoLinger(true, 0);
    s.close();
  }

  /** CPU time of the given threads in ns (-1 if this JVM cannot tell). */
  private static long cpuNanos(List<Thread> threads) {
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    if (!bean.isThreadCpuTimeSupported()) return -1;
    if (!bean.isThreadCpuTimeEnabled()) bean.setThreadCpuTimeEnabled(true);
    long sum = 0;
    for (Thread t : threads) {
      @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
      long id = t.getId();
      long ns = bean.getThreadCpuTime(id);
      if (ns > 0) sum += ns;
    }
    return sum;
  }

  /** Where a message of length n is cut into 4 pieces: 1 byte, then three uneven parts. */
  private static int[] cuts(int n) {
    return new int[] {0, 1, 1 + (n - 1) / 5, 1 + (n - 1) / 2, n};
  }

  private static void assertPortFree(int port, String when) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    while (true) {
      try (ServerSocket again = new ServerSocket()) {
        again.setReuseAddress(true); // connections of the old server may be in TIME_WAIT
        again.bind(new InetSocketAddress(Loopback.address(), port));
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          fail("port " + port + " is still in use 1 s " + when + ": a new ServerSocket could not bind it ("
              + e.getMessage() + "); the listening channel must be closed");
        }
        Thread.sleep(10); // polling with a deadline
      }
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed or reset
    }
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String hex(byte b) {
    return String.format("0x%02x", b & 0xff);
  }
}
