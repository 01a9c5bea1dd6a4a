import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import netlab.grade.api.Points;
import netlab.grade.support.ThreadCensus;
import netlab.grade.support.Timing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hidden tests for exercise 21, chat-peer. The test plays the other peers with its own sockets:
 * a listener sharing the discovery port (bound to 127.255.255.255 with SO_REUSEADDR, as peers
 * are) and plain sockets on 127.0.0.1 that send HELLO, HERE, MSG and garbage.
 */
class ChatPeerHiddenTest {
  static final InetAddress LO = InetAddress.getLoopbackAddress();
  static final Duration WAIT = Duration.ofSeconds(3);

  private final List<AutoCloseable> open = new ArrayList<>();
  private DatagramSocket listener; // the test's own ear on the discovery port
  private int discoveryPort;

  @BeforeEach
  void discoveryPort() throws IOException {
    listener = new DatagramSocket(null);
    listener.setReuseAddress(true);
    listener.bind(new InetSocketAddress(InetAddress.getByName("127.255.255.255"), 0));
    listener.setSoTimeout((int) WAIT.toMillis());
    discoveryPort = listener.getLocalPort();
    open.add(listener);
  }

  @AfterEach
  void closeAll() throws InterruptedException {
    Thread closer = new Thread(() -> {
      for (AutoCloseable c : open) {
        try {
          c.close();
        } catch (Exception ignored) {
          // the test has already reported what matters
        }
      }
    }, ThreadCensus.TEST_THREAD_PREFIX + "cleanup");
    closer.setDaemon(true);
    closer.start();
    closer.join(2000);
  }

  ChatPeer peer(String nick) throws IOException {
    ChatPeer p;
    try {
      p = new ChatPeer(nick, discoveryPort);
    } catch (RuntimeException | IOException e) {
      throw new AssertionError("new ChatPeer(\"" + nick + "\", " + discoveryPort + ") threw " + e, e);
    }
    open.add(p);
    return p;
  }

  DatagramSocket socket() throws IOException {
    DatagramSocket s = new DatagramSocket(new InetSocketAddress(LO, 0));
    s.setSoTimeout((int) WAIT.toMillis());
    s.setBroadcast(true);
    open.add(s);
    return s;
  }

  static void send(DatagramSocket from, String line, int port) throws IOException {
    sendBytes(from, line.getBytes(StandardCharsets.UTF_8), port);
  }

  static void sendBytes(DatagramSocket from, byte[] b, int port) throws IOException {
    from.send(new DatagramPacket(b, b.length, new InetSocketAddress(LO, port)));
  }

  void broadcast(DatagramSocket from, String line) throws IOException {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    from.send(new DatagramPacket(b, b.length, new InetSocketAddress(InetAddress.getByName("127.255.255.255"),
        discoveryPort)));
  }

