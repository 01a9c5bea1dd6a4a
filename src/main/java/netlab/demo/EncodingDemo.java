package netlab.demo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Lesson 03: text is not bytes. The same string as UTF-8 and GBK bytes, mojibake from decoding
 * with the wrong charset (and undoing it), a strict decoder that refuses bad bytes, and one int
 * in big- and little-endian order.
 */
public final class EncodingDemo implements Demo {
  static final String TEXT = "你好, NetLab";
  private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

  @Override
  public String name() {
    return "encoding";
  }

  @Override
  public int lesson() {
    return 3;
  }

  @Override
  public String summary() {
    return netlab.core.Msg.get("demo.encoding.summary");
  }

  @Override
  public boolean listening() {
    return false;
  }

  @Override
  public void start(DemoContext ctx) throws Exception {
    var log = ctx.log();
    Charset gbk;
    try {
      gbk = Charset.forName("GBK");
    } catch (UnsupportedCharsetException e) {
      log.warn("this Java runtime has no GBK charset (module jdk.charsets is missing); skipping the GBK steps");
      gbk = null;
    }

    byte[] utf8 = TEXT.getBytes(StandardCharsets.UTF_8);
    log.event("encode", "\"" + TEXT + "\" as UTF-8: " + utf8.length + " bytes  " + HEX.formatHex(utf8));
    log.info("  你 = " + hex("你", StandardCharsets.UTF_8) + "   好 = " + hex("好", StandardCharsets.UTF_8)
        + "   (UTF-8: 3 bytes per Chinese character, 1 per ASCII character)");
    if (!ctx.pause(400)) return;

    if (gbk != null) {
      // The classic bug: the sender wrote UTF-8, the receiver assumed GBK.
      String mojibake = new String(utf8, gbk);
      log.event("decode", "the same bytes decoded as GBK: \"" + mojibake + "\"  ← mojibake");
      log.info("  GBK reads 2 bytes per Chinese character, so it pairs the UTF-8 bytes up wrongly: e4 bd → 浣, a0 e5 → 犲, a5 bd → ソ");
      if (!ctx.pause(400)) return;

      // Undo it: encode back with the wrong charset to recover the bytes, then decode them right.
      byte[] recovered = mojibake.getBytes(gbk);
      String repaired = new String(recovered, StandardCharsets.UTF_8);
      log.event("repair", "\"" + mojibake + "\" encoded back to GBK: " + HEX.formatHex(recovered)
          + (Arrays.equals(recovered, utf8) ? "  (the original bytes)" : "  (NOT the original bytes: some were lost)"));
      log.event("repair", "those bytes decoded as UTF-8: \"" + repaired + "\"");
      log.info("  This repair only works when every wrong character could be encoded back; once a '?' or '\uFFFD' is in, bytes are gone.");
      if (!ctx.pause(400)) return;

      byte[] gbkBytes = TEXT.getBytes(gbk);
      log.event("encode", "\"" + TEXT + "\" as GBK: " + gbkBytes.length + " bytes  " + HEX.formatHex(gbkBytes));
      log.event("decode", "GBK bytes decoded as GBK again: \"" + new String(gbkBytes, gbk) + "\"  (same charset both ends: correct)");
      log.info("  你 = " + hex("你", gbk) + "   好 = " + hex("好", gbk) + "   (GBK: 2 bytes per Chinese character; "
          + utf8.length + " bytes in UTF-8, " + gbkBytes.length + " in GBK)");
      if (!ctx.pause(400)) return;

      strict(ctx, gbkBytes);
      if (!ctx.pause(400)) return;
    }

    endianness(ctx);
  }

  /** new String(bytes, UTF_8) quietly substitutes U+FFFD; a decoder set to REPORT refuses. */
  private static void strict(DemoContext ctx, byte[] notUtf8) {
    var log = ctx.log();
    log.event("decode", "GBK bytes " + HEX.formatHex(notUtf8) + " as UTF-8, leniently: \""
        + new String(notUtf8, StandardCharsets.UTF_8) + "\"  (bad bytes silently replaced by \uFFFD)");
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(notUtf8));
      log.warn("the strict decoder accepted the bytes (unexpected)");
    } catch (CharacterCodingException e) {
      log.event("decode", "strict UTF-8 decoder (CodingErrorAction.REPORT) refused: " + e.getClass().getName() + ": " + e.getMessage());
      log.info("  c4 is a lead byte for a 2-byte UTF-8 sequence, but e3 is not a continuation byte (10xxxxxx). Fail loudly at the edge.");
    }
  }

  /** One int, two byte orders: the network (and Java, and ByteBuffer by default) use big-endian. */
  private static void endianness(DemoContext ctx) {
    var log = ctx.log();
    int value = 0x12345678;
    byte[] big = ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(value).array();
    byte[] little = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    log.event("int", "0x12345678 with ByteBuffer.putInt:");
    log.info(String.format("  %-26s %s", "BIG_ENDIAN (network order)", HEX.formatHex(big)));
    log.info(String.format("  %-26s %s", "LITTLE_ENDIAN", HEX.formatHex(little)));
    int misread = ByteBuffer.wrap(little).order(ByteOrder.BIG_ENDIAN).getInt();
    log.event("int", String.format("little-endian bytes read as big-endian: 0x%08x (%d), not 0x12345678", misread, misread));
    log.info("  Big-endian puts the most significant byte first. ByteBuffer and DataOutputStream default to it;"
        + " x86 and ARM CPUs keep ints little-endian in memory (this one: " + ByteOrder.nativeOrder() + ").");
  }

  private static String hex(String s, Charset cs) {
    return HEX.formatHex(s.getBytes(cs));
  }
}
