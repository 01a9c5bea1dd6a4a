// ALTERNATIVE: plain code instead of one regex where it is clearer (character checks for the mail rules, split for request lines, a scanner for IPv4), a numbered \1 backreference for tags
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A small toolkit for network text; see the README of exercise 15. */
public final class RegexToolkit {
  private RegexToolkit() {}

  public record RequestLine(String method, String target, String version) {}

  private static final Pattern TAG = Pattern.compile("<([A-Za-z][A-Za-z0-9]*)>([^<]*)</\\1>");

  private static boolean ascii(char c, String extra) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || extra.indexOf(c) >= 0;
  }

  public static boolean is163Mail(String address) {
    if (address == null || !address.endsWith("@163.com")) return false;
    String user = address.substring(0, address.length() - "@163.com".length());
    if (user.length() < 4 || user.length() > 20) return false;
    for (char c : user.toCharArray()) if (!ascii(c, "_")) return false;
    return true;
  }

  public static boolean isEmail(String address) {
    if (address == null || address.length() > 254) return false;
    int at = address.indexOf('@');
    if (at < 0 || at != address.lastIndexOf('@')) return false;
    String local = address.substring(0, at);
    String domain = address.substring(at + 1);
    if (local.isEmpty() || local.length() > 64) return false;
    for (String part : local.split("\\.", -1)) { // empty parts: a dot first, last or doubled
      if (part.isEmpty()) return false;
      for (char c : part.toCharArray()) if (!ascii(c, "_%+-")) return false;
    }
    String[] labels = domain.split("\\.", -1);
    if (labels.length < 2) return false;
    for (String label : labels) {
      if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) return false;
      for (char c : label.toCharArray()) if (!ascii(c, "-")) return false;
    }
    String tld = labels[labels.length - 1];
    if (tld.length() < 2) return false;
    for (char c : tld.toCharArray()) if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) return false;
    return true;
  }

  public static Optional<RequestLine> parseRequestLine(String line) {
    if (line == null) return Optional.empty();
    String[] p = line.split(" ", -1);
    if (p.length != 3 || p[0].isEmpty() || p[1].isEmpty()) return Optional.empty();
    for (char c : p[0].toCharArray()) if (c < 'A' || c > 'Z') return Optional.empty();
    for (char c : p[1].toCharArray()) if (c < '!' || c > '~') return Optional.empty();
    String v = p[2];
    if (v.length() != 8 || !v.startsWith("HTTP/") || !digit(v.charAt(5)) || v.charAt(6) != '.' || !digit(v.charAt(7))) {
      return Optional.empty();
    }
    return Optional.of(new RequestLine(p[0], p[1], v.substring(5)));
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Scans runs of digits and dots; a run is an address when it is exactly four good octets (plus one final dot). */
  public static List<String> findIpv4(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) return out;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (!digit(c) && c != '.') {
        i++;
        continue;
      }
      int start = i;
      while (i < text.length() && (digit(text.charAt(i)) || text.charAt(i) == '.')) i++;
      String run = text.substring(start, i);
      if (run.endsWith(".") && !run.endsWith("..")) run = run.substring(0, run.length() - 1); // end of a sentence
      if (address(run)) out.add(run);
    }
    return out;
  }

  private static boolean address(String run) {
    String[] parts = run.split("\\.", -1);
    if (parts.length != 4) return false;
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || p.length() > 1 && p.charAt(0) == '0') return false;
      if (Integer.parseInt(p) > 255) return false;
    }
    return true;
  }

  public static boolean isPairedTag(String text) {
    return text != null && TAG.matcher(text).matches();
  }

  public static List<String> findPairedTags(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) return out;
    for (Matcher m = TAG.matcher(text); m.find(); ) out.add(m.group());
    return out;
  }
}
