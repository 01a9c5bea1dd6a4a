import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import netlab.grade.api.Points;
import netlab.grade.support.ByteDiff;
import netlab.grade.support.OneByteAtATime;
import netlab.grade.support.Show;
import netlab.grade.support.TcpPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hidden tests for exercise 07, framing. Every test runs over a real TCP connection on
 * 127.0.0.1; one end writes, the other reads. Reads time out after a second, so a frame that
 * never completes fails the test with a message instead of hanging it.
 */
class FramingHiddenTest {

  private static final int READ_TIMEOUT_MS = 1000;

  private final List<TcpPair> pairs = new ArrayList<>();
  private final ExecutorService writers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "hidden-test-writer");
    t.setDaemon(true);
    return t;
  });

  @AfterEach
  void cleanUp() {
    writers.shutdownNow();
    for (TcpPair p : pairs) p.close();
  }

  @Test
  @DisplayName("sends two short text frames with writeFrame and reads them back in order")
  @Points(1)
  void twoTextFrames() throws Exception {
    TcpPair pair = connect();
    byte[] a = text("hello");
    byte[] b = text("framing works");
    OutputStream out = pair.client().getOutputStream();
    write(out, a);
    assertStillOpen(pair);
    write(out, b);
    InputStream in = pair.server().getInputStream();
    byte[] gotA = read(in, 1024, "frame 1 of 2, " + Show.bytes(a), null);
    assertArrayEquals(a, gotA, () -> "wrote frames " + Show.bytes(a) + " and " + Show.bytes(b)
        + " with writeFrame; the first readFrame returned " + Show.bytes(gotA));
    byte[] gotB = read(in, 1024, "frame 2 of 2, " + Show.bytes(b), null);
    assertArrayEquals(b, gotB, () -> "wrote frames " + Show.bytes(a) + " and " + Show.bytes(b)
        + " with writeFrame; the second readFrame returned " + Show.bytes(gotB));
  }

  @Test
  @DisplayName("sends and reads an empty payload (length 0) as an empty array, not null")
  @Points(1)
  void emptyPayload() throws Exception {
    TcpPair pair = connect();
    byte[] after = text("after the empty frame");
    OutputStream out = pair.client().getOutputStream();
    write(out, new byte[0]);
    write(out, after);
    InputStream in = pair.server().getInputStream();
    byte[] got = read(in, 1024, "an empty frame", null);
    assertNotNull(got, "wrote an empty frame (length 0) with writeFrame; readFrame returned null,"
        + " but null means the stream ended. An empty frame is new byte[0]");
    assertArrayEquals(new byte[0], got,
        () -> "wrote an empty frame with writeFrame; readFrame returned " + Show.bytes(got));
    byte[] got2 = read(in, 1024, "the frame after an empty one, " + Show.bytes(after), null);
    assertArrayEquals(after, got2, () -> "after an empty frame, wrote " + Show.bytes(after)
        + "; readFrame returned " + Show.bytes(got2));
  }

  @Test
  @DisplayName("writeFrame writes [4-byte big-endian length][payload] and flushes, for lengths up to 16 MiB + 1")
  @Points(1)
  void wireFormat() throws Exception {
    TcpPair pair = connect();
    byte[] payload = new byte[300]; // 300 = 0x0000012c: two non-zero length bytes
    for (int i = 0; i < payload.length; i++) payload[i] = (byte) i; // all 256 byte values
    byte[] expected = concat(new byte[] {0, 0, 1, 44}, payload);
    // a buffered stream: what writeFrame does not flush stays in the buffer
    OutputStream out = new BufferedOutputStream(pair.client().getOutputStream(), 1 << 16);
    write(out, payload);
    byte[] raw = readRaw(pair.server().getInputStream(), expected.length);
    assertStillOpen(pair);
    assertTrue(raw.length > 0, "writeFrame returned, but no byte arrived within 1 s:"
        + " writeFrame must flush the stream it writes to");
    assertArrayEquals(expected, raw, () -> "writeFrame with a 300-byte payload (bytes 0..255, 0..43)"
        + " should put 304 bytes on the wire: [00 00 01 2c] (300, big-endian) and the payload; got "
        + Show.bytes(raw) + ": " + ByteDiff.describe(expected, raw)
        + (raw.length < expected.length ? " (did writeFrame flush?)" : ""));
    out.flush();
    pair.client().shutdownOutput();
    byte[] extra = readRaw(pair.server().getInputStream(), 64);
    assertArrayEquals(new byte[0], extra, () -> "writeFrame wrote " + extra.length
        + " more bytes after the 304 of the frame: " + Show.bytes(extra));

    // 16 MiB + 1 = 0x01000001 puts all four length bytes to use; written into memory, as the
    // README's JShell example does, because only the header is of interest here
    HeaderSink sink = new HeaderSink();
    write(sink, new byte[(1 << 24) + 1]);
    byte[] header = Arrays.copyOf(sink.first, Math.min(4, (int) sink.count));
    assertArrayEquals(new byte[] {1, 0, 0, 1}, header, () -> "writeFrame with a payload of 16777217 bytes"
        + " (0x01000001) should start with the length bytes [01 00 00 01], most significant first; it wrote "
        + Show.bytes(header));
    assertEquals((1 << 24) + 5, sink.count, () -> "writeFrame with a payload of 16777217 bytes should write"
        + " 16777221 bytes (4 + the payload); it wrote " + sink.count);
  }

  /** Keeps the first 4 bytes written to it and counts the rest. */
  private static final class HeaderSink extends OutputStream {
    final byte[] first = new byte[4];
    long count;

    @Override
    public void write(int b) {
      if (count < 4) first[(int) count] = (byte) b;
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      for (int i = 0; i < len && count + i < 4; i++) first[(int) count + i] = b[off + i];
      count += len;
    }
  }

  @Test
  @DisplayName("reads frames that arrive together in one write() one by one (sticky packets)")
  @Points(1)
  void stickyFrames() throws Exception {
    TcpPair pair = connect();
    byte[] everyValue = new byte[256];
    for (int i = 0; i < 256; i++) everyValue[i] = (byte) i;
    byte[][] frames = {text("first"), new byte[0], everyValue, text("the last frame")};
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    for (byte[] f : frames) wire.write(frame(f.length, f));
    OutputStream out = pair.client().getOutputStream();
    out.write(wire.toByteArray()); // all four frames in one write, one TCP segment
    out.flush();
    pair.client().shutdownOutput();

    InputStream in = pair.server().getInputStream();
    for (int i = 0; i < frames.length; i++) {
      byte[] want = frames[i];
      String what = "frame " + (i + 1) + " of 4 sent in one write(), " + Show.bytes(want);
      byte[] got = read(in, 1024, what, null);
      assertArrayEquals(want, got, () -> what + ": readFrame returned " + Show.bytes(got)
          + (got == null ? "" : ": " + ByteDiff.describe(want, got)));
    }
    byte[] end = read(in, 1024, "the end of the stream after 4 frames", null);
    assertNull(end, () -> "after the 4 frames the writer closed the connection; readFrame should"
        + " return null, but returned " + Show.bytes(end));
  }

  @Test
  @DisplayName("reads frames that arrive one byte at a time (partial reads)")
  @Points(1)
  void oneByteAtATime() throws Exception {
    TcpPair pair = connect();
    byte[] a = text("written one byte at a time, with a flush after each byte");
    byte[] b = text("and a second frame the same way");
    byte[] wire = concat(frame(a.length, a), frame(b.length, b));
    // a slow writer: each byte leaves in its own TCP segment (TCP_NODELAY is on) ...
    OutputStream slow = OneByteAtATime.output(pair.client().getOutputStream());
    Future<?> writer = inBackground(pair.client(), () -> slow.write(wire));
    // ... and every read returns at most one byte, as a stream is allowed to do
    InputStream in = OneByteAtATime.input(pair.server().getInputStream());
    byte[] gotA = read(in, 1024, "a frame of " + a.length + " bytes arriving byte by byte", writer);
    assertArrayEquals(a, gotA, () -> "sent " + Show.bytes(a) + " as a frame, one byte per read;"
        + " readFrame returned " + Show.bytes(gotA) + ": " + ByteDiff.describe(a, gotA)
        + " (one read() may return fewer bytes than asked for: read until you have them all)");
    byte[] gotB = read(in, 1024, "a second frame arriving byte by byte", writer);
    assertArrayEquals(b, gotB, () -> "sent " + Show.bytes(b) + " as the second frame, one byte per"
        + " read; readFrame returned " + Show.bytes(gotB));
    finished(writer);
  }

  @Test
  @DisplayName("sends and reads a 1 MiB binary frame intact")
  @Points(1)
  void oneMebibyte() throws Exception {
    TcpPair pair = connect();
    byte[] big = new byte[1 << 20];
    new Random(7).nextBytes(big);
    OutputStream out = pair.client().getOutputStream();
    // in the background: 1 MiB is more than the socket buffers hold, so the writer blocks
    // until the reader takes bytes out
    Future<?> writer = inBackground(pair.client(), () -> Framing.writeFrame(out, big));
    byte[] got = read(pair.server().getInputStream(), 2 << 20, "a 1 MiB frame", writer);
    assertArrayEquals(big, got, () -> "wrote a frame of 1048576 random bytes with writeFrame;"
        + " readFrame (limit 2 MiB) returned " + Show.bytes(got) + ": " + ByteDiff.describe(big, got));
    finished(writer);
  }

  @Test
  @DisplayName("returns null when the stream ends cleanly between frames")
  @Points(1)
  void cleanEndOfStream() throws Exception {
    TcpPair pair = connect();
    byte[] only = text("the only frame");
    OutputStream out = pair.client().getOutputStream();
    out.write(frame(only.length, only));
    pair.client().shutdownOutput();
    InputStream in = pair.server().getInputStream();
    byte[] got = read(in, 1024, "the only frame, " + Show.bytes(only), null);
    assertArrayEquals(only, got, () -> "sent one frame " + Show.bytes(only)
        + " and closed; the first readFrame returned " + Show.bytes(got));
    byte[] end = read(in, 1024, "the end of the stream after one frame", null);
    assertNull(end, () -> "sent one frame and closed the connection; the second readFrame should"
        + " return null (clean end of stream), but returned " + Show.bytes(end));

    TcpPair silent = connect();
    silent.client().shutdownOutput();
    byte[] none = read(silent.server().getInputStream(), 1024, "a stream with no bytes at all", null);
    assertNull(none, () -> "closed the connection without sending anything; readFrame should"
        + " return null, but returned " + Show.bytes(none));
  }

  @Test
  @DisplayName("throws EOFException when the stream ends inside a frame's length (after 1 to 3 bytes) or payload")
  @Points(1)
  void endInsideAFrame() throws Exception {
    expectEof(new byte[] {0}, "1 of the 4 length bytes");
    expectEof(new byte[] {0, 0}, "2 of the 4 length bytes");
    expectEof(new byte[] {0, 0, 0}, "3 of the 4 length bytes");
    expectEof(new byte[] {0, 0, 0, 10, 'a', 'b', 'c'}, "a length of 10 and only 3 payload bytes");
    expectEof(new byte[] {0, 0, 0, 1}, "a length of 1 and no payload byte");
  }

  @Test
  @DisplayName("accepts a length equal to the limit, rejects one past it and 2000000000 > 1024 at once, naming both numbers")
  @Points(1)
  void tooLarge() throws Exception {
    TcpPair pair = connect();
    OutputStream out = pair.client().getOutputStream();
    InputStream in = pair.server().getInputStream();
    byte[] exact = text("sixteen bytes!!!");
    out.write(frame(16, exact));
    byte[] got = read(in, 16, "a 16-byte frame with the limit 16", null);
    assertArrayEquals(exact, got, () -> "sent a frame of exactly 16 bytes and called readFrame(in, 16);"
        + " a frame as long as the limit is allowed, but readFrame returned " + Show.bytes(got));
    out.write(frame(0, new byte[0]));
    byte[] empty = read(in, 0, "an empty frame with the limit 0", null);
    assertArrayEquals(new byte[0], empty, () -> "sent an empty frame (00 00 00 00) and called readFrame(in, 0);"
        + " a length equal to the limit is allowed, but readFrame returned " + Show.bytes(empty));

    // one past the limit, with no payload behind it: the length alone must decide
    out.write(new byte[] {0, 0, 0, 17});
    out.flush();
    Framing.FrameTooLargeException past = expectTooLarge(in, 16,
        "a frame header announcing 17 bytes (00 00 00 11), one past the limit, with no payload");
    String pastMsg = String.valueOf(past.getMessage());
    assertTrue(pastMsg.contains("17") && pastMsg.contains("16"), () -> "FrameTooLargeException for length 17"
        + " with limit 16 should name both numbers; its message was: " + pastMsg);

    // announce 2 GB and send nothing more: the connection stays open, so a reader that
    // tries to read (or allocate) the payload first is caught by the read timeout
    pair = connect();
    out = pair.client().getOutputStream();
    in = pair.server().getInputStream();
    out.write(new byte[] {0x77, 0x35, (byte) 0x94, 0x00});
    out.flush();
    Framing.FrameTooLargeException e = expectTooLarge(in, 1024,
        "a frame header announcing 2000000000 bytes (77 35 94 00), with no payload");
    String msg = String.valueOf(e.getMessage());
    String digits = msg.replaceAll("(?<=\\d)[,_.' ](?=\\d)", ""); // 2,000,000,000 is fine too
    assertTrue(digits.contains("2000000000") && digits.contains("1024"),
        () -> "FrameTooLargeException for length 2000000000 with limit 1024 should name both"
            + " numbers; its message was: " + msg);
  }

  @Test
  @DisplayName("rejects a negative length (ff ff ff ff, 80 00 00 00) with FrameTooLargeException naming both numbers")
  @Points(1)
  void negativeLength() throws Exception {
    String[][] headers = {{"ff ff ff ff", "-1", "4294967295"}, {"80 00 00 00", "-2147483648", "2147483648"}};
    for (String[] h : headers) {
      TcpPair pair = connect();
      OutputStream out = pair.client().getOutputStream();
      out.write(HexFormat.ofDelimiter(" ").parseHex(h[0]));
      out.flush();
      Framing.FrameTooLargeException e = expectTooLarge(pair.server().getInputStream(), 1024,
          "a frame header " + h[0] + " (length " + h[1] + " as a signed int), with no payload");
      String msg = String.valueOf(e.getMessage());
      String digits = msg.replaceAll("(?<=\\d)[,_.' ](?=\\d)", "");
      assertTrue((digits.contains(h[1]) || digits.contains(h[2])) && digits.contains("1024"), () -> "the"
          + " FrameTooLargeException for the header " + h[0] + " (length " + h[1] + ") with limit 1024 should name"
          + " both numbers; its message was: " + msg);
    }
  }

  // --- helpers -----------------------------------------------------------------------------

  private interface IoAction {
    void run() throws IOException;
  }

  private TcpPair connect() throws IOException {
    TcpPair p = TcpPair.open(READ_TIMEOUT_MS);
    pairs.add(p);
    return p;
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A frame built by hand, independent of the student's writeFrame. */
  private static byte[] frame(int length, byte[] payload) {
    byte[] header = {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8),
        (byte) length};
    return concat(header, payload);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  private static void write(OutputStream out, byte[] payload) {
    try {
      Framing.writeFrame(out, payload);
    } catch (Throwable t) {
      throw new AssertionError("writeFrame with payload " + Show.bytes(payload) + " threw " + t, t);
    }
  }

  private static void assertStillOpen(TcpPair pair) {
    assertTrue(!pair.client().isClosed(), "writeFrame closed the stream it wrote to (and so the"
        + " socket); it must leave it open for the next frame");
  }

  /** Runs a writer on its own thread; if it fails, its end is closed so the reader sees EOF. */
  private Future<?> inBackground(Socket end, IoAction action) {
    return writers.submit(() -> {
      try {
        action.run();
      } catch (Throwable t) {
        end.close();
        throw t;
      }
      return null;
    });
  }

  /** Fails with the writer's own exception, if it threw one. */
  private static void finished(Future<?> writer) throws InterruptedException {
    try {
      writer.get(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("writing the frame threw " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      fail("the writer was still busy 1 s after the reader had the whole frame");
    }
  }

  /**
   * Calls the student's readFrame and turns whatever goes wrong into a message that says what
   * was being read. A failed writer is reported first: it is usually the cause.
   */
  private static byte[] read(InputStream in, int max, String what, Future<?> writer)
      throws InterruptedException {
    try {
      return Framing.readFrame(in, max);
    } catch (Throwable t) {
      if (writer != null) {
        try {
          writer.get(500, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          throw new AssertionError("writing " + what + " threw " + e.getCause(), e.getCause());
        } catch (TimeoutException stillWriting) {
          // the writer is fine; the problem is on the reading side
        }
      }
      if (t instanceof SocketTimeoutException) {
        throw new AssertionError("readFrame(in, " + max + ") was still waiting after 1 s while"
            + " reading " + what + ", although every byte of it had been sent", t);
      }
      throw new AssertionError("readFrame(in, " + max + ") threw " + t + " while reading " + what, t);
    }
  }

  /** Up to {@code n} raw bytes: whatever arrives before the read timeout or the end of stream. */
  private static byte[] readRaw(InputStream in, int n) throws IOException {
    byte[] buf = new byte[n];
    int filled = 0;
    try {
      while (filled < n) {
        int got = in.read(buf, filled, n - filled);
        if (got < 0) break;
        filled += got;
      }
    } catch (SocketTimeoutException e) {
      // nothing more came within the timeout: return what did
    }
    return Arrays.copyOf(buf, filled);
  }

  private void expectEof(byte[] sent, String description) throws Exception {
    TcpPair pair = connect();
    pair.client().getOutputStream().write(sent);
    pair.client().shutdownOutput();
    String what = "sent " + description + " (" + Show.bytes(sent) + "), then closed the connection";
    byte[] got;
    try {
      got = Framing.readFrame(pair.server().getInputStream(), 1024);
    } catch (EOFException expected) {
      return;
    } catch (SocketTimeoutException e) {
      throw new AssertionError(what + "; readFrame should throw EOFException, but was still"
          + " waiting after 1 s (read() returns -1 at the end of the stream)", e);
    } catch (Throwable t) {
      throw new AssertionError(what + "; readFrame should throw EOFException, but threw " + t, t);
    }
    fail(what + "; readFrame should throw EOFException, but returned " + Show.bytes(got)
        + (got == null ? " (null means a clean end between frames, not inside one)" : ""));
  }

  private static Framing.FrameTooLargeException expectTooLarge(InputStream in, int max, String sent) {
    String what = "sent " + sent + " and called readFrame(in, " + max + ")";
    byte[] got;
    long allocatedBefore = allocatedByThisThread();
    try {
      got = Framing.readFrame(in, max);
    } catch (Framing.FrameTooLargeException expected) {
      long allocated = allocatedByThisThread() - allocatedBefore;
      if (allocatedBefore >= 0 && allocated > 16 << 20) {
        fail(what + "; it threw FrameTooLargeException, but only after allocating about "
            + (allocated >> 20) + " MiB: check the length before you allocate the payload buffer");
      }
      return expected;
    } catch (SocketTimeoutException e) {
      throw new AssertionError(what + "; it should throw FrameTooLargeException at once, but it"
          + " was still waiting for the payload after 1 s: check the length before reading on", e);
    } catch (OutOfMemoryError e) {
      throw new AssertionError(what + "; it ran out of memory: check the length before you"
          + " allocate a buffer for the payload", e);
    } catch (Throwable t) {
      throw new AssertionError(what + "; it should throw FrameTooLargeException, but threw " + t, t);
    }
    fail(what + "; it should throw FrameTooLargeException, but returned " + Show.bytes(got));
    return null;
  }

  /** Bytes allocated by the current thread so far, or -1 where the JVM cannot tell. */
  private static long allocatedByThisThread() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
        && bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled()) {
      return bean.getCurrentThreadAllocatedBytes();
    }
    return -1;
  }
}
