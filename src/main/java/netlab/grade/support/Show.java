package netlab.grade.support;

import java.nio.charset.StandardCharsets;

/** Short, readable renderings of bytes for assertion messages: what was sent, what came back. */
public final class Show {
  private Show() {}

  /** Text when the bytes are printable UTF-8, otherwise hex; long values are shortened. */
  public static String bytes(byte[] b) {
    if (b == null) return "null";
    if (b.length == 0) return "0 bytes";
    boolean printable = true;
    String text = new String(b, StandardCharsets.UTF_8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\uFFFD' || Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
        printable = false;
        break;
      }
    }
    if (printable) {
      String shown = text.length() > 60 ? text.substring(0, 60) + "…" : text;
      return b.length + " bytes \"" + shown.replace("\n", "\\n").replace("\r", "\\r") + "\"";
    }
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < Math.min(b.length, 24); i++) hex.append(String.format("%02x ", b[i] & 0xff));
    return b.length + " bytes [" + hex.toString().trim() + (b.length > 24 ? " …" : "") + "]";
  }
}
