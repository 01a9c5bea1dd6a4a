import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import netlab.grade.api.Points;
import netlab.grade.support.Loopback;
import netlab.grade.support.OneByteAtATime;
import netlab.grade.support.Show;
import netlab.grade.support.ThreadCensus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hidden tests for exercise 06, tcp-line-echo. Real TCP connections on 127.0.0.1, ephemeral
 * ports; every read times out after a second, so a missing echo fails with a message.
 */
class LineEchoServerHiddenTest {

  private static final int READ_TIMEOUT_MS = 1000;

  private final List<LineEchoServer> servers = new ArrayList<>();
  private final List<Conn> conns = Collections.synchronizedList(new ArrayList<>());
  private ExecutorService pool;

  @AfterEach
  void cleanUp() throws InterruptedException {
    if (pool != null) pool.shutdownNow();
    synchronized (conns) {
      for (Conn c : conns) c.close();
    }
    // the student's close() may throw, be a TODO or hang: close on a daemon thread, 1 s at most
    Thread closer = new Thread(() -> {
      for (LineEchoServer s : servers) {
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
    if (pool != null) pool.awaitTermination(1, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("echoes a line, several lines sent in one write as separate lines, and a \\r\\n ending as \\n")
  @Points(1)
  void echoesLines() throws Exception {
    LineEchoServer server = startedServer();
    Conn c = connect(server, "client");
    c.send("hello\n");
    c.expectLine("hello\n", "sent \"hello\\n\"");
    c.send("one\ntwo\n\nthree\n");
    String sent = "sent \"one\\ntwo\\n\\nthree\\n\" in one write";
    c.expectLine("one\n", sent + ", echo 1 of 4");
    c.expectLine("two\n", sent + ", echo 2 of 4");
    c.expectLine("\n", sent + ", echo 3 of 4 (an empty line is a line too)");
    c.expectLine("three\n", sent + ", echo 4 of 4");
    c.send("windows\r\nstyle\r\n");
    String crlf = "sent \"windows\\r\\nstyle\\r\\n\" (lines ending in \\r\\n; the README: a \\r\\n ending comes back as \\n)";
    c.expectLine("windows\n", crlf + ", echo 1 of 2");
    c.expectLine("style\n", crlf + ", echo 2 of 2");
  }

  @Test
  @DisplayName("echoes a line sent one byte at a time, and only once its newline has arrived")
  @Points(1)
  void oneByteAtATime() throws Exception {
    LineEchoServer server = startedServer();
    Conn c = connect(server, "client");
    OutputStream slow = OneByteAtATime.output(c.socket.getOutputStream());
    slow.write(utf8("first line\nsecond"));
    c.expectLine("first line\n", "sent \"first line\\nsecond\" one byte per TCP segment");
    byte[] early = c.whatArrivesWithin(150);
    assertEquals(0, early.length, () -> "sent \"first line\\nsecond\" one byte at a time; after the echo"
        + " of the first line, the server also sent " + Show.bytes(early) + " although \"second\" has no"
        + " newline yet: echo whole lines, not whatever one read() returned");
    slow.write(utf8(" line\n"));
    c.expectLine("second line\n", "sent \"second\", then \" line\\n\", one byte at a time");
  }

  @Test
  @DisplayName("keeps UTF-8 text intact, even when a character's bytes arrive separately")
  @Points(1)
  void utf8Text() throws Exception {
    LineEchoServer server = startedServer();
    Conn c = connect(server, "client");
    String line = "你好, 世界 ✓ grüße ünïcödé €100\n";
    OutputStream slow = OneByteAtATime.output(c.socket.getOutputStream());
    slow.write(utf8(line));
    c.expectLine(line, "sent " + Show.bytes(utf8(line)) + " one byte at a time (Chinese characters are 3"
        + " bytes each in UTF-8; decode the bytes as UTF-8 once the line is complete)");
    c.send("再见\n");
    c.expectLine("再见\n", "sent \"再见\\n\" in one write");
  }

  @Test
  @DisplayName("after a half-close (shutdownOutput) echoes every line, then closes the connection")
  @Points(1)
  void halfClose() throws Exception {
    LineEchoServer server = startedServer();
    Conn c = connect(server, "client");
    c.send("alpha\nbeta\ngamma\n");
    c.socket.shutdownOutput();
    String sent = "sent \"alpha\\nbeta\\ngamma\\n\", then shutdownOutput()";
    c.expectLine("alpha\n", sent);
    c.expectLine("beta\n", sent);
    c.expectLine("gamma\n", sent);
    c.expectEndOfStream(sent + " and read the 3 echoes; the server should then close the connection");
  }

  @Test
  @DisplayName("echoes a last line without newline (with a \\n added) when the client ends its output")
  @Points(1)
  void partialLastLine() throws Exception {
    LineEchoServer server = startedServer();
    Conn c = connect(server, "client");
    c.send("complete\nlast words");
    c.socket.shutdownOutput();
    String sent = "sent \"complete\\nlast words\" (no newline at the end), then shutdownOutput()";
    c.expectLine("complete\n", sent);
    c.expectLine("last words\n", sent + ": the unfinished last line should come back with a \\n added");
    c.expectEndOfStream(sent + " and read both echoes; the server should then close the connection");
  }

  @Test
  @DisplayName("serves 30 clients connected at the same time, each on its own")
  @Points(1)
  void thirtyClientsAtOnce() throws Exception {
    LineEchoServer server = startedServer();
    List<Conn> group = new ArrayList<>();
    for (int i = 1; i <= 30; i++) group.add(connect(server, "client " + i));
    // all 30 stay connected; one line from each in turn, then every echo, three rounds
    for (int round = 1; round <= 3; round++) {
      for (int i = 0; i < group.size(); i++) group.get(i).send(lineFor(i + 1, round));
      for (int i = 0; i < group.size(); i++) {
        String want = lineFor(i + 1, round);
        group.get(i).expectLine(want, "30 clients are connected at once (none has left); client " + (i + 1)
            + " sent " + quote(want) + " in round " + round + " (each client needs its own thread: an"
            + " iterative server or a small pool never gets to the later clients)");
      }
    }
  }

  @Test
  @DisplayName("16 clients on 16 threads each get exactly their own lines back, 3 rounds")
  @Points(1)
  void parallelClients() throws Exception {
    LineEchoServer server = startedServer();
    AtomicInteger names = new AtomicInteger();
    pool = Executors.newFixedThreadPool(16, r -> {
      Thread t = new Thread(r, ThreadCensus.TEST_THREAD_PREFIX + "client-" + names.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    for (int round = 1; round <= 3; round++) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> results = new ArrayList<>();
      for (int t = 1; t <= 16; t++) {
        int id = t;
        int r = round;
        results.add(pool.submit(() -> {
          Conn c = connect(server, "client " + id);
          Random random = new Random(id * 31L + r);
          go.await();
          for (int k = 0; k < 30; k++) {
            String line = "client " + id + " round " + r + " line " + k + " " + "x".repeat(random.nextInt(200)) + "\n";
            c.send(line);
            c.expectLine(line, "16 clients send lines at the same time; client " + id + " sent " + quote(line)
                + " (do the client threads share a field, a stream or a buffer?)");
          }
          // a burst: three lines in one write
          String burst = "burst " + id + " a\nburst " + id + " b\nburst " + id + " c\n";
          c.send(burst);
          for (String part : burst.split("(?<=\n)")) {
            c.expectLine(part, "client " + id + " sent " + quote(burst) + " in one write");
          }
          c.close();
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
          throw new AssertionError("a client failed in round " + round + ": " + cause, cause);
        } catch (TimeoutException e) {
          fail("16 clients sending 31 lines each were not all answered within 4 s (round " + round + ")");
        }
      }
    }
  }

  @Test
  @DisplayName("clients that reset (RST) or leave do not disturb the others, and their threads end")
  @Points(1)
  void resetsAndLeaving() throws Exception {
    ThreadCensus census = ThreadCensus.take(getClass());
    LineEchoServer server = startedServer();
    Conn a = connect(server, "client A");
    a.send("A is here\n");
    a.expectLine("A is here\n", "client A's first line");
    int baseline = census.runningStudentCode().size(); // the acceptor and A's thread

    Conn b = connect(server, "client B");
    b.send("B says hi\n");
    b.expectLine("B says hi\n", "client B's line");
    b.reset(); // an abrupt end: RST instead of FIN

    // C sends 40 KB of lines without reading the echoes, then resets: the server's writes fail
    // (40 KB fit the socket buffers, so C's write never waits for the server)
    Conn c = connect(server, "client C");
    StringBuilder lots = new StringBuilder();
    for (int i = 0; i < 400; i++) lots.append("line ").append(i).append(' ').append("c".repeat(90)).append('\n');
    c.send(lots.toString());
    c.reset();

    Conn d = connect(server, "client D");
    d.send("half a line");
    d.reset(); // resets in the middle of a line

    a.send("A is still here\n");
    a.expectLine("A is still here\n", "client A, connected all along, sent a line after clients B, C and D"
        + " had reset their connections (one client's exception must end only that client's thread)");
    Conn e = connect(server, "client E");
    e.send("E is new\n");
    e.expectLine("E is new\n", "a new client E connected after three resets");
    e.close();

    List<Thread> left = ThreadCensus.await(census::runningStudentCode, l -> l.size() <= baseline,
        Duration.ofSeconds(1));
    assertTrue(left.size() <= baseline, () -> "after clients B, C and D reset and E closed, only the"
        + " accepting thread and client A's should still run your code (" + baseline + " threads), but"
        + " 1 s later " + left.size() + " do: " + census.describe(left) + ". A client thread must end when"
        + " its connection ends, by -1/null or by an exception");
  }

  @Test
  @DisplayName("close() disconnects connected clients and returns once every thread the server started has ended")
  @Points(1)
  void closeStopsEverything() throws Exception {
    ThreadCensus census = ThreadCensus.take(getClass());
    LineEchoServer server = startedServer();
    List<Conn> group = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      Conn c = connect(server, "client " + i);
      c.send("client " + i + " is connected\n");
      c.expectLine("client " + i + " is connected\n", "client " + i + "'s line");
      group.add(c);
    }
    List<String> atReturn = closeLookingAtOnce(census, server, "20 clients connected");
    assertTrue(atReturn.isEmpty(), () -> atReturn.get(0));
    for (int i = 0; i < group.size(); i++) {
      group.get(i).expectDisconnected("client " + (i + 1) + " of 20 was connected (and idle) when close() was"
          + " called; close() must close every client connection too");
    }
    List<Thread> left = ThreadCensus.await(census::lingering, List::isEmpty, Duration.ofSeconds(2));
    assertTrue(left.isEmpty(), () -> "2 s after close() these threads are still alive: "
        + census.describe(left) + "; close() must end the accepting thread and every client thread (closing"
        + " a socket wakes a thread blocked on it) and shut down any executor it used");

    // whether close() waits shows only in the moment it returns, so 3 more servers are closed
    for (int round = 2; round <= 4; round++) {
      ThreadCensus roundCensus = ThreadCensus.take(getClass());
      LineEchoServer again = startedServer();
      for (int i = 1; i <= 30; i++) {
        Conn c = connect(again, "client " + i + " of server " + round);
        c.send("hello\n");
        c.expectLine("hello\n", "client " + i + " of server " + round);
      }
      List<String> problems = closeLookingAtOnce(roundCensus, again, "30 clients connected");
      assertTrue(problems.isEmpty(), () -> problems.get(0));
    }
  }

  @Test
  @DisplayName("binds 127.0.0.1 only, port() gives the real port, a port in use throws IOException; close()"
      + " frees the port at once and is safe twice and before start()")
  @Points(1)
  void lifecycle() throws Exception {
    LineEchoServer server = startedServer();
    int port = server.port();
    assertTrue(port > 0 && port <= 65535, () -> "constructed with port 0, port() returned " + port);
    Conn c = connect(server, "client");
    c.send("ping\n");
    c.expectLine("ping\n", "sent \"ping\\n\" to port() " + port);
    assertLoopbackOnly(port);
    try {
      servers.add(new LineEchoServer(port));
      fail("new LineEchoServer(" + port + ") returned normally while another server listened on 127.0.0.1:" + port
          + ": if the port cannot be bound, the IOException (a BindException) must reach the caller");
    } catch (IOException expected) {
      // right
    } catch (RuntimeException e) {
      fail("new LineEchoServer(" + port + ") with the port already in use threw " + e
          + "; it should throw the IOException of bind() (a BindException)");
    }
    close(server, "");
    assertPortFreeNow(port, "the moment close() returned (the README: the port is free again at once)");
    close(server, " a second time");

    LineEchoServer fixed = null;
    int wanted = 0;
    for (int attempt = 0; attempt < 5 && fixed == null; attempt++) {
      wanted = freePort();
      try {
        fixed = new LineEchoServer(wanted);
        servers.add(fixed);
      } catch (BindException e) {
        fixed = null; // someone took it in between: try another
      }
    }
    if (fixed == null) fail("new LineEchoServer(port) kept throwing BindException for free ports");
    int asked = wanted;
    int got = fixed.port();
    assertEquals(asked, got, () -> "new LineEchoServer(" + asked + ").port() returned " + got);
    close(fixed, " on a server that was never started");
    assertPortFree(asked, "after close() on a server that was never started");
  }

  /**
   * Closes the server (1 s at most) and, on the closing thread the moment close() returns, looks
   * for threads it started that have not ended; returns what it found. A thread of a pool (its
   * stack was in ThreadPoolExecutor or a ForkJoinPool before close()) may still be on its way out
   * of the JDK after awaitTermination(), so it only counts while it still runs the server's code.
   * Everything is taken before close() but one isAlive() each and one snapshot of the stacks:
   * a thread that close() did not wait for ends within microseconds.
   */
  private List<String> closeLookingAtOnce(ThreadCensus census, LineEchoServer server, String situation) {
    List<Thread> started = census.startedSince(true);
    List<Thread> plain = new ArrayList<>();
    Map<Thread, StackTraceElement[]> before = Thread.getAllStackTraces();
    for (Thread t : started) {
      if (Arrays.stream(before.getOrDefault(t, new StackTraceElement[0])).noneMatch(f -> isPoolFrame(f))) plain.add(t);
    }
    List<String> atReturn = new ArrayList<>();
    assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
      assertDoesNotThrow(server::close, "close() threw with " + situation);
      List<Thread> alive = plain.stream().filter(Thread::isAlive).toList();
      Map<Thread, StackTraceElement[]> now = Thread.getAllStackTraces();
      List<String> unfinished = new ArrayList<>();
      for (Thread t : started) {
        boolean inServer = Arrays.stream(now.getOrDefault(t, new StackTraceElement[0])).anyMatch(this::isServerFrame);
        if (inServer || alive.contains(t)) unfinished.add("\"" + t.getName() + "\"" + (inServer ? " (in the server's code)" : ""));
      }
      if (!unfinished.isEmpty()) {
        atReturn.add("close() with " + situation + " returned while threads it had started had not ended: "
            + unfinished + ". close() returns only once the accepting thread and every client thread have ended:"
            + " close the sockets, then join() the threads");
      }
    }, "close() did not return within 1 s with " + situation);
    return atReturn;
  }

  private static boolean isPoolFrame(StackTraceElement f) {
    return f.getClassName().startsWith("java.util.concurrent.ThreadPoolExecutor")
        || f.getClassName().startsWith("java.util.concurrent.ForkJoin");
  }

  /** A frame of the student's code: a class without a package that is not this test. */
  private boolean isServerFrame(StackTraceElement f) {
    String c = f.getClassName();
    String test = getClass().getName();
    return c.indexOf('.') < 0 && !c.equals(test) && !c.startsWith(test + "$");
  }

  // --- helpers -----------------------------------------------------------------------------

  /** One client connection, with a byte-exact line reader. */
  private final class Conn implements AutoCloseable {
    final String name;
    final Socket socket;
    final InputStream in;
    final OutputStream out;

    Conn(int port, String name) throws IOException {
      this.name = name;
      socket = Loopback.connect(port);
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(READ_TIMEOUT_MS);
      in = new BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    }

    void send(String text) throws IOException {
      out.write(utf8(text));
      out.flush();
    }

    /** Reads up to and including the next '\n' and compares it with {@code want}. */
    void expectLine(String want, String context) throws IOException {
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      try {
        while (true) {
          int b = in.read();
          if (b == -1) {
            fail(context + ": " + name + " expected the echo " + quote(want) + ", but the server closed the"
                + " connection" + (got.size() > 0 ? " after sending " + Show.bytes(got.toByteArray()) : ""));
          }
          got.write(b);
          if (b == '\n') break;
        }
      } catch (SocketTimeoutException e) {
        fail(context + ": " + name + " waited " + READ_TIMEOUT_MS + " ms for the echo " + quote(want) + " and got "
            + (got.size() == 0 ? "nothing" : "only " + Show.bytes(got.toByteArray())));
      } catch (SocketException e) {
        fail(context + ": " + name + " expected the echo " + quote(want) + ", but reading failed: " + e);
      }
      byte[] g = got.toByteArray();
      assertEquals(quote(want), quote(new String(g, StandardCharsets.UTF_8)), () -> context + ": " + name
          + " expected the echo " + quote(want) + " and got " + Show.bytes(g));
    }

    /** The bytes that arrive within {@code ms} (none, normally). */
    byte[] whatArrivesWithin(int ms) throws IOException {
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      socket.setSoTimeout(ms);
      try {
        while (true) {
          int b = in.read();
          if (b == -1) break;
          got.write(b);
        }
      } catch (SocketTimeoutException e) {
        // quiet: the normal case
      } finally {
        socket.setSoTimeout(READ_TIMEOUT_MS);
      }
      return got.toByteArray();
    }

    void expectEndOfStream(String context) throws IOException {
      try {
        int b = in.read();
        if (b != -1) {
          byte[] rest = whatArrivesWithin(100);
          byte[] all = new byte[rest.length + 1];
          all[0] = (byte) b;
          System.arraycopy(rest, 0, all, 1, rest.length);
          fail(context + ": expected the end of the stream, but got " + Show.bytes(all));
        }
      } catch (SocketTimeoutException e) {
        fail(context + ": expected the end of the stream (read() returning -1) within " + READ_TIMEOUT_MS
            + " ms, but the connection stayed open");
      } catch (SocketException e) {
        fail(context + ": expected a clean end of the stream, but reading failed: " + e
            + " (close the socket after echoing, do not reset it)");
      }
    }

    /** After close(): the end of the stream or a reset, but not silence. */
    void expectDisconnected(String context) throws IOException {
      try {
        byte[] extra = whatArrivesUntilEnd();
        assertEquals(0, extra.length, () -> context + ": after close() the client received " + Show.bytes(extra));
      } catch (SocketTimeoutException e) {
        fail(context + ": the connection was still open " + READ_TIMEOUT_MS + " ms after close()");
      } catch (SocketException e) {
        // a reset is a disconnection too
      }
    }

    private byte[] whatArrivesUntilEnd() throws IOException {
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      for (int b; (b = in.read()) != -1; ) got.write(b);
      return got.toByteArray();
    }

    /** An abrupt close: RST instead of FIN. */
    void reset() throws IOException {
      socket.setSoLinger(true, 0);
      socket.close();
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing twice or after a reset is not the test's concern
      }
    }
  }

  private Conn connect(LineEchoServer server, String name) throws IOException {
    Conn c = new Conn(server.port(), name);
    conns.add(c);
    return c;
  }

  private LineEchoServer startedServer() throws IOException {
    LineEchoServer server = new LineEchoServer(0);
    servers.add(server);
    assertTimeoutPreemptively(Duration.ofSeconds(1), server::start,
        "start() did not return within 1 s: it must accept clients on a background thread");
    return server;
  }

  private static void close(LineEchoServer server, String when) {
    assertTimeoutPreemptively(Duration.ofSeconds(1),
        () -> assertDoesNotThrow(server::close, "close() threw" + when),
        "close() did not return within 1 s" + when);
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, Loopback.address())) {
      return probe.getLocalPort();
    }
  }

  /** The port can be bound again right now, without waiting. */
  private static void assertPortFreeNow(int port, String when) {
    try (ServerSocket again = new ServerSocket()) {
      again.setReuseAddress(true); // connections of the old server may be in TIME_WAIT
      again.bind(new InetSocketAddress(Loopback.address(), port));
    } catch (IOException e) {
      fail("port " + port + " was still in use " + when + ": a new ServerSocket could not bind it ("
          + e.getMessage() + "); close() must close the listening socket before it returns");
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
              + e.getMessage() + "); close() must close the listening socket");
        }
        Thread.sleep(10); // polling with a deadline
      }
    }
  }

  private static String lineFor(int client, int round) {
    return "client " + client + " round " + round + " " + "#".repeat(client) + "\n";
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String quote(String s) {
    String shown = s.length() > 70 ? s.substring(0, 70) + "…" : s;
    return "\"" + shown.replace("\r", "\\r").replace("\n", "\\n") + "\"";
  }
}
