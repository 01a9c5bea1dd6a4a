import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import netlab.grade.api.Points;
import netlab.grade.support.ByteDiff;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hidden tests for exercise 03, wire-codec. Pure byte work: expected encodings are spelled out
 * in hex or built by hand here, independent of the student's encoder.
 */
class WireCodecHiddenTest {

  private static final Charset UTF8 = StandardCharsets.UTF_8;
  private static final Charset GBK = Charset.forName("GBK");
  private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

  @Test
  @DisplayName("encodes ASCII text byte for byte: 4e 4c 01 type 00 00 length payload")
  @Points(1)
  void encodesAsciiExactly() {
    encodesTo(new WireCodec.Message(1, UTF8, "hi"), "4e 4c 01 01 00 00 00 00 00 02 68 69");
    encodesTo(new WireCodec.Message(2, UTF8, ""), "4e 4c 01 02 00 00 00 00 00 00");
    encodesTo(new WireCodec.Message(255, UTF8, "ok"), "4e 4c 01 ff 00 00 00 00 00 02 6f 6b");
    encodesTo(new WireCodec.Message(0, GBK, "GBK"), "4e 4c 01 00 00 01 00 00 00 03 47 42 4b");
  }

  @Test
  @DisplayName("encodes Chinese text byte for byte in UTF-8 and GBK, length in bytes")
  @Points(1)
  void encodesChineseExactly() {
    encodesTo(new WireCodec.Message(1, UTF8, "你好"),
        "4e 4c 01 01 00 00 00 00 00 06 e4 bd a0 e5 a5 bd");
    encodesTo(new WireCodec.Message(1, GBK, "你好"),
        "4e 4c 01 01 00 01 00 00 00 04 c4 e3 ba c3");
    encodesTo(new WireCodec.Message(7, UTF8, "中 ok"),
        "4e 4c 01 07 00 00 00 00 00 06 e4 b8 ad 20 6f 6b");
    encodesTo(new WireCodec.Message(7, GBK, "中 ok"),
        "4e 4c 01 07 00 01 00 00 00 05 d6 d0 20 6f 6b");
  }

  @Test
  @DisplayName("writes a length over 65535 as 4 big-endian bytes (00 01 5f 90)")
  @Points(1)
  void largePayloadLength() {
    String text = "中".repeat(30_000); // 90000 UTF-8 bytes, 60000 GBK bytes
    byte[] utf8 = encode(new WireCodec.Message(3, UTF8, text));
    assertEquals(10 + 90_000, utf8.length, () -> "encode(Message(3, UTF-8, \"中\" x 30000))"
        + " should be 10 header bytes + 90000 payload bytes (3 per 中), got " + utf8.length);
    assertEquals("00 01 5f 90", HEX.formatHex(utf8, 6, 10), () -> "encode(Message(3, UTF-8,"
        + " \"中\" x 30000)): bytes 6-9 are the payload length 90000, big-endian");
    byte[] gbk = encode(new WireCodec.Message(3, GBK, text));
    assertEquals("00 00 ea 60", HEX.formatHex(gbk, 6, 10), () -> "encode(Message(3, GBK,"
        + " \"中\" x 30000)): bytes 6-9 are the payload length 60000, big-endian");
    WireCodec.Message back = decode(utf8, "the 90010-byte UTF-8 message");
    assertEquals(text, back.text(), "decoding the 90010-byte UTF-8 message gave other text");
  }

