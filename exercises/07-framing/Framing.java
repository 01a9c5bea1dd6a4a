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
    // TODO: write the 4 length bytes (most significant first), then the payload, then flush
    throw new UnsupportedOperationException("TODO: Framing.writeFrame");
  }

  /**
   * Reads one frame. Returns null when the stream ends cleanly before the first byte of a frame.
   * Throws {@link EOFException} when the stream ends inside a frame (in the length or the
   * payload), and {@link FrameTooLargeException} (before allocating anything) when the announced
   * length is negative or greater than {@code maxLength}; its message names both numbers.
   */
  public static byte[] readFrame(InputStream in, int maxLength) throws IOException {
    // TODO: read the length (4 bytes), check it, then read exactly that many payload bytes.
    //       One in.read(buf) may return fewer bytes than you asked for.
    throw new UnsupportedOperationException("TODO: Framing.readFrame");
  }
}