  /** The next datagram on {@code s} as text and its source port; fails after WAIT. */
  static String[] next(DatagramSocket s, String waitingFor) throws IOException {
    DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
    try {
      s.receive(p);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("nothing arrived in " + WAIT.toSeconds() + " s; expected " + waitingFor);
    }
    return new String[] {new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8),
        Integer.toString(p.getPort())};
  }

  /** Waits until peers() satisfies the expectation (datagrams take a moment). */
  static Map<String, Integer> awaitPeers(ChatPeer p, Map<String, Integer> want) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Map<String, Integer> seen = p.peers();
    while (!want.equals(seen) && System.nanoTime() < deadline) {
      Thread.sleep(5); // polling with a deadline: the peer's thread records what it heard
      seen = p.peers();
    }
    return seen;
  }

  String line(ChatPeer p, String what) throws InterruptedException {
    String got = p.receive(WAIT);
    if (got == null) fail(p.nick() + ".receive(3 s) returned null; expected " + what);
    return got;
  }

  @Test
  @DisplayName("nicks are 1-16 of A-Z a-z 0-9 _ -, the discovery port 1-65535: anything else is IllegalArgumentException")
  @Points(1)
  void validation() throws IOException {
    for (String bad : new String[] {null, "", "seventeen_chars_x", "a b", "ana:", "zoë", "ana\n", "a.b"}) {
      try {
        ChatPeer p = new ChatPeer(bad, discoveryPort);
        open.add(p);
        fail("new ChatPeer(" + (bad == null ? "null" : "\"" + bad + "\"") + ", port) returned a peer; the README says"
            + " IllegalArgumentException (a nick is 1-16 of A-Z a-z 0-9 _ -)");
      } catch (IllegalArgumentException expected) {
        // as the README says
      }
    }
    for (int port : new int[] {0, -1, 65536}) {
      try {
        ChatPeer p = new ChatPeer("ana", port);
        open.add(p);
        fail("new ChatPeer(\"ana\", " + port + ") returned a peer; the README says IllegalArgumentException");
      } catch (IllegalArgumentException expected) {
        // as the README says
      }
    }
    for (int edge : new int[] {1, 65535}) {
      try {
        open.add(new ChatPeer("edge", edge));
      } catch (IllegalArgumentException e) {
        fail("new ChatPeer(\"edge\", " + edge + ") threw " + e + ": " + edge + " is a valid port (1-65535)");
      } catch (IOException e) {
        // port 1 needs privileges to bind, 65535 may be taken: the argument itself was accepted
      }
    }
    ChatPeer longest = peer("sixteen_chars-9Z");
    assertEquals("sixteen_chars-9Z", longest.nick(), "nick()");
  }

  @Test
  @DisplayName("listens on 127.0.0.1:port() for chat: MSG <nick> <text> comes out of receive() as '<nick>: <text>'")
  @Points(1)
  void chatSocket() throws Exception {
    ChatPeer ana = peer("ana");
    assertTrue(ana.port() > 0, "port() should be the chat socket's port, got " + ana.port());
    DatagramSocket bo = socket();
    send(bo, "MSG bo hello there, ana", ana.port());
    assertEquals("bo: hello there, ana", line(ana, "\"bo: hello there, ana\""), "receive() after a MSG to 127.0.0.1:"
        + ana.port());
    send(bo, "MSG bo ", ana.port());
    assertEquals("bo: ", line(ana, "\"bo: \" (an empty text)"), "receive() after \"MSG bo \" (an empty text)");
  }

  @Test
  @DisplayName("announce() broadcasts 'HELLO <nick> <port>' to 127.255.255.255:<discovery port>, from the chat socket")
  @Points(1)
  void announce() throws Exception {
    ChatPeer ana = peer("ana");
    ana.announce();
    String[] got = next(listener, "HELLO ana " + ana.port() + " on the shared discovery port " + discoveryPort);
    assertEquals("HELLO ana " + ana.port(), got[0], "the announcement heard on the discovery port");
    assertEquals(Integer.toString(ana.port()), got[1], "the announcement's source port (it goes out from the chat socket)");
    Thread.sleep(50); // the peer hears its own broadcast too; give it a moment to (wrongly) record itself
    assertEquals(Map.of(), ana.peers(), "peers() after announce() with nobody else around: a peer never lists itself");
  }

  @Test
  @DisplayName("answers another nick's HELLO with 'HERE <nick> <port>' to the announced port, and records it")
  @Points(1)
  void answersHello() throws Exception {
    ChatPeer ana = peer("ana");
    DatagramSocket bo = socket();
    DatagramSocket elsewhere = socket();
    broadcast(elsewhere, "HELLO bo " + bo.getLocalPort());
    String[] got = next(bo, "HERE ana " + ana.port() + " at the port bo announced");
    assertEquals("HERE ana " + ana.port(), got[0], "the answer to 'HELLO bo " + bo.getLocalPort() + "'");
    assertEquals(Map.of("bo", bo.getLocalPort()), awaitPeers(ana, Map.of("bo", bo.getLocalPort())),
        "peers() after bo's HELLO");
  }

  @Test
  @DisplayName("records peers from HERE; a nick heard again with another port replaces it; peers() sorted, a copy")
  @Points(1)
  void recordsPeers() throws Exception {
    ChatPeer ana = peer("ana");
    DatagramSocket zed = socket();
    DatagramSocket bo = socket();
    DatagramSocket bo2 = socket();
    send(zed, "HERE zed " + zed.getLocalPort(), ana.port());
    send(bo, "HERE bo " + bo.getLocalPort(), ana.port());
    Map<String, Integer> two = Map.of("bo", bo.getLocalPort(), "zed", zed.getLocalPort());
    assertEquals(two, awaitPeers(ana, two), "peers() after HERE from zed and bo");
    assertEquals(List.of("bo", "zed"), new ArrayList<>(ana.peers().keySet()), "peers() is sorted by nick");
    // the edges of 1-65535 are ports too (nothing needs to listen there for the table)
    DatagramSocket edge = socket();
    send(edge, "HERE one 1", ana.port());
    send(edge, "HERE top 65535", ana.port());
    Map<String, Integer> four = Map.of("bo", bo.getLocalPort(), "zed", zed.getLocalPort(), "one", 1, "top", 65535);
    assertEquals(four, awaitPeers(ana, four), "peers() after HERE one 1 and HERE top 65535");
    send(edge, "HERE one 80", ana.port());
    send(edge, "HERE top 8080", ana.port());
    Map<String, Integer> later = Map.of("bo", bo.getLocalPort(), "zed", zed.getLocalPort(), "one", 80, "top", 8080);
    assertEquals(later, awaitPeers(ana, later), "peers() after one and top answered from other ports");
    send(bo2, "HERE bo " + bo2.getLocalPort(), ana.port());
    Map<String, Integer> moved = Map.of("bo", bo2.getLocalPort(), "zed", zed.getLocalPort(), "one", 80, "top", 8080);
    assertEquals(moved, awaitPeers(ana, moved), "peers() after bo answered again from another port");
    try {
      ana.peers().clear();
    } catch (UnsupportedOperationException fine) {
      // an unmodifiable copy is a copy too
    }
    assertEquals(moved, ana.peers(), "peers() after the caller cleared the map it got");
    ana.send("bo", "you moved");
    assertEquals("MSG ana you moved", next(bo2, "the MSG at bo's new port")[0], "send(\"bo\", ...) after bo moved");
  }

  @Test
  @DisplayName("two peers find each other by announce() and chat both ways, UTF-8 text with spaces intact")
  @Points(1)
  void twoPeers() throws Exception {
    ChatPeer ana = peer("ana");
    ChatPeer bo = peer("bo");
    bo.announce();
    assertEquals(Map.of("bo", bo.port()), awaitPeers(ana, Map.of("bo", bo.port())), "ana.peers() after bo.announce()");
    assertEquals(Map.of("ana", ana.port()), awaitPeers(bo, Map.of("ana", ana.port())),
        "bo.peers() after ana answered bo's HELLO with HERE");
    String text = "你好 bo — two  spaces, ünïcödé";
    ana.send("bo", text);
    assertEquals("ana: " + text, line(bo, "ana's message"), "bo.receive() after ana.send(\"bo\", \"" + text + "\")");
    bo.send("ana", "hi ana");
    assertEquals("bo: hi ana", line(ana, "bo's message"), "ana.receive() after bo.send(\"ana\", \"hi ana\")");
    // the same text on the wire, both ways, with a socket of the test's own: two peers in one JVM
    // could hand each other strings without any datagram at all
    DatagramSocket cy = socket();
    send(cy, "HERE cy " + cy.getLocalPort(), ana.port());
    Map<String, Integer> three = Map.of("bo", bo.port(), "cy", cy.getLocalPort());
    assertEquals(three, awaitPeers(ana, three), "ana.peers() after HERE cy " + cy.getLocalPort());
    ana.send("cy", text);
    assertEquals("MSG ana " + text, next(cy, "ana's MSG to cy")[0], "the datagram at cy's port after ana.send(\"cy\", \""
        + text + "\") (UTF-8)");
    send(cy, "MSG cy " + text, ana.port());
    assertEquals("cy: " + text, line(ana, "cy's message"), "ana.receive() after cy sent \"MSG cy " + text + "\" in UTF-8");
  }

  @Test
  @DisplayName("send() refuses unknown nicks, null, line breaks and datagrams over 512 bytes; 512 exactly is sent")
  @Points(1)
  void sendRules() throws Exception {
    ChatPeer ana = peer("ana");
    DatagramSocket bo = socket();
    send(bo, "HERE bo " + bo.getLocalPort(), ana.port());
    awaitPeers(ana, Map.of("bo", bo.getLocalPort()));
    refused(ana, "carl", "hi", "an unknown nick");
    refused(ana, null, "hi", "a null nick");
    refused(ana, "bo", null, "a null text");
    refused(ana, "bo", "two\nlines", "a text with \\n");
    refused(ana, "bo", "carriage\rreturn", "a text with \\r");
    refused(ana, "bo", "\nleading newline", "a text that starts with \\n");
    refused(ana, "bo", "\rleading return", "a text that starts with \\r");
    String prefix = "MSG ana ";
    String exact = "é".repeat((512 - prefix.length()) / 2); // 2 bytes each
    exact += "x".repeat(512 - prefix.length() - 2 * exact.length());
    refused(ana, "bo", exact + "x", "a datagram of 513 bytes");
    ana.send("bo", exact);
    String[] got = next(bo, "the 512-byte MSG");
    assertEquals(prefix + exact, got[0], "the 512-byte datagram (UTF-8) arrived whole");
    assertEquals(Integer.toString(ana.port()), got[1], "a MSG goes out from the chat socket");
  }

  static void refused(ChatPeer p, String to, String text, String what) throws IOException {
    try {
      p.send(to, text);
      fail("send(" + to + ", ...) with " + what + " returned normally; the README says IllegalArgumentException");
    } catch (IllegalArgumentException expected) {
      // as the README says
    }
  }

  @Test
  @DisplayName("receive() keeps arrival order and returns null when nothing came within the timeout")
  @Points(1)
  void receiveOrderAndTimeout() throws Exception {
    ChatPeer ana = peer("ana");
    DatagramSocket bo = socket();
    for (int i = 1; i <= 5; i++) send(bo, "MSG bo line " + i, ana.port());
    for (int i = 1; i <= 5; i++) assertEquals("bo: line " + i, line(ana, "line " + i), "message " + i + " of 5");
    Timing.measured(() -> {
      long t0 = System.nanoTime();
      String none = ana.receive(Duration.ofMillis(200));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertNull(none, "receive(200 ms) with nothing sent should return null");
      Timing.within(ms >= 190, () -> "receive(200 ms) returned after " + ms + " ms: it should wait the whole timeout");
      Timing.within(ms < 1000, () -> "receive(200 ms) returned after " + ms + " ms");
    });
  }

  @Test
  @DisplayName("ignores garbage (unknown words, missing fields, bad ports and nicks, not UTF-8) and keeps working")
  @Points(1)
  void ignoresGarbage() throws Exception {
    ChatPeer ana = peer("ana");
    DatagramSocket bo = socket();
    String[] junk = {"", "HELLO", "HELLO bo", "HERE bo", "HERE bo 0", "HERE bo 65536", "HERE bo x1", "HERE bo -5",
        "HERE b@d 4000", "HERE seventeen_chars_x 4000", "MSG", "MSG bo", "BYE bo 4000", "hello bo 4000", "HERE  bo 4000"};
    for (String j : junk) send(bo, j, ana.port());
    for (String j : junk) broadcast(bo, j);
    sendBytes(bo, new byte[] {'M', 'S', 'G', ' ', 'b', 'o', ' ', (byte) 0xC3, (byte) 0x28}, ana.port());
    sendBytes(bo, new byte[] {(byte) 0xFF, (byte) 0xFE, 0}, ana.port());
    send(bo, "MSG bo still there?", ana.port());
    assertEquals("bo: still there?", line(ana, "the MSG sent after the garbage"),
        "receive() after " + junk.length + " malformed datagrams on each socket and two that are not UTF-8");
    assertEquals(Map.of(), ana.peers(), "peers() after datagrams that were all malformed");
    send(bo, "HERE bo " + bo.getLocalPort(), ana.port());
    assertEquals(Map.of("bo", bo.getLocalPort()), awaitPeers(ana, Map.of("bo", bo.getLocalPort())),
        "peers() after a good HERE that followed the garbage");
  }

  @Test
  @DisplayName("a discovery port held without SO_REUSEADDR: the constructor throws IOException and leaves no socket open")
  @Points(1)
  void constructorFailureLeaksNothing() throws Exception {
    listener.close();
    try (DatagramSocket hog = new DatagramSocket(null)) {
      hog.bind(new InetSocketAddress(InetAddress.getByName("127.255.255.255"), discoveryPort)); // no SO_REUSEADDR
      ThreadCensus census = ThreadCensus.take(getClass());
      int before = openSockets();
      try {
        ChatPeer p = new ChatPeer("ana", discoveryPort);
        open.add(p);
        fail("new ChatPeer(\"ana\", " + discoveryPort + ") returned although another socket holds the discovery port"
            + " without SO_REUSEADDR; binding must fail with an IOException");
      } catch (IOException expected) {
        // as it must
      }
      int after = openSockets();
      assertTrue(before < 0 || after <= before, "open sockets of this process before the failed constructor: " + before
          + ", after: " + after + ": the chat socket bound before the failure must be closed again");
      List<Thread> left = ThreadCensus.await(census::lingering, List::isEmpty, Duration.ofSeconds(2));
      assertTrue(left.isEmpty(), () -> "threads left by the failed constructor: " + census.describe(left));
    }
  }

  /** Sockets this process has open (Linux's /proc/self/fd), or -1 where that cannot be read. */
  static int openSockets() {
    java.io.File[] fds = new java.io.File("/proc/self/fd").listFiles();
    if (fds == null) return -1;
    int n = 0;
    for (java.io.File f : fds) {
      try {
        if (java.nio.file.Files.readSymbolicLink(f.toPath()).toString().startsWith("socket:")) n++;
      } catch (IOException | UnsupportedOperationException gone) {
        // closed while we looked
      }
    }
    return n;
  }

  @Test
  @DisplayName("close() frees both ports at once, ends the peer's threads, and may be called twice")
  @Points(1)
  void close() throws Exception {
    ThreadCensus census = ThreadCensus.take(getClass());
    ChatPeer ana = new ChatPeer("ana", discoveryPort);
    int port = ana.port();
    ana.announce();
    ana.close();
    List<Thread> atReturn = census.lingering();
    assertTrue(atReturn.isEmpty(), () -> "close() returned while the peer's threads were still alive: "
        + census.describe(atReturn) + " (it should return when they have ended)");
    ana.close();
    List<Thread> left = ThreadCensus.await(census::lingering, List::isEmpty, Duration.ofSeconds(2));
    assertTrue(left.isEmpty(), () -> "threads still alive after close(): " + census.describe(left));
    try (DatagramSocket again = new DatagramSocket(new InetSocketAddress(LO, port))) {
      assertEquals(port, again.getLocalPort());
    } catch (IOException e) {
      fail("binding 127.0.0.1:" + port + " after close() failed (" + e + "): close() must close the chat socket");
    }
    // the discovery port is free of this peer: a socket that does not share it can bind it
    try (DatagramSocket alone = new DatagramSocket(null)) {
      listener.close();
      alone.bind(new InetSocketAddress(InetAddress.getByName("127.255.255.255"), discoveryPort));
    } catch (IOException e) {
      fail("binding 127.255.255.255:" + discoveryPort + " without SO_REUSEADDR after close() failed (" + e
          + "): close() must close the discovery socket");
    }
  }
}
