package netlab.demo;

import static netlab.core.Msg.get;

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
      log.warn(get("demo.encoding.noGbk"));
      gbk = null;
    }

    byte[] utf8 = TEXT.getBytes(StandardCharsets.UTF_8);
    log.event("encode", get("demo.encoding.asUtf8", TEXT, utf8.length, HEX.formatHex(utf8)));
    log.info("  " + get("demo.encoding.utf8Chars", hex("你", StandardCharsets.UTF_8), hex("好", StandardCharsets.UTF_8)));
    if (!ctx.pause(400)) return;

    if (gbk != null) {
      // The classic bug: the sender wrote UTF-8, the receiver assumed GBK.
      String mojibake = new String(utf8, gbk);
      log.event("decode", get("demo.encoding.mojibake", mojibake));
      log.info("  " + get("demo.encoding.pairs"));
      if (!ctx.pause(400)) return;

      // Undo it: encode back with the wrong charset to recover the bytes, then decode them right.
      byte[] recovered = mojibake.getBytes(gbk);
      String repaired = new String(recovered, StandardCharsets.UTF_8);
      log.event("repair", get(Arrays.equals(recovered, utf8) ? "demo.encoding.back" : "demo.encoding.backLost", mojibake,
          HEX.formatHex(recovered)));
      log.event("repair", get("demo.encoding.repaired", repaired));
      log.info("  " + get("demo.encoding.repairLimit"));
      if (!ctx.pause(400)) return;

      byte[] gbkBytes = TEXT.getBytes(gbk);
      log.event("encode", get("demo.encoding.asGbk", TEXT, gbkBytes.length, HEX.formatHex(gbkBytes)));
      log.event("decode", get("demo.encoding.gbkAgain", new String(gbkBytes, gbk)));
      log.info("  " + get("demo.encoding.gbkChars", hex("你", gbk), hex("好", gbk), utf8.length, gbkBytes.length));
      if (!ctx.pause(400)) return;

      strict(ctx, gbkBytes);
      if (!ctx.pause(400)) return;
    }

    endianness(ctx);
  }

  /** new String(bytes, UTF_8) quietly substitutes U+FFFD; a decoder set to REPORT refuses. */
  private static void strict(DemoContext ctx, byte[] notUtf8) {
    var log = ctx.log();
    log.event("decode", get("demo.encoding.lenient", HEX.formatHex(notUtf8), new String(notUtf8, StandardCharsets.UTF_8)));
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(notUtf8));
      log.warn(get("demo.encoding.accepted"));
    } catch (CharacterCodingException e) {
      log.event("decode", get("demo.encoding.refused", e.getClass().getName() + ": " + e.getMessage()));
      log.info("  " + get("demo.encoding.why"));
    }
  }

  /** One int, two byte orders: the network (and Java, and ByteBuffer by default) use big-endian. */
  private static void endianness(DemoContext ctx) {
    var log = ctx.log();
    int value = 0x12345678;
    byte[] big = ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(value).array();
    byte[] little = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    log.event("int", get("demo.encoding.putInt"));
    String bigName = get("demo.encoding.bigEndian");
    log.info("  " + bigName + " ".repeat(Math.max(1, 27 - netlab.markdown.Wrap.columns(bigName))) + HEX.formatHex(big));
    log.info("  " + "LITTLE_ENDIAN" + " ".repeat(27 - "LITTLE_ENDIAN".length()) + HEX.formatHex(little));
    int misread = ByteBuffer.wrap(little).order(ByteOrder.BIG_ENDIAN).getInt();
    log.event("int", get("demo.encoding.misread", String.format("0x%08x", misread), misread));
    log.info("  " + get("demo.encoding.bigFirst", ByteOrder.nativeOrder()));
  }

  private static String hex(String s, Charset cs) {
    return HEX.formatHex(s.getBytes(cs));
  }
}
