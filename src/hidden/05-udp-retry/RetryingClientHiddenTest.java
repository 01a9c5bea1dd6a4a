import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import netlab.grade.api.Points;
import netlab.grade.support.Show;
import netlab.grade.support.Timing;
import netlab.grade.support.UdpFaultPeer;
import netlab.grade.support.UdpFaultPeer.Received;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hidden tests for exercise 05, udp-retry. The "server" is a scripted UDP peer on 127.0.0.1
 * that loses, duplicates, delays and reorders datagrams on purpose, and records when each try
 * arrived, so backoff can be measured. Timeouts are tens of milliseconds to keep the tests fast.
 */
class RetryingClientHiddenTest {

  private final List<UdpFaultPeer> peers = new ArrayList<>();
  private final List<RetryingClient> clients = new ArrayList<>();

  @AfterEach
  void cleanUp() throws InterruptedException {
    for (UdpFaultPeer p : peers) p.close();
    // the student's close() may throw or hang: close on a daemon thread, give up after a second
    Thread closer = new Thread(() -> {
      for (RetryingClient c : clients) {
        try {
          c.close();
        } catch (Throwable ignored) {
          // the test has already reported what matters
        }
      }
    }, "hidden-test-cleanup");
    closer.setDaemon(true);
    closer.start();
    closer.join(1000);
  }

  @Test
  @DisplayName("sends [8-byte big-endian id][payload] and returns the payload of the reply")
  @Points(1)
  void wireFormat() throws Exception {
    Tracker server = new Tracker((req, t) -> List.of(Reply.now(req.id, reversed(req.payload))));
    RetryingClient client = client(server, 200, 3);
    byte[] everyValue = new byte[256];
    for (int i = 0; i < 256; i++) everyValue[i] = (byte) (255 - i);
    byte[][] payloads = {text("hello, server"), new byte[0], everyValue};
    for (int i = 0; i < payloads.length; i++) {
      byte[] payload = payloads[i];
      byte[] got = request(client, payload, "request " + (i + 1) + " of 3, answered at once");
      List<Received> all = server.peer.received();
      byte[] wire = all.get(all.size() - 1).data();
      assertEquals(8 + payload.length, wire.length, () -> "request(" + Show.bytes(payload)
          + ") should send one datagram of 8 id bytes + " + payload.length + " payload bytes; the"
          + " server received " + Show.bytes(wire));
      byte[] body = Arrays.copyOfRange(wire, 8, wire.length);
      assertArrayEquals(payload, body, () -> "request(" + Show.bytes(payload) + ") sent "
          + Show.bytes(wire) + "; after the 8 id bytes the server expected the payload unchanged");
      byte[] want = reversed(payload);
      assertArrayEquals(want, got, () -> "sent " + Show.bytes(payload) + "; the server replied with"
          + " [the same id][" + Show.bytes(want) + "], so request() should return "
          + Show.bytes(want) + " (the reply without its id), but returned " + Show.bytes(got));
    }
    server.peer.assertScriptOk();
  }