  @Test
  @DisplayName("round-trips Chinese and empty text in both charsets, types 0-255")
  @Points(1)
  void roundTrips() {
    String[] both = {
        "", "a", "你好", "中文 ok", "网络编程, UDP 与 TCP", "第一行\n第二行\r\n\t制表",
        "0123456789!@#$%^&*()", "€ 符号", "汉".repeat(5000),
    };
    String[] utf8Only = {"emoji 😀 and 🎉", "é ü ß ñ", "日本語 한국어 ελληνικά"};
    int[] types = {0, 1, 127, 128, 200, 255};
    List<Case> cases = new ArrayList<>();
    for (String text : both) {
      for (Charset cs : new Charset[] {UTF8, GBK}) cases.add(new Case(types[cases.size() % types.length], cs, text));
    }
    for (String text : utf8Only) cases.add(new Case(types[cases.size() % types.length], UTF8, text));
    // every message encoded before any is decoded, and decoded last first: a decode that handed
    // back the last Message made (the test's own, through the student's constructor) fails
    List<byte[]> wires = new ArrayList<>();
    for (Case c : cases) wires.add(encode(new WireCodec.Message(c.type, c.cs, c.text)));
    for (int k = cases.size() - 1; k >= 0; k--) {
      Case c = cases.get(k);
      String call = "decode(encode(" + show(c.type, c.cs, c.text) + "))";
      // a copy: a decode that looked the array up by identity would not be decoding
      byte[] wire = wires.get(k) == null ? null : wires.get(k).clone();
      decodedAs(c.type, c.cs, c.text, decode(wire, "the bytes encode(" + show(c.type, c.cs, c.text) + ") returned"), call);
    }
  }

  /** A message as the test holds it: plain values, never the student's record. */
  private record Case(int type, Charset cs, String text) {}

  @Test
  @DisplayName("decodes hand-built messages: GBK flag, type 200 read unsigned")
  @Points(1)
  void decodesHandBuilt() {
    expectDecoded("4e 4c 01 c8 00 01 00 00 00 04 c4 e3 ba c3", 200, GBK, "你好");
    expectDecoded("4e 4c 01 c8 00 00 00 00 00 06 e4 bd a0 e5 a5 bd", 200, UTF8, "你好");
    expectDecoded("4e 4c 01 ff 00 00 00 00 00 00", 255, UTF8, "");
    expectDecoded("4e 4c 01 80 00 01 00 00 00 02 68 69", 128, GBK, "hi");
    expectDecoded("4e 4c 01 00 00 01 00 00 00 08 cd f8 c2 e7 b1 e0 b3 cc", 0, GBK, "网络编程");
  }

  @Test
  @DisplayName("rejects every truncated message (each prefix) as TRUNCATED")
  @Points(1)
  void truncated() {
    byte[] whole = hex("4e 4c 01 01 00 00 00 00 00 06 e4 bd a0 e5 a5 bd");
    for (int n = 0; n < whole.length; n++) {
      byte[] cut = Arrays.copyOf(whole, n);
      rejected(cut, WireCodec.Problem.TRUNCATED, "the first " + n + " of the 16 bytes of a"
          + " message (" + (n < 10 ? "the header is cut" : "the payload is cut") + ")");
    }
  }

  @Test
  @DisplayName("rejects a wrong magic, an unknown version and unknown flag bits")
  @Points(1)
  void badHeaderFields() {
    rejected("GET / HTTP/1.1\r\n\r\n".getBytes(UTF8), WireCodec.Problem.BAD_MAGIC,
        "an HTTP request (\"GET / HTTP/1.1\")");
    rejected(hex("4c 4e 01 01 00 00 00 00 00 02 68 69"), WireCodec.Problem.BAD_MAGIC,
        "magic 4c 4e (the bytes swapped)");
    rejected(hex("00 00 01 01 00 00 00 00 00 02 68 69"), WireCodec.Problem.BAD_MAGIC, "magic 00 00");
    rejected(hex("4e 4c 00 01 00 00 00 00 00 02 68 69"), WireCodec.Problem.BAD_VERSION, "version 0");
    rejected(hex("4e 4c 02 01 00 00 00 00 00 02 68 69"), WireCodec.Problem.BAD_VERSION, "version 2");
    rejected(hex("4e 4c ff 01 00 00 00 00 00 02 68 69"), WireCodec.Problem.BAD_VERSION,
        "version 255");
    rejected(hex("4e 4c 01 01 00 02 00 00 00 02 68 69"), WireCodec.Problem.BAD_FLAGS,
        "flags 00 02 (bit 1, undefined)");
    rejected(hex("4e 4c 01 01 80 00 00 00 00 02 68 69"), WireCodec.Problem.BAD_FLAGS,
        "flags 80 00 (bit 15, undefined)");
    rejected(hex("4e 4c 01 01 01 01 00 00 00 02 68 69"), WireCodec.Problem.BAD_FLAGS,
        "flags 01 01 (GBK and bit 8)");
  }

