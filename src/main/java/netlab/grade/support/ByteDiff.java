package netlab.grade.support;

/** Says where two byte arrays part ways, for messages about large payloads. */
public final class ByteDiff {
  private ByteDiff() {}

  /**
   * An empty string when the arrays are equal; otherwise the lengths and the first index where
   * they differ, e.g. {@code "expected 65507 bytes, got 1024; first difference at byte 1024"}.
   */
  public static String describe(byte[] expected, byte[] actual) {
    if (expected == null || actual == null) {
      return expected == actual ? "" : "expected " + Show.bytes(expected) + ", got " + Show.bytes(actual);
    }
    int n = Math.min(expected.length, actual.length);
    int i = 0;
    while (i < n && expected[i] == actual[i]) i++;
    if (i == n && expected.length == actual.length) return "";
    StringBuilder sb = new StringBuilder();
    sb.append("expected ").append(expected.length).append(" bytes, got ").append(actual.length);
    if (i < n) {
      sb.append(String.format("; first difference at byte %d (expected 0x%02x, got 0x%02x)",
          i, expected[i] & 0xff, actual[i] & 0xff));
    } else {
      sb.append("; the first ").append(n).append(" bytes match");
    }
    return sb.toString();
  }
}
