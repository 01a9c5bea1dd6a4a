// ALTERNATIVE: ByteBuffer for the header (one write of header and payload together), InputStream.readNBytes instead of a read loop, messages with grouped digits (2,000,000,000)
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/** Length-prefixed framing with the JDK's own helpers: ByteBuffer's big-endian int, readNBytes. */
public final class Framing {

  private Framing() {}

  public static final class FrameTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    public FrameTooLargeException(String message) {
      super(message);
    }
  }

  public static void writeFrame(OutputStream out, byte[] payload) throws IOException {
    // ByteBuffer is big-endian unless told otherwise: network byte order
    ByteBuffer frame = ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload);
    out.write(frame.array(), 0, frame.position());
    out.flush();
  }

  public static byte[] readFrame(InputStream in, int maxLength) throws IOException {
    byte[] header = new byte[4];
    int got = in.readNBytes(header, 0, 4); // blocks until 4 bytes or the end of the stream
    if (got == 0) return null;
    if (got < 4) throw new EOFException("the stream ended after " + got + " of 4 length bytes");
    int length = ByteBuffer.wrap(header).getInt();
    if (length < 0 || length > maxLength) {
      throw new FrameTooLargeException(String.format("frame length %,d exceeds the limit of %,d", length, maxLength));
    }
    byte[] payload = in.readNBytes(length);
    if (payload.length < length) {
      throw new EOFException("the stream ended after " + payload.length + " of " + length + " payload bytes");
    }
    return payload;
  }
}