  @Test
  @DisplayName("rejects a length that disagrees with the data, and trailing garbage")
  @Points(1)
  void lengthMismatch() {
    String hi = "4e 4c 01 01 00 00 00 00 00 02 68 69";
    rejected(hex("4e 4c 01 01 00 00 00 00 00 03 68 69"), WireCodec.Problem.TRUNCATED,
        "length 3 with 2 payload bytes");
    rejected(hex("4e 4c 01 01 00 00 ff ff ff ff 68 69 6a"), WireCodec.Problem.TRUNCATED,
        "length ff ff ff ff (4294967295 as a u32, not -1) with 3 payload bytes");
    rejected(hex("4e 4c 01 01 00 00 80 00 00 00 68 69"), WireCodec.Problem.TRUNCATED,
        "length 80 00 00 00 (2147483648 as a u32) with 2 payload bytes");
    rejected(hex("4e 4c 01 01 00 00 00 00 00 01 68 69"), WireCodec.Problem.TRAILING_BYTES,
        "length 1 with 2 payload bytes");
    rejected(hex("4e 4c 01 01 00 00 00 00 00 00 68 69"), WireCodec.Problem.TRAILING_BYTES,
        "length 0 with 2 payload bytes");
    rejected(hex(hi + " 00"), WireCodec.Problem.TRAILING_BYTES, "a whole message and one 00 byte");
    rejected(hex(hi + " de ad be ef"), WireCodec.Problem.TRAILING_BYTES,
        "a whole message and 4 garbage bytes");
    rejected(hex(hi + " " + hi), WireCodec.Problem.TRAILING_BYTES, "two messages back to back");
  }

  @Test
  @DisplayName("rejects payloads that are not valid text in their charset")
  @Points(1)
  void malformedText() {
    // valid GBK ("你好" = c4 e3 ba c3) sent with the UTF-8 flag
    badText("4e 4c 01 01 00 00 00 00 00 04 c4 e3 ba c3", "你好 encoded in GBK, flags say UTF-8");
    badText("4e 4c 01 01 00 00 00 00 00 03 41 ff 42", "UTF-8 flag, payload 41 ff 42 (ff never"
        + " occurs in UTF-8)");
    badText("4e 4c 01 01 00 00 00 00 00 02 e4 bd", "UTF-8 flag, payload e4 bd (你 cut after"
        + " 2 of its 3 bytes)");
    badText("4e 4c 01 01 00 00 00 00 00 02 c0 af", "UTF-8 flag, payload c0 af (an overlong '/')");
    badText("4e 4c 01 01 00 00 00 00 00 03 ed a0 80", "UTF-8 flag, payload ed a0 80 (a UTF-16"
        + " surrogate)");
    badText("4e 4c 01 01 00 00 00 00 00 03 bd a0 41", "UTF-8 flag, payload bd a0 41 (a"
        + " continuation byte first)");
    badText("4e 4c 01 01 00 01 00 00 00 03 c4 e3 ba", "GBK flag, payload c4 e3 ba (好 cut in half)");
    badText("4e 4c 01 01 00 01 00 00 00 02 41 ff", "GBK flag, payload 41 ff");
    badText("4e 4c 01 01 00 01 00 00 00 02 81 7f", "GBK flag, payload 81 7f (a lead byte with"
        + " an invalid trail)");
  }

