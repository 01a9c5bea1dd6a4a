import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import netlab.grade.api.Points;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hidden tests for exercise 18, tcp-states. Each test walks a connection through a sequence of
 * events written as words ("connect", "SYN_ACK", "close", "timeout") and checks, after every
 * step, the segments sent and the state, so a failure names the exact row of the README's table.
 * The last test opens a real connection on 127.0.0.1 and compares with the kernel's states.
 */
class TcpConnectionHiddenTest {

  /** A connection and the events it has seen so far, for messages. */
  private static final class Walk {
    final TcpConnection c = new TcpConnection();
    final List<String> done = new ArrayList<>();

    /** Applies one event; checks what was sent and the state that follows. */
    Walk then(String event, String expectSent, String expectState) {
      List<TcpConnection.Segment> sent;
      try {
        sent = apply(c, event);
      } catch (RuntimeException e) {
        throw new AssertionError(where(event) + " threw " + e
            + "; the README's table says it sends " + show(expectSent) + " and goes to " + expectState, e);
      }
      assertNotNull(sent, () -> where(event) + " returned null; it should return the segments sent (an empty list for none)");
      assertEquals(expectSent, joined(sent), () -> where(event) + ": segments sent");
      assertEquals(expectState, String.valueOf(c.state()), () -> where(event) + ": state() afterwards");
      done.add(event);
      return this;
    }

    /** An application call the table has no row for: IllegalStateException naming call and state. */
    Walk refuses(String call) {
      String before = String.valueOf(c.state());
      List<String> historyBefore = names(c.history());
      try {
        apply(c, call);
        fail(where(call) + " returned normally; the README says a call with no row in the table throws IllegalStateException");
      } catch (IllegalStateException e) {
        String m = String.valueOf(e.getMessage());
        assertTrue(m.contains(call + "()"), () -> where(call) + ": the message \"" + m + "\" should name the call, "
            + call + "()");
        assertTrue(m.contains(before), () -> where(call) + ": the message \"" + m + "\" should name the state, " + before);
      } catch (RuntimeException e) {
        throw new AssertionError(where(call) + " threw " + e + "; the README says IllegalStateException", e);
      }
      assertEquals(before, String.valueOf(c.state()), () -> where(call) + " was refused, so the state must not change");
      assertEquals(historyBefore, names(c.history()), () -> where(call) + " was refused, so history() must not change");
      return this;
    }

    String where(String event) {
      String path = done.isEmpty() ? "a new connection" : "after " + String.join(", ", done);
      return "in " + c.state() + " (" + path + "), " + describe(event);
    }
  }

  static List<TcpConnection.Segment> apply(TcpConnection c, String event) {
    switch (event) {
      case "listen": return c.listen();
      case "connect": return c.connect();
      case "close": return c.close();
      case "timeout": return c.timeout();
      default: return c.receive(TcpConnection.Segment.valueOf(event));
    }
  }

  static String describe(String event) {
    return event.equals(event.toUpperCase(Locale.ROOT)) ? "receive(" + event + ")" : event + "()";
  }

  static String show(String sent) {
    return sent.isEmpty() ? "nothing" : sent;
  }

  static List<String> names(List<?> items) {
    List<String> out = new ArrayList<>();
    for (Object o : items) out.add(String.valueOf(o));
    return out;
  }

  // segments as "SYN,ACK": assertEquals then reads well, expected: <SYN> but was: <>
  static String joined(List<TcpConnection.Segment> sent) {
    return String.join(",", names(sent));
  }

  static Walk walk() {
    return new Walk();
  }

  @Test
  @DisplayName("active open: connect() sends SYN (SYN_SENT), SYN_ACK is answered with ACK (ESTABLISHED)")
  @Points(1)
  void activeOpen() {
    Walk w = walk();
    assertEquals("CLOSED", String.valueOf(w.c.state()), "a new TcpConnection starts in CLOSED");
    w.then("connect", "SYN", "SYN_SENT").then("SYN_ACK", "ACK", "ESTABLISHED");
    assertEquals(List.of("CLOSED", "SYN_SENT", "ESTABLISHED"), names(w.c.history()),
        "history() after connect() and receive(SYN_ACK)");
  }

