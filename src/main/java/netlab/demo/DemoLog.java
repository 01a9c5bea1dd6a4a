package netlab.demo;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.function.Consumer;
import netlab.core.Msg;
import netlab.markdown.Theme;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * How demos report what happens: a timestamp, who acted, which way bytes went, and the bytes as
 * text when they are text, as hex when they are not. Lines go to a sink (the lab's printer,
 * which puts them above the prompt while the student types).
 */
public final class DemoLog {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
  private static final AttributedStyle ACTOR = AttributedStyle.BOLD.foreground(AttributedStyle.CYAN);
  private static final int SHOWN = 64;

  private final Consumer<AttributedString> sink;

  public DemoLog(Consumer<AttributedString> sink) {
    this.sink = sink;
  }

  private AttributedStringBuilder stamp() {
    return new AttributedStringBuilder().styled(Theme.DIM, LocalTime.now().format(TIME) + "  ");
  }

  /** {@code 12:00:01.250  client → server  6 bytes "hello\n"}. */
  public void bytes(String from, String to, byte[] data, int length) {
    AttributedStringBuilder b = stamp().styled(ACTOR, from).append(" → ").styled(ACTOR, to).append("  ")
        .append(Msg.get("demo.bytes", length) + " ");
    b.append(render(data, length));
    sink.accept(b.toAttributedString());
  }

  public void bytes(String from, String to, byte[] data) {
    bytes(from, to, data, data.length);
  }

  /** {@code 12:00:01.250  server  accepted 127.0.0.1:51234}. */
  public void event(String actor, String what) {
    sink.accept(stamp().styled(ACTOR, actor).append("  ").append(what).toAttributedString());
  }

  /** Explanation, not an event: dim and without a timestamp. */
  public void info(String text) {
    sink.accept(new AttributedString(text, Theme.DIM));
  }

  /** A line that stands out: a result, a command to try. */
  public void highlight(String text) {
    sink.accept(new AttributedString(text, Theme.H3));
  }

  public void warn(String text) {
    sink.accept(new AttributedStringBuilder().styled(Theme.WARN, "! ").append(text).toAttributedString());
  }

  public void line(AttributedString s) {
    sink.accept(s);
  }

  /** Quoted text for printable UTF-8, hex otherwise; long data shortened. */
  static String render(byte[] data, int length) {
    int n = Math.min(length, SHOWN);
    String more = length > n ? " …" : "";
    try {
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data, 0, length)).toString();
      boolean printable = text.codePoints().allMatch(c -> c == '\n' || c == '\r' || c == '\t' || !Character.isISOControl(c));
      if (printable) {
        String shown = text.length() > SHOWN ? text.substring(0, SHOWN) : text;
        return "\"" + shown.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "\"" + more;
      }
    } catch (CharacterCodingException e) {
      // not text: hex below
    }
    return "hex " + HexFormat.ofDelimiter(" ").formatHex(data, 0, n) + more;
  }
}