  @Test
  @DisplayName("encode refuses an emoji in GBK, a type over 255, other charsets")
  @Points(1)
  void encodeRefuses() {
    refused(new WireCodec.Message(1, GBK, "hi 😀"), "an emoji in GBK (GBK has no code for it)");
    refused(new WireCodec.Message(1, UTF8, "a\uD800b"), "a lone surrogate \\uD800 in UTF-8");
    refused(new WireCodec.Message(256, UTF8, "x"), "type 256 (a type is one byte, 0-255)");
    refused(new WireCodec.Message(-1, UTF8, "x"), "type -1");
    refused(new WireCodec.Message(1, StandardCharsets.ISO_8859_1, "x"), "charset ISO-8859-1");
    refused(new WireCodec.Message(1, StandardCharsets.UTF_16BE, "x"), "charset UTF-16BE");
    refused(new WireCodec.Message(1, null, "x"), "charset null");
    refused(new WireCodec.Message(1, UTF8, null), "text null");
  }

  @Test
  @DisplayName("checks in the README's order: with several problems, the first one is reported")
  @Points(1)
  void firstProblemWins() {
    // each message has two problems; the README's table (checks 1-7) says which one counts
    rejected(hex("00 00 02 01 00 02 00 00 00"), WireCodec.Problem.TRUNCATED,
        "9 bytes with magic 00 00, version 2 and flags 00 02 (check 1, at least 10 bytes, comes first)");
    rejected(hex("4c 4e 02 01 00 00 00 00 00 02 68 69"), WireCodec.Problem.BAD_MAGIC,
        "magic 4c 4e and version 2 (magic is check 2, version check 3)");
    rejected(hex("00 00 01 01 00 00 00 00 00 09 68 69"), WireCodec.Problem.BAD_MAGIC,
        "magic 00 00 and length 9 with 2 payload bytes (magic is check 2, length check 5)");
    rejected(hex("4e 4c 02 01 00 02 00 00 00 02 68 69"), WireCodec.Problem.BAD_VERSION,
        "version 2 and flags 00 02 (version is check 3, flags check 4)");
    rejected(hex("4e 4c 00 01 00 00 00 00 00 00 68 69"), WireCodec.Problem.BAD_VERSION,
        "version 0 and length 0 with 2 payload bytes (version is check 3, length check 6)");
    rejected(hex("4e 4c 01 01 00 02 00 00 00 09 68 69"), WireCodec.Problem.BAD_FLAGS,
        "flags 00 02 and length 9 with 2 payload bytes (flags are check 4, length check 5)");
    rejected(hex("4e 4c 01 01 80 01 00 00 00 01 68 69"), WireCodec.Problem.BAD_FLAGS,
        "flags 80 01 and length 1 with 2 payload bytes (flags are check 4, length check 6)");
    rejected(hex("4e 4c 01 01 00 00 00 00 00 05 ff fe"), WireCodec.Problem.TRUNCATED,
        "length 5 with 2 payload bytes, and those (ff fe) are not UTF-8 (length is check 5, text check 7)");
    rejected(hex("4e 4c 01 01 00 01 00 00 00 01 ff ff"), WireCodec.Problem.TRAILING_BYTES,
        "GBK flag, length 1 with 2 payload bytes, and ff ff is not GBK (length is check 6, text check 7)");
  }

  // --- helpers -----------------------------------------------------------------------------

  /** Like assertTrue, without JUnit's "expected: <true> but was: <false>" after the message. */
  private static void require(boolean ok, java.util.function.Supplier<String> message) {
    if (!ok) fail(message.get());
  }

  private static byte[] hex(String spaced) {
    return HEX.parseHex(spaced);
  }

  private static String show(byte[] b) {
    if (b == null) return "null";
    if (b.length <= 40) return b.length + " bytes [" + HEX.formatHex(b) + "]";
    return b.length + " bytes [" + HEX.formatHex(b, 0, 40) + " …]";
  }

  private static String show(WireCodec.Message m) {
    return show(m.type(), m.charset(), m.text());
  }

  private static String show(int type, Charset cs, String t) {
    String text = t == null ? "null" : t.length() > 40
        ? "\"" + t.substring(0, 40) + "…\" (" + t.length() + " chars)"
        : "\"" + t.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "\"";
    return "Message(" + type + ", " + cs + ", " + text + ")";
  }

