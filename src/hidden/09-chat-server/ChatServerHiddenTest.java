import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netlab.grade.api.Points;
import netlab.grade.support.Loopback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hidden tests for exercise 09, chat-server. Real clients on 127.0.0.1 speak the line protocol:
 * a nickname first, then messages. Every read times out after a second, so a line that never
 * comes fails the test with a message naming the client and the line it was waiting for.
 */
class ChatServerHiddenTest {

  private static final int READ_TIMEOUT_MS = 1000;

  private final List<ChatServer> servers = new ArrayList<>();
  private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
  private final ExecutorService helpers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "hidden-test-helper");
    t.setDaemon(true);
    return t;
  });

  @AfterEach
  void cleanUp() throws InterruptedException {
    helpers.shutdownNow();
    synchronized (sockets) {
      for (Socket s : sockets) {
        try {
          s.close();
        } catch (IOException ignored) {
          // already closed or reset
        }
      }
    }
    // the student's close() may throw, be a TODO or hang: close on a daemon thread, and give up
    // after a second
    Thread closer = new Thread(() -> {
      for (ChatServer s : servers) {
        try {
          s.close();
        } catch (Throwable ignored) {
          // the tests have already said what matters
        }
      }
    }, "hidden-test-cleanup");
    closer.setDaemon(true);
    closer.start();
    closer.join(1000);
  }

  @Test
  @DisplayName("welcomes a new client; announces it to the others, not to itself")
  @Points(1)
  void announcesJoins() throws Exception {
    int port = startedServer(64).port();
    Chatter ann = join(port, "ann");
    Chatter bob = join(port, "bob");
    ann.expect("* bob joined", "bob joined after ann");
    Chatter cat = join(port, "cat_9-X");
    ann.expect("* cat_9-X joined", "cat_9-X joined after ann and bob");
    // bob's next line must be about cat: a "* bob joined" sent to bob himself would come first
    bob.expect("* cat_9-X joined", "cat_9-X joined after bob (a client is not told about its own join)");
    cat.say("hello");
    ann.expect("cat_9-X: hello", "cat_9-X said \"hello\"");
  }

  @Test
  @DisplayName("sends messages to all others as \"nick: text\", not to the sender")
  @Points(1)
  void broadcastsToOthers() throws Exception {
    int port = startedServer(64).port();
    Chatter ann = join(port, "ann");
    Chatter bob = join(port, "bob");
    Chatter cat = join(port, "cat");
    ann.expect("* bob joined", "bob joined");
    ann.expect("* cat joined", "cat joined");
    bob.expect("* cat joined", "cat joined");

    String text = "hello, 你好, Grüße 👋";
    ann.say(text);
    bob.expect("ann: " + text, "ann said \"" + text + "\" (UTF-8)");
    cat.expect("ann: " + text, "ann said \"" + text + "\" (UTF-8)");
    bob.say("hi ann");
    // ann's next line must be bob's: her own message sent back to her would come first
    ann.expect("bob: hi ann", "ann said \"" + text + "\", then bob said \"hi ann\" (a sender does not get"
        + " its own message back)");
    cat.expect("bob: hi ann", "bob said \"hi ann\"");

    ann.say("");
    ann.sayRaw("windows line\r\n");
    bob.expect("ann: windows line", "ann sent an empty line (ignored), then \"windows line\\r\\n\""
        + " (the \\r is part of the line ending)");
    cat.say("bye");
    bob.expect("cat: bye", "cat said \"bye\"");
    ann.expect("cat: bye", "ann sent an empty line and \"windows line\", then cat said \"bye\"");
  }

  @Test
  @DisplayName("refuses taken and invalid nicknames, even when 8 race for one")
  @Points(1)
  void refusesDuplicateNicknames() throws Exception {
    int port = startedServer(64).port();
    Chatter ann = join(port, "ann");

    for (String bad : List.of("ann", "", "two words", "x".repeat(17), "a:b", "*")) {
      Chatter c = connect(port, "(a client asking for " + quote(bad) + ")");
      c.sayRaw(bad + "\n");
      String first = c.next("an answer to the nickname " + quote(bad));
      String want = bad.equals("ann") ? "ERROR nickname taken" : "ERROR invalid nickname";
      assertTrue(first != null && first.startsWith(want), () -> "sent the nickname " + quote(bad)
          + (bad.equals("ann") ? " while ann was connected" : " (invalid: 1-16 of A-Z a-z 0-9 _ -)")
          + "; expected the line \"" + want + "\", received " + quote(first));
      c.expectEnd("the server refused the nickname " + quote(bad));
    }

    // 8 clients ask for the same nickname at the same moment, 10 times over
    for (int round = 1; round <= 10; round++) {
      List<Chatter> racers = new ArrayList<>();
      for (int i = 0; i < 8; i++) racers.add(connect(port, "(racer " + (i + 1) + ")"));
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> answers = new ArrayList<>();
      for (Chatter r : racers) {
        answers.add(helpers.submit(() -> {
          go.await();
          r.sayRaw("same\n");
          return r.next("an answer to the nickname \"same\"");
        }));
      }
      go.countDown();
      Chatter winner = null;
      List<String> got = new ArrayList<>();
      for (int i = 0; i < racers.size(); i++) {
        String answer = get(answers.get(i), "racer " + (i + 1) + "'s answer");
        got.add(answer);
        if ("WELCOME same".equals(answer)) winner = racers.get(i);
      }
      int r = round;
      long welcomed = got.stream().filter("WELCOME same"::equals).count();
      long refused = got.stream().filter(a -> a != null && a.startsWith("ERROR nickname taken")).count();
      assertTrue(welcomed == 1 && refused == 7, () -> "round " + r + ": 8 clients sent the nickname \"same\""
          + " at the same moment; expected exactly one WELCOME and 7 \"ERROR nickname taken\" lines, received " + got
          + " (checking and taking a nickname must be one atomic step)");
      for (Chatter c : racers) {
        if (c != winner) c.expectEnd("the server refused the nickname \"same\" in round " + r);
      }
      ann.expect("* same joined", "round " + r + " of 8 clients racing for the nickname \"same\"");
      winner.say("/quit");
      ann.expect("* same left", "round " + r + ": the client that got \"same\" sent /quit");
    }
  }

  @Test
  @DisplayName("accepts nicknames of 1 to 16 of A-Z a-z 0-9 _ - (case-sensitive), refuses the others as invalid,"
      + " frees a name after a reset")
  @Points(1)
  void nicknameRules() throws Exception {
    int port = startedServer(64).port();
    Chatter ann = join(port, "ann");
    List<String> good = List.of("a", "Z", "7", "_", "-", "ABCDEFGHIJKLMNOP", "x".repeat(16), "Ann", "ANN",
        "az_AZ-09");
    for (String nick : good) {
      Chatter c = join(port, nick); // fails with a message unless WELCOME nick comes back
      ann.expect("* " + nick + " joined", quote(nick) + " joined" + (nick.equalsIgnoreCase("ann")
          ? " while ann was there (nicknames are case-sensitive: ann and " + nick + " are two people)" : ""));
      c.say("/quit");
      ann.expect("* " + nick + " left", quote(nick) + " sent /quit");
    }
    Chatter crlf = connect(port, "(a client sending \"bob\\r\\n\")");
    crlf.sayRaw("bob\r\n");
    String welcome = crlf.next("an answer to the nickname line \"bob\\r\\n\"");
    assertEquals("WELCOME bob", welcome, "sent the nickname line \"bob\\r\\n\" (a \\r\\n ending is fine: the \\r"
        + " is not part of the nickname); expected \"WELCOME bob\"");
    ann.expect("* bob joined", "bob joined with a \\r\\n line ending");

    for (String bad : List.of("x".repeat(17), "é", "ann ", " ann", "a.b", "a/b", "a\tb", "ünïcödé", "12345678901234567")) {
      Chatter c = connect(port, "(a client asking for " + quote(bad) + ")");
      c.sayRaw(bad + "\n");
      String first = c.next("an answer to the nickname " + quote(bad));
      assertTrue(first != null && first.startsWith("ERROR invalid nickname"), () -> "sent the nickname " + quote(bad)
          + " (invalid: 1 to 16 of A-Z a-z 0-9 _ -, " + bad.length() + " characters); expected the line"
          + " \"ERROR invalid nickname\", received " + quote(first));
      c.expectEnd("the server refused the nickname " + quote(bad));
    }

    Chatter cat = join(port, "cat");
    ann.expect("* cat joined", "cat joined");
    cat.reset();
    ann.expect("* cat left", "cat's connection was reset");
    Chatter cat2 = join(port, "cat"); // fails with a message unless WELCOME cat comes back
    ann.expect("* cat joined", "cat left by a reset, and a new client took the nickname cat");
    cat2.say("the name was free");
    ann.expect("cat: the name was free", "the new cat said \"the name was free\"");
  }

  @Test
  @DisplayName("/quit closes, announces the leave and frees the nickname")
  @Points(1)
  void quitLeaves() throws Exception {
    int port = startedServer(64).port();
    Chatter ann = join(port, "ann");
    Chatter bob = join(port, "bob");
    ann.expect("* bob joined", "bob joined");
    bob.say("/quit");
    bob.expectEnd("bob sent /quit");
    ann.expect("* bob left", "bob sent /quit (\"/quit\" itself is not a message)");
    Chatter bob2 = join(port, "bob");
    ann.expect("* bob joined", "bob left and a new client took the nickname bob");
    bob2.say("I am back");
    ann.expect("bob: I am back", "the new bob said \"I am back\"");
    Chatter dave = join(port, "dave");
    ann.expect("* dave joined", "dave joined");
    dave.socket.close(); // no /quit: the end of the stream is a leave too
    ann.expect("* dave left", "dave closed his connection without /quit");
    Chatter eve = join(port, "eve");
    ann.expect("* eve joined", "eve joined");
    eve.sayRaw("/quit\r\n");
    eve.expectEnd("eve sent \"/quit\\r\\n\" (the \\r is part of the line ending)");
    ann.expect("* eve left", "eve sent \"/quit\\r\\n\"");
  }

  @Test
  @DisplayName("a connection reset (RST) is a leave; the others go on")
  @Points(1)
  void survivesResets() throws Exception {
    int port = startedServer(64).port();
    Chatter ann = join(port, "ann");
    Chatter bob = join(port, "bob");
    Chatter cat = join(port, "cat");
    ann.expect("* bob joined", "bob joined");
    ann.expect("* cat joined", "cat joined");
    bob.expect("* cat joined", "cat joined");
    bob.reset();
    ann.expect("* bob left", "bob's connection was reset (RST, as when a program crashes)");
    cat.expect("* bob left", "bob's connection was reset (RST)");

    Chatter unnamed = connect(port, "(a client that never sent a nickname)");
    unnamed.reset(); // nobody to announce
    ann.say("still here");
    cat.expect("ann: still here", "bob was reset, a client without a nickname was reset, then ann said"
        + " \"still here\" (only clients that joined are announced)");
    cat.say("me too");
    ann.expect("cat: me too", "cat said \"me too\" after the resets");
  }

  @Test
  @DisplayName("keeps each sender's order: 4 clients send 200 lines at once")
  @Points(1)
  void keepsOrderPerSender() throws Exception {
    int port = startedServer(1024).port();
    int perSender = 200;
    Pattern message = Pattern.compile("(\\w+): m (\\w+) (\\d+)");
    for (int round = 1; round <= 3; round++) {
      List<Chatter> group = new ArrayList<>();
      for (int i = 0; i < 4; i++) group.add(join(port, "r" + round + "c" + i));
      List<String> nicks = group.stream().map(c -> c.nick).toList();
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Object>> work = new ArrayList<>();
      int r = round;
      for (Chatter c : group) {
        work.add(helpers.submit(() -> { // the sender
          go.await();
          for (int k = 0; k < perSender; k++) {
            c.out.write("m " + c.nick + " " + k + "\n");
            if (k % 10 == 9) c.out.flush(); // several lines per segment, as a fast client does
          }
          c.out.flush();
          return null;
        }));
        work.add(helpers.submit(() -> { // the receiver
          Map<String, Integer> nextFrom = new HashMap<>();
          int got = 0;
          int expected = perSender * (nicks.size() - 1);
          while (got < expected) {
            String line = c.next("message " + (got + 1) + " of " + expected + " (round " + r + ", 4 clients"
                + " sending 200 lines each at once)");
            if (line == null) fail(c.nick + " was disconnected after " + got + " of " + expected + " messages");
            if (line.startsWith("* ")) continue; // a notice
            Matcher m = message.matcher(line);
            if (!m.matches() || !m.group(1).equals(m.group(2)) || !nicks.contains(m.group(1))) {
              fail("round " + r + ": " + c.nick + " received the line " + quote(line) + "; every message"
                  + " should look like \"r1c0: m r1c0 17\" (lines mixed up by two threads writing"
                  + " to one socket at once?)");
            }
            String from = m.group(1);
            if (from.equals(c.nick)) {
              fail("round " + r + ": " + c.nick + " received its own message " + quote(line));
            }
            int n = Integer.parseInt(m.group(3));
            int want = nextFrom.getOrDefault(from, 0);
            if (n != want) {
              fail("round " + r + ": " + c.nick + " received " + quote(line) + " when message " + want + " of "
                  + from + " was due: each sender's messages must arrive in the order they were sent");
            }
            nextFrom.put(from, want + 1);
            got++;
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<Object> f : work) get(f, "round " + r + " of 4 clients sending 200 messages each");
      for (Chatter c : group) c.say("/quit");
      for (Chatter c : group) c.expectEndSkippingNotices("round " + r + ": " + c.nick + " sent /quit");
    }
  }

  @Test
  @DisplayName("a client that never reads never slows the others; it is dropped")
  @Points(2)
  void dropsStalledClients() throws Exception {
    int capacity = 64;
    int port = startedServer(capacity).port();
    // a client with a tiny receive buffer that joins and then never reads again
    Socket slow = new Socket();
    sockets.add(slow);
    slow.setReceiveBufferSize(1024);
    slow.connect(new InetSocketAddress(Loopback.address(), port), 1000);
    slow.setSoTimeout(READ_TIMEOUT_MS);
    slow.getOutputStream().write("slow\n".getBytes(StandardCharsets.UTF_8));
    String welcome = readRawLine(slow.getInputStream()); // byte by byte: nothing more is read
    assertEquals("WELCOME slow", welcome, "sent the nickname \"slow\"; expected \"WELCOME slow\"");
    Chatter ann = join(port, "ann");
    Chatter bob = join(port, "bob");
    ann.expect("* bob joined", "bob joined");

    // ann sends lines of 4000 bytes in batches of 25, bob must get every batch promptly, although
    // slow's buffers filled up long ago. How much a client that never reads takes before the
    // server's writes to it block is the kernel's to say: 1.7 MB here (tcp_wmem's maximum 4 MB),
    // more where that is set higher. So ann goes on until slow is dropped: 1250 lines (5 MB) at
    // least, 7500 (30 MB) at most
    int minLines = 1250;
    int maxLines = 7500;
    int perBatch = 25;
    String padding = "x".repeat(3994);
    boolean slowLeft = false;
    int sent = 0;
    long start = System.nanoTime();
    while (sent < minLines || !slowLeft && sent < maxLines) {
      StringBuilder batch = new StringBuilder();
      for (int i = 0; i < perBatch; i++) batch.append(String.format("%04d ", sent + i)).append(padding).append('\n');
      ann.sayRaw(batch.toString());
      for (int i = 0; i < perBatch; i++) {
        int n = sent + i;
        String line;
        while (true) {
          line = bob.next("ann's line " + n + " (4000 bytes each; \"slow\" has not read anything since it joined, and "
              + n + " lines had reached bob so far): a client that never reads must not hold up the others;"
              + " broadcast by offering lines to bounded per-client queues");
          if (line == null) fail("bob was disconnected after " + n + " of ann's lines (he was never more than "
              + perBatch + " lines behind, and his queue holds " + capacity + ")");
          if (!line.equals("* slow left")) break;
          slowLeft = true;
        }
        String want = "ann: " + String.format("%04d ", n) + padding;
        if (!line.equals(want)) {
          fail("bob expected ann's line " + n + " (\"ann: " + String.format("%04d ", n) + "xxx...\"), received "
              + quote(line.length() > 40 ? line.substring(0, 40) + "..." : line));
        }
      }
      sent += perBatch;
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    int lines = sent;
    assertTrue(ms < 4000L * lines / minLines, "bob received all " + lines + " of ann's lines, but it took " + ms + " ms");
    if (!slowLeft) {
      String line = bob.next("\"* slow left\": " + lines * 4 / 1000 + " MB were broadcast while slow read nothing,"
          + " so its queue (capacity " + capacity + ") must have filled up; drop a client when offer() fails");
      assertEquals("* slow left", line, "after ann's " + lines + " lines bob expected \"* slow left\"");
    }
    ann.expect("* slow left", "slow was dropped");
    bob.say("done");
    ann.expect("bob: done", "slow was dropped, then bob said \"done\"");
    expectClosedAfterDrain(slow, "slow was dropped (\"* slow left\" was announced) and then read what had"
        + " reached it; a dropped client's socket must be closed");
  }

  /** Reads whatever is left (what the server had sent) until the end of the stream; 3 s at most. */
  private static void expectClosedAfterDrain(Socket s, String context) throws IOException {
    long deadline = System.nanoTime() + 3_000_000_000L;
    byte[] buf = new byte[64 * 1024];
    InputStream in = s.getInputStream();
    long total = 0;
    try {
      while (System.nanoTime() < deadline) {
        int n = in.read(buf);
        if (n < 0) return;
        total += n;
      }
      fail(context + ": 3 s later it was still receiving bytes (" + total + " so far)");
    } catch (SocketTimeoutException e) {
      fail(context + ": after " + total + " bytes the connection stayed open, silent, for " + READ_TIMEOUT_MS
          + " ms");
    } catch (SocketException e) {
      // reset: closed too
    }
  }

  @Test
  @DisplayName("binds 127.0.0.1 only, refuses a capacity below 1 and a port in use; close() disconnects all,"
      + " frees the port, ends every thread")
  @Points(1)
  void closeStopsEverything() throws Exception {
    for (int capacity : new int[] {0, -1}) {
      try {
        servers.add(new ChatServer(0, capacity));
        fail("new ChatServer(0, " + capacity + ") returned normally; a queue capacity below 1 should throw"
            + " IllegalArgumentException");
      } catch (IllegalArgumentException expected) {
        // right
      } catch (Exception e) {
        fail("new ChatServer(0, " + capacity + ") threw " + e + "; a queue capacity below 1 should throw"
            + " IllegalArgumentException");
      }
    }
    ChatServer smallest = new ChatServer(0, 1); // 1 is a capacity like any other
    servers.add(smallest);
    smallest.close();

    Set<Thread> before = Thread.getAllStackTraces().keySet();
    ChatServer server = startedServer(64);
    int port = server.port();
    assertLoopbackOnly(port);
    try {
      servers.add(new ChatServer(port, 64));
      fail("new ChatServer(" + port + ", 64) returned normally while another server listened on 127.0.0.1:" + port
          + ": if the port cannot be bound, the IOException (a BindException) must reach the caller");
    } catch (IOException expected) {
      // right
    } catch (RuntimeException e) {
      fail("new ChatServer(" + port + ", 64) with the port already in use threw " + e
          + "; it should throw the IOException of bind()");
    }
    Chatter ann = join(port, "ann");
    Chatter bob = join(port, "bob");
    ann.expect("* bob joined", "bob joined");
    Chatter gone = join(port, "gone"); // joins and leaves before close(): its threads must end too
    ann.expect("* gone joined", "gone joined");
    bob.expect("* gone joined", "gone joined");
    gone.say("/quit");
    gone.expectEnd("gone sent /quit");
    ann.expect("* gone left", "gone sent /quit");
    bob.expect("* gone left", "gone sent /quit");
    Chatter unnamed = connect(port, "(a client that has not sent a nickname yet)");
    bob.say("before close");
    ann.expect("bob: before close", "bob said \"before close\"");

    Chatter halfClosed = connect(port, "(a client that ended its output without a nickname)");
    halfClosed.socket.shutdownOutput(); // still connected: it reads until the server closes

    List<String> atReturn = closeLookingAtOnce(server, "3 clients were connected, one half-closed without a"
        + " nickname, and one had left by /quit");
    ann.expectEndSkippingNotices("the server was closed");
    bob.expectEndSkippingNotices("the server was closed");
    unnamed.expectEndSkippingNotices("the server was closed");
    halfClosed.expectEndSkippingNotices("the server was closed (this client had ended its output before sending a"
        + " nickname, but its connection was still open)");
    assertTrue(atReturn.isEmpty(), () -> String.join("; ", atReturn));
    assertPortFree(port);
    assertNoThreadsLeft(before);
    assertDoesNotThrow(server::close, "close() threw when called a second time");

    // whether close() waits for the threads shows only in the moment it returns: 5 more servers
    for (int round = 2; round <= 6; round++) {
      ChatServer again = startedServer(64);
      int p = again.port();
      Chatter first = join(p, "first");
      for (String nick : List.of("second", "third", "fourth")) {
        join(p, nick);
        first.expect("* " + nick + " joined", nick + " joined");
      }
      first.say("hello");
      List<String> problems = closeLookingAtOnce(again, "4 clients were connected");
      assertTrue(problems.isEmpty(), () -> String.join("; ", problems));
    }

    ChatServer neverStarted = new ChatServer(0, 8);
    servers.add(neverStarted);
    assertTimeoutPreemptively(Duration.ofSeconds(1),
        () -> assertDoesNotThrow(neverStarted::close, "close() threw on a server that was never started"),
        "close() on a server that was never started did not return within 1 s");
  }

  // --- helpers -------------------------------------------------------------------------------

  private ChatServer startedServer(int capacity) throws IOException {
    ChatServer server = new ChatServer(0, capacity);
    servers.add(server);
    assertTimeoutPreemptively(Duration.ofSeconds(1), server::start,
        "start() did not return within 1 s: it must accept clients on a background thread");
    return server;
  }

  /** One test client: a socket, a reader and a writer, all UTF-8 lines. */
  private static final class Chatter {
    final String nick;
    final Socket socket;
    final BufferedReader in;
    final Writer out;

    Chatter(Socket socket, String nick) throws IOException {
      this.socket = socket;
      this.nick = nick;
      in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      out = new BufferedWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8));
    }

    void say(String line) throws IOException {
      sayRaw(line + "\n");
    }

    void sayRaw(String text) throws IOException {
      out.write(text);
      out.flush();
    }

    /** The next line; null at the end of the stream; fails on a timeout or reset. */
    String next(String waitingFor) throws IOException {
      try {
        return in.readLine();
      } catch (SocketTimeoutException e) {
        throw new AssertionError(nick + " waited " + READ_TIMEOUT_MS + " ms for a line (" + waitingFor
            + "), but none came");
      } catch (SocketException e) {
        throw new AssertionError(nick + "'s connection was reset (" + e.getMessage() + ") while it waited"
            + " for a line (" + waitingFor + ")");
      }
    }

    void expect(String line, String after) throws IOException {
      String got = next("\"" + line + "\", after: " + after);
      if (!line.equals(got)) {
        fail(after + "; " + nick + " expected the line " + quote(line) + ", but received " + quote(got)
            + (got == null ? " (the server closed the connection)" : ""));
      }
    }

    /** The server must close the connection: the end of the stream (or a reset) within a second. */
    void expectEnd(String after) throws IOException {
      try {
        String line = in.readLine();
        if (line != null) {
          fail(after + "; " + nick + " expected the server to close the connection, but received " + quote(line));
        }
      } catch (SocketTimeoutException e) {
        fail(after + "; " + nick + " expected the server to close the connection, but it was still open "
            + READ_TIMEOUT_MS + " ms later");
      } catch (SocketException e) {
        // reset: closed too
      }
    }

    void expectEndSkippingNotices(String after) throws IOException {
      try {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (!line.startsWith("* ")) {
            fail(after + "; " + nick + " expected the connection to be closed, but received " + quote(line));
          }
        }
      } catch (SocketTimeoutException e) {
        fail(after + "; " + nick + " expected the server to close the connection, but it was still open "
            + READ_TIMEOUT_MS + " ms later");
      } catch (SocketException e) {
        // reset: closed too
      }
    }

    /** An abrupt close: SO_LINGER 0 makes close() send RST instead of FIN. */
    void reset() throws IOException {
      socket.setSoLinger(true, 0);
      socket.close();
    }
  }

  private Chatter connect(int port, String who) throws IOException {
    Socket s = Loopback.connect(port);
    sockets.add(s);
    s.setSoTimeout(READ_TIMEOUT_MS);
    s.setTcpNoDelay(true);
    return new Chatter(s, who);
  }

  private Chatter join(int port, String nick) throws IOException {
    Chatter c = connect(port, nick);
    c.say(nick);
    String first = c.next("\"WELCOME " + nick + "\" after sending the nickname " + nick);
    if (!("WELCOME " + nick).equals(first)) {
      fail("sent the nickname " + quote(nick) + " as the first line; expected \"WELCOME " + nick
          + "\", received " + quote(first));
    }
    return c;
  }

  private static String quote(String s) {
    return s == null ? "nothing (end of stream)" : "\"" + s.replace("\r", "\\r") + "\"";
  }

  private static String readRawLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    try {
      for (int b = in.read(); b != -1 && b != '\n' && sb.length() < 200; b = in.read()) sb.append((char) b);
    } catch (SocketTimeoutException e) {
      fail("slow sent its nickname and waited " + READ_TIMEOUT_MS + " ms for \"WELCOME slow\", got "
          + quote(sb.toString()));
    }
    return sb.toString();
  }

  private static <T> T get(Future<T> f, String what) throws InterruptedException {
    try {
      return f.get(4, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AssertionError a) throw a;
      throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError(what + " did not finish within 4 s");
    }
  }

  /**
   * Closes the server (1 s at most) and, on the closing thread the moment close() returns, lists
   * threads that still run ChatServer code: close() returns only once all its threads have ended.
   */
  private static List<String> closeLookingAtOnce(ChatServer server, String situation) {
    List<String> problems = new ArrayList<>();
    assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
      assertDoesNotThrow(server::close, "close() threw while " + situation);
      List<String> running = new ArrayList<>();
      for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
        Thread t = e.getKey();
        if (t == Thread.currentThread() || t.getName().startsWith("hidden-test-") || t.getName().startsWith("junit-")) {
          continue;
        }
        if (Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().equals("ChatServer")
            || f.getClassName().startsWith("ChatServer$"))) {
          running.add("\"" + t.getName() + "\"");
        }
      }
      if (!running.isEmpty()) {
        problems.add("close() returned while these threads were still running ChatServer code: " + running
            + "; close() returns only once every thread of the server has ended (join them)");
      }
    }, "close() did not return within 1 s while " + situation + " (do the threads of a client that left end,"
        + " its writer included?)");
    return problems;
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

  private static void assertPortFree(int port) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    while (true) {
      try (ServerSocket probe = new ServerSocket()) {
        probe.setReuseAddress(true);
        probe.bind(new InetSocketAddress(Loopback.address(), port));
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          fail("port " + port + " is still in use 1 s after close(): a new ServerSocket could not bind it ("
              + e.getMessage() + "); close() must close the listening socket");
        }
        Thread.sleep(10); // polling with a deadline
      }
    }
  }

  private static void assertNoThreadsLeft(Set<Thread> before) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    List<String> alive;
    while (true) {
      alive = lingering(before);
      if (alive.isEmpty()) return;
      if (System.nanoTime() > deadline) break;
      Thread.sleep(10); // polling for the threads to end, with a deadline
    }
    fail("1 s after close() these threads are still running: " + alive + "; close() must stop the accepting"
        + " thread and every reader and writer thread (close the sockets; interrupt writers waiting in take())");
  }

  /** Threads started during the test (not the test's own) or running ChatServer code. */
  private static List<String> lingering(Set<Thread> before) {
    List<String> result = new ArrayList<>();
    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      Thread t = e.getKey();
      if (!t.isAlive() || t == Thread.currentThread()) continue;
      if (t.getName().startsWith("hidden-test-") || t.getName().startsWith("junit-")) continue;
      boolean serverCode = Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().startsWith("ChatServer"));
      boolean commonPool = t instanceof ForkJoinWorkerThread w && w.getPool() == ForkJoinPool.commonPool();
      if (serverCode || !before.contains(t) && !commonPool) {
        String where = Arrays.stream(e.getValue()).filter(f -> f.getClassName().startsWith("ChatServer"))
            .findFirst().or(() -> Arrays.stream(e.getValue()).findFirst())
            .map(f -> ", in " + f.getClassName() + "." + f.getMethodName()).orElse("");
        result.add("\"" + t.getName() + "\" (" + t.getState() + where + ")");
      }
    }
    return result;
  }
}
