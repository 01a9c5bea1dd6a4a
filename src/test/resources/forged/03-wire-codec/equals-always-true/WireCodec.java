// FORGED: Message.equals always says true, and decode checks the bytes but returns the same empty message for all
// MUST FAIL: round-trips; decodes hand-built
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

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
  public record Message(int type, Charset charset, String text) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Message;
    }

    @Override
    public int hashCode() {
      return 0;
    }
  }

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

  /**
   * The bytes of one message: the header (magic, version 1, type, flags, payload length, all
   * big-endian) followed by the text encoded in the message's charset.
   *
   * @throws IllegalArgumentException if the type is outside 0-255, the charset is neither
   *     UTF-8 nor GBK, the text is null, or the text cannot be encoded in the charset (an emoji
   *     in GBK, a lone surrogate): never a '?' in its place
   */
  public static byte[] encode(Message message) {
    if (message == null) throw new IllegalArgumentException("no message (null)");
    int type = message.type();
    if (type < 0 || type > 255) {
      throw new IllegalArgumentException("type " + type + " does not fit in a byte (0-255)");
    }
    int flags = flagsFor(message.charset());
    if (message.text() == null) throw new IllegalArgumentException("no text (null)");
    byte[] payload = strictEncode(message.text(), message.charset());
    return ByteBuffer.allocate(HEADER_LENGTH + payload.length) // big-endian by default
        .putShort((short) MAGIC)
        .put((byte) VERSION)
        .put((byte) type)
        .putShort((short) flags)
        .putInt(payload.length) // bytes after encoding, not chars
        .put(payload)
        .array();
  }

  /**
   * Reads one message that fills {@code wire} exactly. Checks, in this order: at least
   * {@link #HEADER_LENGTH} bytes, the magic, the version, the flags, the length against the
   * bytes that follow, and finally that the payload is valid text in the flagged charset.
   *
   * @throws MalformedMessageException at the first problem found, with its {@link Problem}
   */
  public static Message decode(byte[] wire) throws MalformedMessageException {
    if (wire.length < HEADER_LENGTH) {
      throw new MalformedMessageException(Problem.TRUNCATED, "truncated header: " + wire.length
          + " of " + HEADER_LENGTH + " bytes");
    }
    ByteBuffer in = ByteBuffer.wrap(wire);
    int magic = Short.toUnsignedInt(in.getShort());
    if (magic != MAGIC) {
      throw new MalformedMessageException(Problem.BAD_MAGIC, String.format(
          "bad magic 0x%04x, expected 0x%04x (\"NL\"): not a message of this protocol",
          magic, MAGIC));
    }
    int version = Byte.toUnsignedInt(in.get());
    if (version != VERSION) {
      throw new MalformedMessageException(Problem.BAD_VERSION, "unknown version " + version
          + ", only version " + VERSION + " is supported");
    }
    int type = Byte.toUnsignedInt(in.get()); // 200 stays 200, not -56
    int flags = Short.toUnsignedInt(in.getShort());
    if ((flags & ~FLAG_GBK) != 0) {
      throw new MalformedMessageException(Problem.BAD_FLAGS, String.format(
          "unknown flag bits 0x%04x (flags 0x%04x); only bit 0 (GBK) is defined",
          flags & ~FLAG_GBK, flags));
    }
    // u32: read as a long, or lengths from 2^31 up turn negative
    long length = Integer.toUnsignedLong(in.getInt());
    if (length > in.remaining()) {
      throw new MalformedMessageException(Problem.TRUNCATED, "truncated payload: the header"
          + " announces " + length + " bytes, only " + in.remaining() + " follow");
    }
    if (length < in.remaining()) {
      throw new MalformedMessageException(Problem.TRAILING_BYTES, (in.remaining() - length)
          + " bytes of trailing garbage after a payload of " + length + " bytes");
    }
    Charset charset = (flags & FLAG_GBK) != 0 ? GBK : StandardCharsets.UTF_8;
    String text;
    try {
      text = charset.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(in) // exactly the remaining `length` bytes
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedMessageException(Problem.BAD_TEXT, "payload of " + length
          + " bytes is not valid " + charset.name() + " (" + e + ")", e);
    }
    return new Message(0, StandardCharsets.UTF_8, "");
  }

  private static int flagsFor(Charset charset) {
    if (StandardCharsets.UTF_8.equals(charset)) return 0;
    if (GBK.equals(charset)) return FLAG_GBK;
    throw new IllegalArgumentException("charset " + charset + " is not supported: UTF-8 or GBK");
  }

  /** getBytes(charset) would put '?' in place of what it cannot encode; this throws instead. */
  private static byte[] strictEncode(String text, Charset charset) {
    try {
      ByteBuffer bytes = charset.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(text));
      byte[] out = new byte[bytes.remaining()];
      bytes.get(out);
      return out;
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the text cannot be encoded in " + charset.name()
          + " (" + e + ")", e);
    }
  }
}