  @Test
  @DisplayName("uses a new id for every request and the same id for every retry of it")
  @Points(1)
  void idsPerRequestAndRetry() throws Exception {
    // the first try of every request is lost, the second one answered
    Timing.measured(() -> {
      Tracker server = new Tracker((req, t) -> t == 1 ? List.of() : List.of(Reply.now(req.id, answer(req))));
      RetryingClient client = client(server, 40, 3);
      for (int i = 1; i <= 3; i++) {
        byte[] payload = text("question " + i);
        byte[] got = request(client, payload, "question " + i + ", whose first try is lost");
        assertArrayEquals(answer(payload), got, () -> "request(" + Show.bytes(payload) + ") returned "
            + Show.bytes(got) + " instead of the answer " + Show.bytes(answer(payload)));
      }
      List<Received> all = server.peer.received();
      // a 3rd try means the answer to the 2nd was not read within 80 ms: slow, or a wrong client
      Timing.within(all.size() <= 6, () -> "3 requests whose first try is lost and second answered"
          + " should reach the server as 6 datagrams, but " + all.size() + " arrived: " + describe(all));
      assertEquals(6, all.size(), () -> "3 requests whose first try is lost and second answered"
          + " should reach the server as 6 datagrams, but " + all.size() + " arrived: " + describe(all));
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Received first = all.get(2 * i);
        Received retry = all.get(2 * i + 1);
        int n = i + 1;
        assertEquals(idOf(first.data()), idOf(retry.data()), () -> "request " + n + " was sent as "
            + Show.bytes(first.data()) + " and retried as " + Show.bytes(retry.data()) + ": a retry must"
            + " carry the same id, or a late reply to the first try would be thrown away");
        assertArrayEquals(first.data(), retry.data(), () -> "the retry of request " + n + " differs"
            + " from its first try: " + Show.bytes(first.data()) + " vs " + Show.bytes(retry.data()));
        ids.add(idOf(first.data()));
      }
      assertEquals(3, ids.stream().distinct().count(), () -> "3 requests used the ids " + ids
          + "; every request needs an id of its own, or replies cannot be told apart");
      server.peer.assertScriptOk();
    });
  }

  @Test
  @DisplayName("retries when requests are lost and returns the answer to the last allowed try")
  @Points(1)
  void retriesAfterLoss() throws Exception {
    // tries 1 and 2 are lost; try 3 (the last one allowed) is answered
    Tracker server = new Tracker((req, t) -> t < 3 ? List.of() : List.of(Reply.now(req.id, answer(req))));
    RetryingClient client = client(server, 30, 3);
    byte[] payload = text("are you there?");
    byte[] got = request(client, payload, "a request whose first 2 tries are lost (maxTries 3)");
    assertArrayEquals(answer(payload), got, () -> "the first 2 tries of " + Show.bytes(payload)
        + " were lost and the 3rd answered with " + Show.bytes(answer(payload)) + "; request()"
        + " returned " + Show.bytes(got));
    assertEquals(3, server.peer.received().size(), () -> "expected exactly 3 tries, the server got "
        + describe(server.peer.received()));
    server.peer.assertScriptOk();
  }

  @Test
  @DisplayName("waits twice as long before each retry: 60, 120, 240, 480 ms (exponential backoff)")
  @Points(1)
  void exponentialBackoff() throws Exception {
    Timing.measured(() -> {
      Tracker server = new Tracker((req, t) -> List.of()); // loses everything
      RetryingClient client = client(server, 60, 4);
      long start = System.nanoTime();
      Throwable thrown = requestExpectingFailure(client, text("anyone?"));
      long end = System.nanoTime();
      List<Received> tries = server.peer.received();
      assertEquals(4, tries.size(), () -> "with maxTries 4 and no reply at all, the server should see"
          + " 4 tries, it saw " + describe(tries) + " (request() ended with " + thrown + ")");
      long[] expected = {60, 120, 240, 480};
      long[] waited = new long[4];
      for (int i = 0; i < 3; i++) waited[i] = ms(tries.get(i + 1).nanos() - tries.get(i).nanos());
      waited[3] = ms(end - tries.get(3).nanos());
      long first = ms(tries.get(0).nanos() - start);
        Timing.within(first < 100, () -> "the first try reached the server " + first + " ms after"
          + " request() was called; it should be sent at once");
      for (int i = 0; i < 4; i++) {
        long lo = expected[i] * 3 / 4 - 5;
        long hi = expected[i] * 3 / 2 + 50;
        int n = i + 1;
        String what = i < 3 ? "between try " + n + " and try " + (n + 1) : "after the 4th (last) try before giving up";
          Timing.within(waited[i] >= lo && waited[i] <= hi, () -> "firstTimeout 60 ms, maxTries 4, no reply:"
            + " the client should wait 60, 120, 240, then 480 ms; it waited " + Arrays.toString(waited)
            + " ms. The wait " + what + " was " + waited[n - 1] + " ms, expected about " + expected[n - 1]
            + " ms (double the timeout after every try)");
        }
      server.peer.assertScriptOk();
    });
  }

  @Test
  @DisplayName("gives up after maxTries with RetryingClient.NoReplyException naming the tries")
  @Points(1)
  void givesUp() throws Exception {
    Timing.measured(() -> {
      AtomicInteger silentRequests = new AtomicInteger(1); // the first request is never answered
      Map<Long, Boolean> silent = new ConcurrentHashMap<>();
      Tracker server = new Tracker((req, t) -> {
        if (t == 1 && silentRequests.getAndDecrement() > 0) silent.put(req.id, true);
        return silent.containsKey(req.id) ? List.of() : List.of(Reply.now(req.id, answer(req)));
      });
      RetryingClient client = client(server, 40, 3);
      long start = System.nanoTime();
      Throwable thrown = requestExpectingFailure(client, text("hello?"));
      long took = ms(System.nanoTime() - start);
      if (!(thrown instanceof RetryingClient.NoReplyException e)) {
        throw new AssertionError("with no reply to any of 3 tries, request() should throw"
            + " RetryingClient.NoReplyException, but " + (thrown == null ? "returned normally" : "threw " + thrown),
            thrown);
      }
      List<Received> tries = server.peer.received();
      assertEquals(3, tries.size(), () -> "maxTries 3: the request must be sent exactly 3 times before"
          + " giving up, the server got " + describe(tries));
      assertEquals(3, e.tries(), () -> "NoReplyException.tries() returned " + e.tries() + " after 3 tries");
      String msg = String.valueOf(e.getMessage());
      assertTrue(msg.contains("3"), () -> "the NoReplyException message should say how many tries were"
          + " made (3); it was: " + msg);
      assertTrue(took >= 40 + 80 + 160 - 20, () -> "3 tries with firstTimeout 40 ms should give up after"
          + " 40 + 80 + 160 = 280 ms (the timeout doubles after every try, and the last try waits"
          + " for its reply too), but request() threw after " + took + " ms");
      Timing.within(took <= 280 * 3 / 2 + 100, () -> "3 tries with firstTimeout 40 ms should give up after"
          + " about 280 ms, but took " + took + " ms");
      // the client still works afterwards
      byte[] next = text("and now?");
      byte[] got = request(client, next, "a request after a NoReplyException, answered at once");
      assertArrayEquals(answer(next), got, () -> "after a NoReplyException the next request "
          + Show.bytes(next) + " was answered with " + Show.bytes(answer(next)) + ", but request()"
          + " returned " + Show.bytes(got));
      server.peer.assertScriptOk();
    });
  }

  @Test
  @DisplayName("discards a late reply to an earlier request that arrives while the next one waits")
  @Points(1)
  void discardsStaleReplies() throws Exception {
    // request A: try 1 is held back (its reply comes late), try 2 is answered at once.
    // request B: when it arrives, the late reply to A goes out first, then B's answer, then
    // A's reply once more. Request C is answered normally, behind that second stale reply.
    Map<String, Long> idOf = new ConcurrentHashMap<>();
    Tracker server = new Tracker((req, t) -> {
      String name = new String(req.payload, StandardCharsets.UTF_8);
      idOf.putIfAbsent(name, req.id);
      if (name.equals("A")) return t == 1 ? List.of() : List.of(Reply.now(req.id, text("answer to A")));
      if (name.equals("B") && t == 1) {
        byte[] late = text("answer to A (late)");
        long a = idOf.get("A");
        return List.of(Reply.now(a, late), Reply.now(req.id, text("answer to B")), Reply.now(a, late));
      }
      return List.of(Reply.now(req.id, text("answer to " + name)));
    });
    RetryingClient client = client(server, 50, 4);
    byte[] a = request(client, text("A"), "request \"A\", whose first try gets no reply in time");
    assertArrayEquals(text("answer to A"), a, () -> "request(\"A\") returned " + Show.bytes(a));
    byte[] b = request(client, text("B"), "request \"B\"");
    assertArrayEquals(text("answer to B"), b, () -> "while request \"B\" was waiting, a late reply to"
        + " the earlier request \"A\" (with A's id) arrived first, then B's answer; request(\"B\")"
        + " should discard the stale reply and return \"answer to B\", but returned " + Show.bytes(b)
        + " (compare the reply's id with the id of the request in progress)");
    byte[] c = request(client, text("C"), "request \"C\"");
    assertArrayEquals(text("answer to C"), c, () -> "after B's answer, one more late reply to \"A\""
        + " was waiting in the socket; request(\"C\") should discard it and return \"answer to C\","
        + " but returned " + Show.bytes(c));
    server.peer.assertScriptOk();
  }

  @Test
  @DisplayName("ignores duplicated replies: 5 requests, every reply sent twice")
  @Points(1)
  void ignoresDuplicates() throws Exception {
    Tracker server = new Tracker((req, t) -> {
      byte[] ans = answer(req);
      return List.of(Reply.now(req.id, ans), Reply.now(req.id, ans));
    });
    RetryingClient client = client(server, 200, 2);
    for (int i = 1; i <= 5; i++) {
      byte[] payload = text("question " + i);
      byte[] got = request(client, payload, "question " + i + " (every reply is duplicated)");
      int n = i;
      assertArrayEquals(answer(payload), got, () -> "every reply was sent twice; request " + n + " "
          + Show.bytes(payload) + " should return " + Show.bytes(answer(payload)) + ", but returned "
          + Show.bytes(got) + (n > 1 ? " (the duplicate of the previous answer must be discarded)" : ""));
    }
    assertEquals(5, server.peer.received().size(), () -> "5 requests, all answered at once, should"
        + " reach the server as 5 datagrams: " + describe(server.peer.received()));
    server.peer.assertScriptOk();
  }

  @Test
  @DisplayName("discards replies with a wrong id without restarting its timeout")
  @Points(1)
  void wrongIdsDoNotRestartTheClock() throws Exception {
    // try 1 gets no answer, only a stream of replies with wrong ids (every 15 ms for 450 ms);
    // try 2 is answered. A client that starts its timeout again after each wrong reply would
    // not retry until the stream stops.
    Timing.measured(() -> {
      Tracker server = new Tracker((req, t) -> {
        if (t > 1) return List.of(Reply.now(req.id, answer(req)));
        List<Reply> noise = new ArrayList<>();
        for (int k = 0; k < 30; k++) {
          long wrong = k % 2 == 0 ? req.id + 1_000_003L + k : ~req.id - k;
          noise.add(new Reply(wrong, text("noise " + k), Duration.ofMillis(15L * k)));
        }
        return noise;
      });
      RetryingClient client = client(server, 60, 3);
      byte[] payload = text("the real question");
      long start = System.nanoTime();
      byte[] got = request(client, payload, "a request whose first try only gets replies with wrong ids");
      long took = ms(System.nanoTime() - start);
      assertArrayEquals(answer(payload), got, () -> "the first try of " + Show.bytes(payload)
          + " got only replies with other ids, the retry the real answer " + Show.bytes(answer(payload))
          + "; request() returned " + Show.bytes(got));
      List<Received> tries = server.peer.received();
      assertTrue(tries.size() >= 2, () -> "expected a retry, the server got " + describe(tries));
      long gap = ms(tries.get(1).nanos() - tries.get(0).nanos());
      // an early retry proves the client right only if the wrong-id replies really kept coming
      // until then: a client that restarts its timeout also retries early after 60 ms of silence
      long silence = longestSilence(server.peer.sentTimes(), tries.get(0).nanos(), tries.get(1).nanos());
      if (gap <= 60 * 3 / 2 + 60) {
        Timing.conclusiveOnlyIf(silence < 45, () -> "the wrong-id replies paused for " + silence + " ms");
      }
      Timing.within(gap <= 60 * 3 / 2 + 60, () -> "firstTimeout 60 ms: the retry should go out about 60 ms"
          + " after the first try, but came " + gap + " ms later (request() took " + took + " ms)."
          + " Replies with a wrong id kept arriving every 15 ms: keep one deadline per try and wait only"
          + " for the time that is left, do not start the timeout again after each discarded reply");
      server.peer.assertScriptOk();
    });
  }

  @Test
  @DisplayName("ignores datagrams that are too short, or that come from another address")
  @Points(1)
  void ignoresMalformedAndStrangers() throws Exception {
    Tracker server = new Tracker((req, t) -> List.of()); // the script below does the replying
    server.extra = (req, from, peer) -> {
      peer.send(new byte[] {1, 2, 3}, from); // 3 bytes: too short for an id
      peer.send(new byte[0], from); // empty
      // the right id, but from another socket: not the server
      UdpFaultPeer.sendFromStranger(withId(req.id, text("from a stranger")), from);
      peer.sendLater(withId(req.id, answer(req)), from, Duration.ofMillis(30));
    };
    RetryingClient client = client(server, 300, 2);
    byte[] payload = text("who is it?");
    byte[] got = request(client, payload, "a request answered after 3 bogus datagrams");
    assertArrayEquals(answer(payload), got, () -> "before the server's real reply "
        + Show.bytes(answer(payload)) + ", the client received a 3-byte datagram, an empty one, and a"
        + " datagram with the right id from another port (not the server's); request() returned "
        + Show.bytes(got) + ". Skip datagrams shorter than 8 bytes and those whose sender is not the"
        + " server's address");
    server.peer.assertScriptOk();
  }

  @Test
  @DisplayName("gets the right answer to 20 requests through loss, duplicates, delays and reordering")
  @Points(1)
  void mixedFaults() throws Exception {
    Random random = new Random(20240605L);
    List<Long> answered = new ArrayList<>(); // ids seen lately; only the peer's thread uses it
    Tracker server = new Tracker((req, t) -> {
      List<Reply> out = new ArrayList<>();
      int fate = random.nextInt(6);
      byte[] ans = answer(req);
      if (t >= 3) fate = 1; // the third try always gets through
      switch (fate) {
        case 0 -> { } // lost
        case 1 -> out.add(Reply.now(req.id, ans));
        case 2 -> { // duplicated, the copy a little later
          out.add(Reply.now(req.id, ans));
          out.add(new Reply(req.id, ans, Duration.ofMillis(10)));
        }
        case 3 -> out.add(new Reply(req.id, ans, Duration.ofMillis(60))); // late: after the retry
        case 4 -> { // reordered: an old reply overtakes the answer
          out.add(new Reply(req.id, ans, Duration.ofMillis(5)));
          for (long old : answered) {
            if (old != req.id) out.add(Reply.now(old, text("old answer " + old)));
          }
        }
        default -> { // a wrong id first, then the answer
          out.add(Reply.now(req.id + 777, text("wrong id")));
          out.add(Reply.now(req.id, ans));
        }
      }
      if (!answered.contains(req.id)) answered.add(req.id);
      if (answered.size() > 3) answered.remove(0);
      return out;
    });
    RetryingClient client = client(server, 40, 5);
    for (int i = 1; i <= 20; i++) {
      byte[] payload = text("request " + i);
      byte[] got = request(client, payload, "request " + i + " of 20 through a lossy, duplicating,"
          + " delaying and reordering peer");
      int n = i;
      assertArrayEquals(answer(payload), got, () -> "request " + n + " of 20, " + Show.bytes(payload)
          + ", returned " + Show.bytes(got) + " instead of " + Show.bytes(answer(payload))
          + " (only the reply with the id of the request in progress counts)");
    }
    server.peer.assertScriptOk();
  }

  // --- helpers -----------------------------------------------------------------------------

  /** The longest time in [from, to] with no datagram sent, in ms. */
  private static long longestSilence(List<Long> sent, long from, long to) {
    long last = from;
    long longest = 0;
    for (long t : sent) {
      if (t <= from) continue;
      if (t >= to) break;
      longest = Math.max(longest, t - last);
      last = t;
    }
    return ms(Math.max(longest, to - last));
  }

  /** One reply the scripted server sends: an id, a payload, and a delay (zero: at once). */
  private record Reply(long id, byte[] payload, Duration delay) {
    static Reply now(long id, byte[] payload) {
      return new Reply(id, payload, Duration.ZERO);
    }
  }

  /** A request as the server saw it. */
  private record Request(long id, byte[] payload) {}

  /** What the server does with try number {@code t} (1, 2, ...) of a request. */
  private interface Plan {
    List<Reply> replies(Request request, int t);
  }

  /** Raw access for unusual replies. */
  private interface Extra {
    void handle(Request request, InetSocketAddress from, UdpFaultPeer peer) throws IOException;
  }

  /** A scripted server that counts the tries of every request id. */
  private final class Tracker {
    final UdpFaultPeer peer;
    final Map<Long, Integer> tries = new HashMap<>(); // only the peer's thread touches it
    volatile Extra extra;

    Tracker(Plan plan) throws IOException {
      peer = UdpFaultPeer.start((d, p) -> {
        if (d.data().length < 8) return; // not a request of this protocol: lost
        Request req = new Request(idOf(d.data()), Arrays.copyOfRange(d.data(), 8, d.data().length));
        int t = tries.merge(req.id, 1, Integer::sum);
        Extra x = extra;
        if (x != null) x.handle(req, d.from(), p);
        for (Reply r : plan.replies(req, t)) {
          byte[] wire = withId(r.id, r.payload);
          if (r.delay.isZero()) p.send(wire, d.from());
          else p.sendLater(wire, d.from(), r.delay);
        }
      });
      peers.add(peer);
    }
  }

  private RetryingClient client(Tracker server, long firstTimeoutMs, int maxTries) throws IOException {
    RetryingClient c;
    try {
      c = new RetryingClient(server.peer.address(), Duration.ofMillis(firstTimeoutMs), maxTries);
    } catch (UnsupportedOperationException e) {
      throw new AssertionError("new RetryingClient(" + server.peer.address() + ", " + firstTimeoutMs
          + " ms, " + maxTries + ") threw " + e, e);
    }
    clients.add(c);
    return c;
  }

  private static byte[] request(RetryingClient client, byte[] payload, String what) {
    try {
      return client.request(payload);
    } catch (RetryingClient.NoReplyException e) {
      throw new AssertionError("request(" + Show.bytes(payload) + ") threw NoReplyException (" + e.getMessage()
          + ") for " + what + "; a reply with the right id was sent", e);
    } catch (Throwable t) {
      throw new AssertionError("request(" + Show.bytes(payload) + ") threw " + t + " for " + what, t);
    }
  }

  /** Calls request() where no reply will come; returns what it threw (null if it returned). */
  private static Throwable requestExpectingFailure(RetryingClient client, byte[] payload) {
    byte[] got;
    try {
      got = client.request(payload);
    } catch (Throwable t) {
      return t;
    }
    fail("the server never answered, but request(" + Show.bytes(payload) + ") returned " + Show.bytes(got));
    return null;
  }

  private static long idOf(byte[] datagram) {
    return ByteBuffer.wrap(datagram, 0, 8).getLong();
  }

  private static byte[] withId(long id, byte[] payload) {
    return ByteBuffer.allocate(8 + payload.length).putLong(id).put(payload).array();
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] answer(byte[] question) {
    byte[] prefix = text("answer to ");
    byte[] r = Arrays.copyOf(prefix, prefix.length + question.length);
    System.arraycopy(question, 0, r, prefix.length, question.length);
    return r;
  }

  private static byte[] answer(Request req) {
    return answer(req.payload);
  }

  private static byte[] reversed(byte[] b) {
    byte[] r = new byte[b.length];
    for (int i = 0; i < b.length; i++) r[i] = b[b.length - 1 - i];
    return r;
  }

  private static long ms(long nanos) {
    return Math.round(nanos / 1e6);
  }

  private static String describe(List<Received> all) {
    if (all.isEmpty()) return "no datagram";
    long t0 = all.get(0).nanos();
    StringBuilder sb = new StringBuilder();
    for (Received r : all) {
      if (sb.length() > 0) sb.append(", ");
      sb.append(Show.bytes(r.data())).append(" at +").append(ms(r.nanos() - t0)).append(" ms");
    }
    return all.size() + " datagrams: " + sb;
  }
}