  @Test
  @DisplayName("passive open: listen(), SYN answered with SYN_ACK (SYN_RECEIVED), ACK gives ESTABLISHED")
  @Points(1)
  void passiveOpen() {
    Walk w = walk().then("listen", "", "LISTEN").then("SYN", "SYN_ACK", "SYN_RECEIVED").then("ACK", "", "ESTABLISHED");
    assertEquals(List.of("CLOSED", "LISTEN", "SYN_RECEIVED", "ESTABLISHED"), names(w.c.history()),
        "history() after listen(), SYN, ACK");
    walk().then("listen", "", "LISTEN").then("close", "", "CLOSED");
    walk().then("listen", "", "LISTEN").then("connect", "SYN", "SYN_SENT").then("SYN_ACK", "ACK", "ESTABLISHED");
  }

  @Test
  @DisplayName("active close: FIN (FIN_WAIT_1), ACK (FIN_WAIT_2), FIN answered with ACK (TIME_WAIT), timeout() (CLOSED)")
  @Points(1)
  void activeClose() {
    Walk w = walk().then("connect", "SYN", "SYN_SENT").then("SYN_ACK", "ACK", "ESTABLISHED")
        .then("close", "FIN", "FIN_WAIT_1").then("ACK", "", "FIN_WAIT_2")
        .then("FIN", "ACK", "TIME_WAIT").then("FIN", "ACK", "TIME_WAIT").then("timeout", "", "CLOSED");
    assertEquals(List.of("CLOSED", "SYN_SENT", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT", "CLOSED"),
        names(w.c.history()), "history() of an active close, with the peer's FIN arriving twice in TIME_WAIT"
            + " (staying in a state adds nothing)");
    // a connection that ended may be opened again
    w.then("listen", "", "LISTEN");
  }

  @Test
  @DisplayName("passive close: FIN answered with ACK (CLOSE_WAIT), close() sends FIN (LAST_ACK), ACK gives CLOSED")
  @Points(1)
  void passiveClose() {
    Walk w = walk().then("listen", "", "LISTEN").then("SYN", "SYN_ACK", "SYN_RECEIVED").then("ACK", "", "ESTABLISHED")
        .then("FIN", "ACK", "CLOSE_WAIT").then("close", "FIN", "LAST_ACK").then("ACK", "", "CLOSED");
    assertEquals(List.of("CLOSED", "LISTEN", "SYN_RECEIVED", "ESTABLISHED", "CLOSE_WAIT", "LAST_ACK", "CLOSED"),
        names(w.c.history()), "history() of a passive close");
  }

  @Test
  @DisplayName("simultaneous open (SYN in SYN_SENT) and simultaneous close (FIN in FIN_WAIT_1, then CLOSING)")
  @Points(1)
  void simultaneous() {
    walk().then("connect", "SYN", "SYN_SENT").then("SYN", "SYN_ACK", "SYN_RECEIVED").then("ACK", "", "ESTABLISHED")
        .then("close", "FIN", "FIN_WAIT_1").then("FIN", "ACK", "CLOSING").then("ACK", "", "TIME_WAIT")
        .then("timeout", "", "CLOSED");
    // closing in SYN_RECEIVED sends FIN; closing in SYN_SENT just gives up
    walk().then("listen", "", "LISTEN").then("SYN", "SYN_ACK", "SYN_RECEIVED").then("close", "FIN", "FIN_WAIT_1");
    walk().then("connect", "SYN", "SYN_SENT").then("close", "", "CLOSED");
  }

  @Test
  @DisplayName("RST ends a connection in every synchronized state, and a refused connect() (RST in SYN_SENT)")
  @Points(1)
  void resets() {
    walk().then("connect", "SYN", "SYN_SENT").then("RST", "", "CLOSED");
    String[][] paths = {
        {"connect", "SYN_ACK"},                           // ESTABLISHED
        {"connect", "SYN_ACK", "close"},                  // FIN_WAIT_1
        {"connect", "SYN_ACK", "close", "ACK"},           // FIN_WAIT_2
        {"connect", "SYN_ACK", "FIN"},                    // CLOSE_WAIT
        {"connect", "SYN_ACK", "close", "FIN"},           // CLOSING
        {"connect", "SYN_ACK", "FIN", "close"},           // LAST_ACK
        {"connect", "SYN_ACK", "close", "ACK", "FIN"},    // TIME_WAIT
    };
    for (String[] path : paths) {
      Walk w = walk();
      for (String e : path) {
        apply(w.c, e);
        w.done.add(e);
      }
      String before = String.valueOf(w.c.state());
      w.then("RST", "", "CLOSED");
      assertEquals("CLOSED", names(w.c.history()).get(w.c.history().size() - 1),
          "history() ends with CLOSED after RST in " + before);
    }
  }

  @Test
  @DisplayName("RST in SYN_RECEIVED returns to LISTEN after a passive open, to CLOSED after a simultaneous open")
  @Points(1)
  void resetInSynReceived() {
    Walk passive = walk().then("listen", "", "LISTEN").then("SYN", "SYN_ACK", "SYN_RECEIVED").then("RST", "", "LISTEN");
    assertEquals(List.of("CLOSED", "LISTEN", "SYN_RECEIVED", "LISTEN"), names(passive.c.history()),
        "history() after listen(), SYN, RST");
    // the listener goes on: the next SYN starts a new handshake
    passive.then("SYN", "SYN_ACK", "SYN_RECEIVED").then("ACK", "", "ESTABLISHED");
    walk().then("connect", "SYN", "SYN_SENT").then("SYN", "SYN_ACK", "SYN_RECEIVED").then("RST", "", "CLOSED");
    // a listener that connects and then meets a simultaneous open came from SYN_SENT, not LISTEN
    walk().then("listen", "", "LISTEN").then("connect", "SYN", "SYN_SENT").then("SYN", "SYN_ACK", "SYN_RECEIVED")
        .then("RST", "", "CLOSED");
  }

  @Test
  @DisplayName("CLOSED answers every segment but RST with RST; LISTEN answers ACK and SYN_ACK with RST")
  @Points(1)
  void closedAndListenAnswerStrays() {
    for (String s : List.of("SYN", "SYN_ACK", "ACK", "FIN")) walk().then(s, "RST", "CLOSED");
    Walk quiet = walk().then("RST", "", "CLOSED");
    assertEquals(List.of("CLOSED"), names(quiet.c.history()), "history() of a connection that only saw an RST");
    walk().then("listen", "", "LISTEN").then("ACK", "RST", "LISTEN").then("SYN_ACK", "RST", "LISTEN")
        .then("FIN", "", "LISTEN").then("RST", "", "LISTEN").then("SYN", "SYN_ACK", "SYN_RECEIVED");
    // after a full teardown the connection is CLOSED again and answers strays the same way
    walk().then("connect", "SYN", "SYN_SENT").then("RST", "", "CLOSED").then("ACK", "RST", "CLOSED");
  }

  @Test
  @DisplayName("segments with no row in the table are ignored: same state, nothing sent")
  @Points(1)
  void ignoredSegments() {
    walk().then("connect", "SYN", "SYN_SENT").then("ACK", "", "SYN_SENT").then("FIN", "", "SYN_SENT")
        .then("SYN_ACK", "ACK", "ESTABLISHED");
    walk().then("listen", "", "LISTEN").then("SYN", "SYN_ACK", "SYN_RECEIVED").then("SYN", "", "SYN_RECEIVED")
        .then("SYN_ACK", "", "SYN_RECEIVED").then("FIN", "", "SYN_RECEIVED").then("ACK", "", "ESTABLISHED")
        .then("SYN", "", "ESTABLISHED").then("SYN_ACK", "", "ESTABLISHED").then("ACK", "", "ESTABLISHED");
    walk().then("connect", "SYN", "SYN_SENT").then("SYN_ACK", "ACK", "ESTABLISHED").then("close", "FIN", "FIN_WAIT_1")
        .then("SYN", "", "FIN_WAIT_1").then("SYN_ACK", "", "FIN_WAIT_1").then("ACK", "", "FIN_WAIT_2")
        .then("ACK", "", "FIN_WAIT_2").then("SYN", "", "FIN_WAIT_2").then("SYN_ACK", "", "FIN_WAIT_2")
        .then("FIN", "ACK", "TIME_WAIT").then("ACK", "", "TIME_WAIT").then("SYN", "", "TIME_WAIT")
        .then("SYN_ACK", "", "TIME_WAIT");
    walk().then("connect", "SYN", "SYN_SENT").then("SYN_ACK", "ACK", "ESTABLISHED").then("FIN", "ACK", "CLOSE_WAIT")
        .then("FIN", "", "CLOSE_WAIT").then("ACK", "", "CLOSE_WAIT").then("SYN", "", "CLOSE_WAIT")
        .then("SYN_ACK", "", "CLOSE_WAIT").then("close", "FIN", "LAST_ACK").then("FIN", "", "LAST_ACK")
        .then("SYN", "", "LAST_ACK").then("SYN_ACK", "", "LAST_ACK").then("ACK", "", "CLOSED");
    walk().then("connect", "SYN", "SYN_SENT").then("SYN_ACK", "ACK", "ESTABLISHED").then("close", "FIN", "FIN_WAIT_1")
        .then("FIN", "ACK", "CLOSING").then("FIN", "", "CLOSING").then("SYN", "", "CLOSING")
        .then("SYN_ACK", "", "CLOSING").then("ACK", "", "TIME_WAIT");
  }

  @Test
  @DisplayName("calls with no row throw IllegalStateException naming call and state; receive(null) throws NPE")
  @Points(1)
  void refusedCalls() {
    walk().refuses("close").refuses("timeout").then("listen", "", "LISTEN").refuses("listen").refuses("timeout");
    walk().then("connect", "SYN", "SYN_SENT").refuses("listen").refuses("connect").refuses("timeout");
    walk().then("listen", "", "LISTEN").then("SYN", "SYN_ACK", "SYN_RECEIVED").refuses("listen").refuses("connect")
        .refuses("timeout");
    Walk w = walk().then("connect", "SYN", "SYN_SENT").then("SYN_ACK", "ACK", "ESTABLISHED").refuses("listen")
        .refuses("connect").refuses("timeout").then("close", "FIN", "FIN_WAIT_1").refuses("close").refuses("listen")
        .refuses("connect").refuses("timeout").then("ACK", "", "FIN_WAIT_2").refuses("close").refuses("connect")
        .refuses("listen").refuses("timeout").then("FIN", "ACK", "TIME_WAIT").refuses("close").refuses("listen")
        .refuses("connect");
    walk().then("connect", "SYN", "SYN_SENT").then("SYN_ACK", "ACK", "ESTABLISHED").then("FIN", "ACK", "CLOSE_WAIT")
        .refuses("listen").refuses("connect").refuses("timeout").then("close", "FIN", "LAST_ACK").refuses("close")
        .refuses("listen").refuses("connect").refuses("timeout");
    walk().then("connect", "SYN", "SYN_SENT").then("SYN_ACK", "ACK", "ESTABLISHED").then("close", "FIN", "FIN_WAIT_1")
        .then("FIN", "ACK", "CLOSING").refuses("close").refuses("listen").refuses("connect").refuses("timeout");
    String before = String.valueOf(w.c.state());
    try {
      w.c.receive(null);
      fail("receive(null) in " + before + " returned normally; the README says NullPointerException");
    } catch (NullPointerException expected) {
      // as the README says
    } catch (RuntimeException e) {
      fail("receive(null) threw " + e + "; the README says NullPointerException");
    }
    assertEquals(before, String.valueOf(w.c.state()), "receive(null) must not change the state");
  }

  @Test
  @DisplayName("history() and the returned segment lists are copies a caller may change freely")
  @Points(1)
  void copies() {
    TcpConnection c = new TcpConnection();
    List<TcpConnection.State> h = c.history();
    try {
      h.clear();
      h.add(TcpConnection.State.TIME_WAIT);
    } catch (UnsupportedOperationException fine) {
      // an unmodifiable copy is a copy too
    }
    assertEquals(List.of("CLOSED"), names(c.history()), "history() after the caller changed the list it got");
    List<TcpConnection.Segment> sent = c.connect();
    try {
      sent.clear();
    } catch (UnsupportedOperationException fine) {
      // also fine
    }
    List<TcpConnection.Segment> again = new TcpConnection().connect();
    assertEquals(List.of("SYN"), names(again), "connect() on a second connection, after the caller changed the first's list");
    assertEquals("SYN_SENT", String.valueOf(c.state()), "state() after connect(), whatever the caller did to the list");
    assertEquals(List.of("CLOSED", "SYN_SENT"), names(c.history()), "history() after connect()");
  }

  /**
   * The kernel keeps the same states. A real connection on 127.0.0.1: the test reads each end's
   * state from /proc/net/tcp at three moments and feeds the same events to two TcpConnections.
   */
  @Test
  @DisplayName("matches the Linux kernel's states for a real connection on 127.0.0.1 (/proc/net/tcp)")
  @Points(1)
  void matchesTheKernel() throws Exception {
    Path table = Path.of("/proc/net/tcp");
    if (!Files.isReadable(table)) {
      // not Linux: the model can still be checked against what Linux shows (the lesson's run)
      walk().then("connect", "SYN", "SYN_SENT").then("SYN_ACK", "ACK", "ESTABLISHED").then("close", "FIN", "FIN_WAIT_1")
          .then("ACK", "", "FIN_WAIT_2");
      return;
    }
    InetAddress lo = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    try (ServerSocket listener = new ServerSocket(0, 50, lo)) {
      Walk server = walk().then("listen", "", "LISTEN");
      assertEquals("LISTEN", kernelState(listener.getLocalPort(), 0), "the kernel's listener");
      Socket client = new Socket(lo, listener.getLocalPort());
      try (Socket accepted = listener.accept()) {
        Walk cl = walk().then("connect", "SYN", "SYN_SENT");
        server.then("SYN", "SYN_ACK", "SYN_RECEIVED");
        cl.then("SYN_ACK", "ACK", "ESTABLISHED");
        server.then("ACK", "", "ESTABLISHED");
        compare(cl, client.getLocalPort(), client.getPort());
        compare(server, accepted.getLocalPort(), accepted.getPort());

        client.close(); // FIN from the client; the server's kernel ACKs at once
        cl.then("close", "FIN", "FIN_WAIT_1");
        server.then("FIN", "ACK", "CLOSE_WAIT");
        cl.then("ACK", "", "FIN_WAIT_2");
        awaitKernel(accepted.getLocalPort(), accepted.getPort(), "CLOSE_WAIT");
        awaitKernel(client.getLocalPort(), client.getPort(), "FIN_WAIT2");
        compare(cl, client.getLocalPort(), client.getPort());
        compare(server, accepted.getLocalPort(), accepted.getPort());
        InputStream in = accepted.getInputStream();
        assertEquals(-1, in.read(), "the server's read() after the client's FIN");

        accepted.close(); // the server's FIN; the client's kernel answers with ACK and waits
        server.then("close", "FIN", "LAST_ACK");
        cl.then("FIN", "ACK", "TIME_WAIT");
        server.then("ACK", "", "CLOSED");
        awaitKernel(client.getLocalPort(), client.getPort(), "TIME_WAIT");
        compare(cl, client.getLocalPort(), client.getPort());
      }
    }
  }

  private static void compare(Walk w, int localPort, int remotePort) throws IOException {
    String kernel = kernelState(localPort, remotePort);
    assertEquals(kernel, String.valueOf(w.c.state()).replace("_WAIT_", "_WAIT"),
        () -> "the kernel shows 127.0.0.1:" + localPort + " -> :" + remotePort + " in " + kernel
            + "; your TcpConnection, after " + String.join(", ", w.done) + ", is in " + w.c.state());
  }

  private static void awaitKernel(int localPort, int remotePort, String want) throws Exception {
    long deadline = System.nanoTime() + 2_000_000_000L;
    String seen = kernelState(localPort, remotePort);
    while (!want.equals(seen) && System.nanoTime() < deadline) {
      Thread.sleep(5); // a retry loop: the kernel reaches the state within microseconds
      seen = kernelState(localPort, remotePort);
    }
    assertEquals(want, seen, "the kernel's state of 127.0.0.1:" + localPort + " (the test's own connection)");
  }

  /** The kernel's state name (FIN_WAIT2 spelling) of the socket with these ports; remote 0 for a listener. */
  private static String kernelState(int localPort, int remotePort) throws IOException {
    String[] names = {"?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE",
        "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING"};
    // Java opens IPv6 sockets where it can, so 127.0.0.1 may be ::ffff:127.0.0.1 in tcp6
    List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("/proc/net/tcp")));
    Path six = Path.of("/proc/net/tcp6");
    if (Files.isReadable(six)) lines.addAll(Files.readAllLines(six));
    for (String line : lines) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 4 || !f[1].contains(":")) continue;
      int lp = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
      int rp = Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16);
      if (lp == localPort && rp == remotePort) {
        int st = Integer.parseInt(f[3], 16);
        String n = st < names.length ? names[st] : "?";
        return n.equals("SYN_RECV") ? "SYN_RECEIVED" : n;
      }
    }
    return "none";
  }
}
