// ALTERNATIVE: bytes shifted by hand instead of a ByteBuffer, charsets looked up in a Map, text checked with CharsetEncoder.canEncode before getBytes, flags tested with (flags | FLAG_GBK) != FLAG_GBK
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Encodes and strictly decodes one NetLab message: a 10-byte big-endian header, then a text
 * payload in UTF-8 or GBK.
 *
 * <pre>
 *  byte  0    1    2    3    4    5    6    7    8    9    10 ...
 *      +----+----+----+----+----+----+----+----+----+----+-------------+
 *      |  magic  |ver |type|  flags  |      length       |   payload   |
 *      | 4e   4c | 01 |    |         |   (big-endian)    | length bytes|
 *      +----+----+----+----+----+----+----+----+----+----+-------------+
 *        u16       u8   u8    u16           u32
 * </pre>
 *
 * <p>flags bit 0 set: the payload is GBK; clear: UTF-8. The other 15 bits must be 0. length
 * counts payload bytes (not {@code String.length()}).
 */
public final class WireCodec {

  /** "NL": the first two bytes of every message, 0x4e 0x4c. */
  public static final int MAGIC = 0x4E4C;
  /** The only version this codec knows. */
  public static final int VERSION = 1;
  /** Bytes before the payload: magic 2, version 1, type 1, flags 2, length 4. */
  public static final int HEADER_LENGTH = 10;
  /** Flag bit 0: the payload is GBK (clear: UTF-8). */
  public static final int FLAG_GBK = 0x0001;
  /** The GBK charset (code page 936), the other charset a message may use. */
  public static final Charset GBK = Charset.forName("GBK");

  private WireCodec() {}

  /**
   * One message: its type (0-255), the charset of its payload ({@link
   * StandardCharsets#UTF_8} or {@link #GBK}) and its text.
   */
  public record Message(int type, Charset charset, String text) {}

  /** What was wrong with a message that {@link #decode} refused. */
  public enum Problem {
    /** Fewer bytes than the header, or than the length field announces. */
    TRUNCATED,
    /** The first two bytes are not 4e 4c. */
    BAD_MAGIC,
    /** A version other than 1. */
    BAD_VERSION,
    /** A flag bit other than bit 0 is set. */
    BAD_FLAGS,
    /** More bytes than header plus length: garbage after the payload. */
    TRAILING_BYTES,
    /** The payload is not valid text in the charset the flags name. */
    BAD_TEXT
  }

  /** Thrown by {@link #decode} for any message it cannot accept; says which problem and why. */
  public static final class MalformedMessageException extends IOException {
    private static final long serialVersionUID = 1L;
    private final Problem problem;

    public MalformedMessageException(Problem problem, String message) {
      super(message);
      this.problem = problem;
    }

    public MalformedMessageException(Problem problem, String message, Throwable cause) {
      super(message, cause);
      this.problem = problem;
    }

    /** Which kind of problem the message had. */
    public Problem problem() {
      return problem;
    }
  }

  private static final Map<Charset, Integer> FLAGS = Map.of(StandardCharsets.UTF_8, 0, GBK, FLAG_GBK);

  public static byte[] encode(Message message) {
    if (message.type() < 0 || message.type() > 0xff) {
      throw new IllegalArgumentException("message type must be 0-255, got " + message.type());
    }
    Integer flags = message.charset() == null ? null : FLAGS.get(message.charset());
    if (flags == null) throw new IllegalArgumentException("only UTF-8 and GBK are allowed, got " + message.charset());
    String text = message.text();
    if (text == null) throw new IllegalArgumentException("text must not be null");
    // canEncode says no for what getBytes would replace with '?': unmappable or malformed text
    if (!message.charset().newEncoder().canEncode(text)) {
      throw new IllegalArgumentException("the text has characters " + message.charset() + " cannot encode");
    }
    byte[] payload = text.getBytes(message.charset());
    byte[] out = new byte[HEADER_LENGTH + payload.length];
    out[0] = (byte) (MAGIC >>> 8);
    out[1] = (byte) MAGIC;
    out[2] = (byte) VERSION;
    out[3] = (byte) message.type();
    out[4] = (byte) (flags >>> 8);
    out[5] = (byte) (int) flags;
    int n = payload.length;
    for (int i = 0; i < 4; i++) out[6 + i] = (byte) (n >>> (24 - 8 * i));
    System.arraycopy(payload, 0, out, HEADER_LENGTH, n);
    return out;
  }

  public static Message decode(byte[] wire) throws MalformedMessageException {
    if (wire.length < HEADER_LENGTH) {
      throw new MalformedMessageException(Problem.TRUNCATED, "only " + wire.length + " bytes, the header alone is 10");
    }
    int magic = u8(wire, 0) << 8 | u8(wire, 1);
    if (magic != MAGIC) throw new MalformedMessageException(Problem.BAD_MAGIC, "not NL: magic " + Integer.toHexString(magic));
    if (u8(wire, 2) != VERSION) throw new MalformedMessageException(Problem.BAD_VERSION, "version " + u8(wire, 2));
    int flags = u8(wire, 4) << 8 | u8(wire, 5);
    if ((flags | FLAG_GBK) != FLAG_GBK) {
      throw new MalformedMessageException(Problem.BAD_FLAGS, "undefined flags in " + Integer.toBinaryString(flags));
    }
    long length = 0;
    for (int i = 6; i < 10; i++) length = length << 8 | u8(wire, i);
    long present = wire.length - HEADER_LENGTH;
    if (length > present) throw new MalformedMessageException(Problem.TRUNCATED, length + " payload bytes announced, " + present + " present");
    if (length < present) throw new MalformedMessageException(Problem.TRAILING_BYTES, present - length + " extra bytes at the end");
    Charset charset = flags == FLAG_GBK ? GBK : StandardCharsets.UTF_8;
    CharsetDecoder strict = charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      String text = strict.decode(ByteBuffer.wrap(wire, HEADER_LENGTH, (int) length)).toString();
      return new Message(u8(wire, 3), charset, text);
    } catch (CharacterCodingException e) {
      throw new MalformedMessageException(Problem.BAD_TEXT, "the payload is not " + charset, e);
    }
  }

  private static int u8(byte[] b, int i) {
    return b[i] & 0xff;
  }
}