  private static byte[] encode(WireCodec.Message m) {
    try {
      return WireCodec.encode(m);
    } catch (RuntimeException e) {
      throw new AssertionError("encode(" + show(m) + ") threw " + e, e);
    }
  }

  private static void encodesTo(WireCodec.Message m, String expectedHex) {
    byte[] want = hex(expectedHex);
    byte[] got = encode(m);
    assertArrayEquals(want, got, () -> "encode(" + show(m) + ")\n  expected " + show(want)
        + "\n  got      " + show(got) + "\n  " + ByteDiff.describe(want, got));
  }

  private static WireCodec.Message decode(byte[] wire, String what) {
    try {
      return WireCodec.decode(wire);
    } catch (WireCodec.MalformedMessageException e) {
      throw new AssertionError("decode(" + what + ", " + show(wire) + ") rejected a valid message: "
          + e.problem() + " " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new AssertionError("decode(" + what + ", " + show(wire) + ") threw " + e, e);
    }
  }

  private static void expectDecoded(String wireHex, int type, Charset cs, String text) {
    byte[] wire = hex(wireHex);
    decodedAs(type, cs, text, decode(wire, "a hand-built message"), "decode(" + show(wire) + ")");
  }

  /**
   * What decode returned, compared with values the test holds itself: never with a Message the
   * test built (the student's constructor sees its values, the student's accessors answer for
   * it) nor through the record's equals (the student's to override: one that always says true
   * would pass every comparison).
   */
  private static void decodedAs(int type, Charset cs, String text, WireCodec.Message got, String call) {
    if (got == null) fail(call + " returned null; expected " + show(type, cs, text));
    // Charset.equals compares name(), which is final: the student's object cannot answer for it
    if (got.type() != type || !cs.equals(got.charset()) || !text.equals(got.text())) {
      fail(call + " returned " + show(got) + ", expected " + show(type, cs, text));
    }
  }

  private static void badText(String wireHex, String what) {
    rejected(hex(wireHex), WireCodec.Problem.BAD_TEXT, what);
  }

  /** decode must throw MalformedMessageException with the given problem and a message. */
  private static void rejected(byte[] wire, WireCodec.Problem want, String what) {
    String call = "decode(" + show(wire) + "), " + what;
    WireCodec.Message got;
    try {
      got = WireCodec.decode(wire);
    } catch (WireCodec.MalformedMessageException e) {
      assertEquals(want, e.problem(), () -> call + ": expected problem " + want + ", got "
          + e.problem() + " (" + e.getMessage() + ")");
      String msg = e.getMessage();
      require(msg != null && !msg.isBlank(), () -> call + ": the " + want
          + " exception has no message; say what is wrong");
      return;
    } catch (RuntimeException e) {
      throw new AssertionError(call + ": expected MalformedMessageException(" + want + "), got "
          + e, e);
    }
    fail(call + ": expected MalformedMessageException(" + want + "), but it returned "
        + show(got) + (want == WireCodec.Problem.BAD_TEXT
            ? ": that text is mojibake or replacement characters, not what was sent" : ""));
  }

  private static void refused(WireCodec.Message m, String what) {
    String call = "encode(" + show(m) + "), " + what;
    byte[] got;
    try {
      got = WireCodec.encode(m);
    } catch (IllegalArgumentException expected) {
      String msg = expected.getMessage();
      require(msg != null && !msg.isBlank(), () -> call + ": the IllegalArgumentException has"
          + " no message; say what is wrong");
      return;
    } catch (RuntimeException e) {
      throw new AssertionError(call + ": expected IllegalArgumentException, got " + e, e);
    }
    fail(call + ": expected IllegalArgumentException, but it returned " + show(got)
        + (got.length > 10 && Arrays.asList(toBoxed(got)).contains((byte) '?')
            ? " (a '?' stands in for what could not be encoded)" : ""));
  }

  private static Byte[] toBoxed(byte[] b) {
    Byte[] r = new Byte[b.length];
    for (int i = 0; i < b.length; i++) r[i] = b[i];
    return r;
  }
}
