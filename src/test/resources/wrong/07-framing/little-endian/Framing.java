// WRONG: little-endian length prefix, not network byte order
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Length-prefixed framing: cuts a byte stream (such as a TCP connection) into messages.
 *
 * <p>On the wire each frame is a 4-byte big-endian length followed by exactly that many payload
 * bytes: {@code [len >>> 24][len >>> 16][len >>> 8][len][payload ...]}. TCP keeps no message
 * boundaries: one {@code write} may arrive in many pieces, and many writes may arrive in one.
 * The length prefix puts the boundaries back.
 */
public final class Framing {

  private Framing() {}

  /** Thrown when a frame's announced length is negative or over the limit. */
  public static final class FrameTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    public FrameTooLargeException(String message) {
      super(message);
    }
  }

  /** Writes a 4-byte big-endian length, then the payload; flushes. */
  public static void writeFrame(OutputStream out, byte[] payload) throws IOException {
    int n = payload.length;
    // the header as one array: DataOutputStream.writeInt on an unbuffered socket stream
    // would be four writes, four system calls
    byte[] header = {(byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) (n >>> 24)};
    out.write(header);
    out.write(payload);
    // the caller may have handed us a buffered stream: the frame must leave now, or a peer
    // waiting for it waits forever
    out.flush();
  }

  /**
   * Reads one frame. Returns null when the stream ends cleanly before the first byte of a frame.
   * Throws {@link EOFException} when the stream ends inside a frame (in the length or the
   * payload), and {@link FrameTooLargeException} (before allocating anything) when the announced
   * length is negative or greater than {@code maxLength}; its message names both numbers.
   */
  public static byte[] readFrame(InputStream in, int maxLength) throws IOException {
    // The first byte alone tells a clean end (no frame at all) from a frame cut short.
    int first = in.read();
    if (first == -1) {
      return null;
    }
    byte[] rest = readExactly(in, 3, "length");
    int length = first | (rest[0] & 0xFF) << 8 | (rest[1] & 0xFF) << 16 | (rest[2] & 0xFF) << 24;
    // Check before allocating: the length comes from the peer, and trusting it would let any
    // client make us allocate 2 GB (or fail on a negative size).
    if (length < 0) {
      throw new FrameTooLargeException(
          "announced frame length " + length + " is negative (limit " + maxLength + " bytes)");
    }
    if (length > maxLength) {
      throw new FrameTooLargeException(
          "announced frame length " + length + " is over the limit of " + maxLength + " bytes");
    }
    return readExactly(in, length, "payload");
  }

  /**
   * Reads exactly {@code n} bytes. One {@code read} returns whatever has arrived so far, which
   * may be a single byte, so it has to be called until the buffer is full.
   */
  private static byte[] readExactly(InputStream in, int n, String part) throws IOException {
    byte[] buf = new byte[n];
    int filled = 0;
    while (filled < n) {
      int got = in.read(buf, filled, n - filled);
      if (got < 0) {
        throw new EOFException(
            "stream ended inside a frame, after " + filled + " of the " + n + " bytes of its " + part);
      }
      filled += got;
    }
    return buf;
  }
}
