import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
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
import netlab.grade.support.Loopback;
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
    // tries 1 and 2 are lost; try 3 (the last one allowed) is answered. The answer must be read
    // within try 3's 120 ms: on a crowded machine that can miss, so a miss is measured again
    Timing.measured(() -> {
      Tracker server = new Tracker((req, t) -> t < 3 ? List.of() : List.of(Reply.now(req.id, answer(req))));
      RetryingClient client = client(server, 30, 3);
      byte[] payload = text("are you there?");
      byte[] got;
      try {
        got = client.request(payload);
      } catch (RetryingClient.NoReplyException e) {
        Timing.within(false, () -> "request(" + Show.bytes(payload) + ") threw NoReplyException (" + e.getMessage()
            + ") for a request whose first 2 tries are lost (maxTries 3); the 3rd try was answered at once, the"
            + " server got " + describe(server.peer.received()));
        return;
      } catch (Throwable t) {
        throw new AssertionError("request(" + Show.bytes(payload) + ") threw " + t + " for a request whose first 2"
            + " tries are lost (maxTries 3)", t);
      }
      assertArrayEquals(answer(payload), got, () -> "the first 2 tries of " + Show.bytes(payload)
          + " were lost and the 3rd answered with " + Show.bytes(answer(payload)) + "; request()"
          + " returned " + Show.bytes(got));
      List<Received> tries = server.peer.received();
      Timing.within(tries.size() == 3, () -> "expected exactly 3 tries, the server got " + describe(tries));
      server.peer.assertScriptOk();
    });
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
      List<Received> tries = settled(server.peer, 4);
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
      List<Received> tries = settled(server.peer, 3);
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
      // the client still works afterwards. This request is answered at once, but has only
      // 40 + 80 + 160 ms: a NoReplyException here may be a machine that stalled for that long,
      // so it is a timing miss (measured again), while any other wrong answer fails at once
      byte[] next = text("and now?");
      byte[] got;
      try {
        got = client.request(next);
      } catch (RetryingClient.NoReplyException again) {
        Timing.within(false, () -> "after a NoReplyException, the next request " + Show.bytes(next)
            + " was answered at once, every try, but request() threw NoReplyException again ("
            + again.getMessage() + "): the client must stay usable");
        return;
      } catch (Exception | Error other) {
        throw new AssertionError("after a NoReplyException, request(" + Show.bytes(next) + ") threw "
            + other + "; the client must stay usable and the server answered at once", other);
      }
      assertArrayEquals(answer(next), got, () -> "after a NoReplyException the next request "
          + Show.bytes(next) + " was answered with " + Show.bytes(answer(next)) + ", but request()"
          + " returned " + Show.bytes(got));
      server.peer.assertScriptOk();

      // maxTries 1, the smallest allowed: one try, one full wait, then give up
      Tracker mute = new Tracker((req, t) -> List.of());
      RetryingClient once = client(mute, 40, 1);
      long start1 = System.nanoTime();
      Throwable thrown1 = requestExpectingFailure(once, text("just once"));
      long took1 = ms(System.nanoTime() - start1);
      if (!(thrown1 instanceof RetryingClient.NoReplyException e1)) {
        throw new AssertionError("maxTries 1, no reply: request() should throw"
            + " RetryingClient.NoReplyException, but " + (thrown1 == null ? "returned normally" : "threw " + thrown1),
            thrown1);
      }
      List<Received> single = settled(mute.peer, 1);
      assertEquals(1, single.size(), () -> "maxTries 1: the request must be sent exactly once, the"
          + " server got " + describe(single));
      assertEquals(1, e1.tries(), () -> "maxTries 1: NoReplyException.tries() returned " + e1.tries()
          + " after 1 try");
      assertTrue(took1 >= 40 - 10, () -> "maxTries 1, firstTimeout 40 ms: the only try must wait its"
          + " 40 ms for a reply before giving up, but request() threw after " + took1 + " ms");
      Timing.within(took1 <= 40 * 3 / 2 + 100, () -> "maxTries 1, firstTimeout 40 ms: request()"
          + " should give up after about 40 ms, but took " + took1 + " ms");
      mute.peer.assertScriptOk();

      // nothing listens on the server's port: the kernel may answer with ICMP "port unreachable",
      // which must not end request() early with some other exception; it is one more lost request
      InetSocketAddress nobody = closedPort();
      RetryingClient lonely = new RetryingClient(nobody, Duration.ofMillis(20), 2);
      clients.add(lonely);
      long start2 = System.nanoTime();
      Throwable thrown2 = requestExpectingFailure(lonely, text("hello, nobody"));
      long took2 = ms(System.nanoTime() - start2);
      if (!(thrown2 instanceof RetryingClient.NoReplyException e2)) {
        throw new AssertionError("request() to " + nobody + ", where no socket listens, should give"
            + " up with RetryingClient.NoReplyException after 2 tries (20 + 40 ms), but threw " + thrown2
            + " (a connect()ed socket reports the ICMP \"port unreachable\" as an exception)", thrown2);
      }
      assertEquals(2, e2.tries(), () -> "maxTries 2 to a port where nothing listens:"
          + " NoReplyException.tries() returned " + e2.tries());
      assertTrue(took2 >= 60 - 15, () -> "maxTries 2, firstTimeout 20 ms, nothing listening: request()"
          + " should wait 20 + 40 ms before giving up, but threw after " + took2 + " ms");
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
    // a correct client sends each request once; on a crowded machine an answer can be read after
    // the 200 ms timeout, and the retry that follows is the load's doing: measured again
    Timing.measured(() -> {
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
      Timing.within(server.peer.received().size() == 5, () -> "5 requests, all answered at once, should"
          + " reach the server as 5 datagrams: " + describe(server.peer.received()));
      server.peer.assertScriptOk();
    });
  }

  @Test
  @DisplayName("discards replies with a wrong id without restarting its timeout")
  @Points(1)
  void wrongIdsDoNotRestartTheClock() throws Exception {
    // try 1 gets no answer, only a stream of replies with wrong ids (20, evenly spaced: every 15 ms
    // at the first timeout of 60 ms); try 2 is answered. A client that starts its timeout again
    // after each wrong reply does not retry until the stream stops.
    // An early retry proves the client right only if the stream really had no pause as long as
    // the timeout; on a crowded machine (8 students graded at once on 2 cores) the peer itself
    // pauses for 50-100 ms, and at 60 ms every measurement could be inconclusive, which once let
    // such a client pass. So each measurement after an inconclusive or missed one doubles the
    // time scale (timeout and spacing), up to 4 times: a pause must then last 180 ms to blur it.
    int[] scale = {1};
    Timing.measured(10, () -> {
      int k = scale[0];
      long timeoutMs = 60L * k;
      long everyMs = 15L * k;
      Tracker server = new Tracker((req, t) -> {
        if (t > 1) return List.of(Reply.now(req.id, answer(req)));
        List<Reply> noise = new ArrayList<>();
        for (int n = 0; n < 20; n++) {
          long wrong = n % 2 == 0 ? req.id + 1_000_003L + n : ~req.id - n;
          noise.add(new Reply(wrong, text("noise " + n), Duration.ofMillis(everyMs * n)));
        }
        return noise;
      });
      scale[0] = Math.min(4, k * 2); // the next measurement, if there is one
      RetryingClient client = client(server, (int) timeoutMs, 3);
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
      long limit = timeoutMs * 3 / 2 + timeoutMs;
      // an early retry proves the client right only if the wrong-id replies really kept coming
      // until then: a client that restarts its timeout also retries early after a timeout's silence
      long silence = longestSilence(server.peer.sentTimes(), tries.get(0).nanos(), tries.get(1).nanos());
      if (gap <= limit) {
        Timing.conclusiveOnlyIf(silence < timeoutMs * 3 / 4, () -> "the wrong-id replies paused for " + silence + " ms");
      }
      Timing.within(gap <= limit, () -> "firstTimeout " + timeoutMs + " ms: the retry should go out about "
          + timeoutMs + " ms after the first try, but came " + gap + " ms later (request() took " + took + " ms)."
          + " Replies with a wrong id kept arriving every " + everyMs + " ms: keep one deadline per try and wait"
          + " only for the time that is left, do not start the timeout again after each discarded reply");
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
      // the right id and the server's port, but another address: still not the server
      sendFromOtherAddress(withId(req.id, text("from 127.0.0.2")), peer.port(), from);
      peer.sendLater(withId(req.id, answer(req)), from, Duration.ofMillis(30));
    };
    RetryingClient client = client(server, 300, 2);
    byte[] payload = text("who is it?");
    byte[] got = request(client, payload, "a request answered after 3 bogus datagrams");
    assertArrayEquals(answer(payload), got, () -> "before the server's real reply "
        + Show.bytes(answer(payload)) + ", the client received a 3-byte datagram, an empty one, a"
        + " datagram with the right id from another port (not the server's)"
        + (otherAddressUsable() ? " and one from the server's port on 127.0.0.2 (not the server's"
            + " address)" : "") + "; request() returned "
        + Show.bytes(got) + ". Skip datagrams shorter than 8 bytes and those whose sender is not the"
        + " server's address and port");
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

  @Test
  @DisplayName("the constructor rejects a firstTimeout that is not positive and maxTries below 1")
  @Points(1)
  void constructorChecksArguments() throws Exception {
    Tracker server = new Tracker((req, t) -> List.of(Reply.now(req.id, answer(req))));
    InetSocketAddress at = server.peer.address();
    Object[][] bad = {
        {Duration.ZERO, 3, "firstTimeout 0 (not positive)"},
        {Duration.ofMillis(-1), 3, "firstTimeout -1 ms (negative)"},
        {Duration.ofSeconds(-5), 3, "firstTimeout -5 s (negative)"},
        {Duration.ofMillis(100), 0, "maxTries 0 (below 1)"},
        {Duration.ofMillis(100), -1, "maxTries -1 (below 1)"},
        {Duration.ofMillis(100), Integer.MIN_VALUE, "maxTries Integer.MIN_VALUE (below 1)"},
    };
    for (Object[] c : bad) {
      Duration timeout = (Duration) c[0];
      int maxTries = (Integer) c[1];
      String call = "new RetryingClient(" + at + ", " + timeout + ", " + maxTries + ")";
      RetryingClient made;
      try {
        made = new RetryingClient(at, timeout, maxTries);
      } catch (IllegalArgumentException expected) {
        continue;
      } catch (Exception | Error other) {
        throw new AssertionError(call + ", " + c[2] + ": expected IllegalArgumentException, got " + other, other);
      }
      clients.add(made);
      fail(call + ", " + c[2] + ": expected IllegalArgumentException (the README: firstTimeout must be"
          + " positive and maxTries at least 1), but the constructor returned a client");
    }
    // the smallest legal values are accepted, and a client made with them works
    RetryingClient smallest;
    try {
      smallest = new RetryingClient(at, Duration.ofNanos(1), 1);
    } catch (Exception | Error e) {
      throw new AssertionError("new RetryingClient(" + at + ", PT0.000000001S, 1): 1 ns is positive and"
          + " 1 try is allowed, but the constructor threw " + e, e);
    }
    clients.add(smallest);
    // a wait below 1 ms must still end: setSoTimeout(0) would mean "wait forever"
    Tracker mute = new Tracker((req, t) -> List.of());
    RetryingClient quick = new RetryingClient(mute.peer.address(), Duration.ofNanos(1), 2);
    clients.add(quick);
    Object outcome = assertTimeoutPreemptively(Duration.ofSeconds(2),
        () -> outcome(() -> quick.request(text("in a hurry"))),
        "firstTimeout 1 ns, maxTries 2, no reply: request() did not give up within 2 s. A wait"
            + " below 1 ms rounds to setSoTimeout(0), which means \"wait forever\": use at least 1 ms");
    assertTrue(outcome instanceof RetryingClient.NoReplyException, () -> "firstTimeout 1 ns, maxTries 2,"
        + " no reply: request() should throw RetryingClient.NoReplyException, but "
        + (outcome instanceof byte[] b ? "returned " + Show.bytes(b) : "threw " + outcome));
    RetryingClient one = client(server, 2000, 1);
    byte[] payload = text("one try is enough");
    byte[] got = request(one, payload, "maxTries 1, answered at once");
    assertArrayEquals(answer(payload), got, () -> "maxTries 1, firstTimeout 2000 ms, answered at once:"
        + " request(" + Show.bytes(payload) + ") returned " + Show.bytes(got));
    server.peer.assertScriptOk();
  }

  @Test
  @DisplayName("sends a 65499-byte payload (65507 with its id), refuses 65500 with IllegalArgumentException")
  @Points(1)
  void largestPayload() throws Exception {
    Tracker server = new Tracker((req, t) -> List.of(Reply.now(req.id, reversed(req.payload))));
    RetryingClient client = client(server, 1000, 2);
    byte[] largest = new byte[65_499];
    new Random(65_499).nextBytes(largest);
    byte[] got = request(client, largest, "a 65499-byte payload (a 65507-byte datagram with its id,"
        + " the largest UDP payload), answered with a reply just as large");
    List<Received> all = server.peer.received();
    assertTrue(!all.isEmpty() && all.get(0).data().length == 65_507, () -> "request() of 65499 bytes"
        + " should send one datagram of 8 + 65499 = 65507 bytes; the server received " + describe(all));
    byte[] want = reversed(largest);
    assertArrayEquals(want, got, () -> "a 65499-byte request was answered with [the same id][65499"
        + " bytes]; request() returned " + Show.bytes(got) + " instead of those 65499 bytes (is the"
        + " receive buffer big enough for the largest datagram?)");
    byte[] tooBig = new byte[65_500];
    Object outcome = outcome(() -> client.request(tooBig));
    if (!(outcome instanceof IllegalArgumentException thrown)) {
      throw new AssertionError("request() of a 65500-byte payload (65508 bytes with its 8-byte id, more"
          + " than the 65507 one datagram holds) should throw IllegalArgumentException, as its javadoc"
          + " says, but " + (outcome instanceof byte[] r ? "returned " + Show.bytes(r) : "threw " + outcome),
          outcome instanceof Throwable t ? t : null);
    }
    String msg = thrown.getMessage();
    assertTrue(msg != null && !msg.isBlank(), "request() of a 65500-byte payload: the"
        + " IllegalArgumentException has no message; say what is wrong");
    // and the client still works
    byte[] small = text("after the refused one");
    byte[] again = request(client, small, "a small request after a refused 65500-byte one");
    assertArrayEquals(reversed(small), again, () -> "after refusing a 65500-byte payload, request("
        + Show.bytes(small) + ") returned " + Show.bytes(again));
    server.peer.assertScriptOk();
  }

  @Test
  @DisplayName("close() closes the socket: request() afterwards throws an IOException; twice is harmless")
  @Points(1)
  void closeClosesTheSocket() throws Exception {
    Tracker server = new Tracker((req, t) -> List.of(Reply.now(req.id, answer(req))));
    // 300 + 600 ms: room for a busy machine before close(), and an end well within 2 s after
    // it even for a client that treats the failed sends as lost requests
    RetryingClient client = client(server, 300, 2);
    byte[] first = text("before close");
    request(client, first, "a request before close()");
    closeOrFail(client, "");
    closeOrFail(client, " a second time");
    byte[] payload = text("after close");
    Object outcome = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> outcome(() -> client.request(payload)),
        "after close(), request() did not end within 2 s");
    if (outcome instanceof byte[] got) {
      fail("after close(), request(" + Show.bytes(payload) + ") returned " + Show.bytes(got)
          + " (the server answers everything): close() must close the socket, and a closed socket"
          + " cannot send");
    }
    Object thrown = outcome;
    assertTrue(thrown instanceof IOException, () -> "after close(), request(" + Show.bytes(payload)
        + ") should throw an IOException (the socket is closed), but threw " + thrown);
    server.peer.assertScriptOk();
  }

  // --- helpers -----------------------------------------------------------------------------

  private static void closeOrFail(RetryingClient client, String when) {
    assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
      try {
        client.close();
      } catch (Exception | Error e) {
        throw new AssertionError("close() threw " + e + when + "; calling it twice does nothing harmful", e);
      }
    }, "close() did not return within 1 s" + when);
  }

  /**
   * What the peer received once {@code expected} datagrams are in (or 2 s passed), and a moment
   * more for one too many: after request() gave up, its last tries may still be on their way to
   * the peer's thread on a busy machine.
   */
  private static List<Received> settled(UdpFaultPeer peer, int expected) throws InterruptedException {
    peer.awaitReceived(expected, Duration.ofSeconds(2));
    return peer.awaitReceived(expected + 1, Duration.ofMillis(50));
  }

  /** What {@code call} returned, or what it threw. */
  private static Object outcome(java.util.concurrent.Callable<byte[]> call) {
    try {
      return call.call();
    } catch (Exception | Error e) {
      return e;
    }
  }

  /** A port on 127.0.0.1 where nothing listens: bound a moment ago, then closed. */
  private static InetSocketAddress closedPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(Loopback.address(), 0))) {
      return new InetSocketAddress(Loopback.address(), s.getLocalPort());
    }
  }

  /**
   * Whether 127.0.0.2 can be bound (all of 127/8 is loopback on Linux, but not everywhere): then a
   * datagram can come from the server's own port on another address.
   */
  private static boolean otherAddressUsable() {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByAddress(OTHER_LOOPBACK), 0))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static final byte[] OTHER_LOOPBACK = {127, 0, 0, 2};

  /** Sends from 127.0.0.2:port (the server's port, another address); nothing where that cannot bind. */
  private static void sendFromOtherAddress(byte[] data, int port, InetSocketAddress to) throws IOException {
    DatagramSocket s;
    try {
      s = new DatagramSocket(new InetSocketAddress(InetAddress.getByAddress(OTHER_LOOPBACK), port));
    } catch (SocketException e) {
      return; // no 127.0.0.2 here: the stranger on another port above still checks the address
    }
    try (s) {
      s.send(new DatagramPacket(data, data.length, to));
    }
  }


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
