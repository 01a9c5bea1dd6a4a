// WRONG: splits at the last colon without looking at brackets, so ::1 becomes host ":" port 1 and 1:2:3:4:5:6:7:8:80 is accepted
import java.util.OptionalInt;

/**
 * An endpoint as people write it: a host and, optionally, a port. The host is an IPv4 address
 * ({@code 127.0.0.1}), an IPv6 address ({@code ::1}) or a host name ({@code localhost}).
 *
 * <pre>
 *   127.0.0.1:8080      IPv4 and port
 *   localhost:80        name and port
 *   [::1]:8080          IPv6 and port: the address goes in square brackets
 *   10.0.0.1  ::1  [::1]  example.com     no port
 * </pre>
 *
 * <p>Parsing is pure text work. Nothing here resolves a name: {@code InetAddress.getByName}
 * would ask DNS for anything that is not an address literal, so addresses are checked by hand.
 */
public final class Endpoint {

  /** The three IANA port ranges (RFC 6335). */
  public enum PortRange {
    /** 0-1023, "System Ports": core services such as SSH (22) and HTTP (80). */
    WELL_KNOWN,
    /** 1024-49151, "User Ports": registered for applications such as MySQL (3306). */
    REGISTERED,
    /** 49152-65535, "Dynamic / Private Ports": never assigned, handed out as ephemeral ports. */
    DYNAMIC
  }

  /** What kind of host an endpoint names. */
  public enum HostType {
    /** Four decimal octets, e.g. {@code 192.168.1.10}. */
    IPV4,
    /** An IPv6 address, e.g. {@code 2001:db8::1}, stored without brackets. */
    IPV6,
    /** A host name, e.g. {@code example.com}; never resolved. */
    NAME
  }

  private static final int NO_PORT = -1;

  private final String host;
  private final HostType type;
  private final int port; // NO_PORT when the text had none

  private Endpoint(String host, HostType type, int port) {
    this.host = host;
    this.type = type;
    this.port = port;
  }

  /**
   * Parses {@code host:port}, {@code [ipv6]:port}, or a host alone ({@code 10.0.0.1},
   * {@code ::1}, {@code [::1]}, {@code localhost}). An unbracketed host with two or more colons
   * is an IPv6 address without a port. The port is plain ASCII digits, 0 to 65535.
   *
   * @throws IllegalArgumentException if {@code text} is null, empty or malformed. The message
   *     names the problem: the bad port number (e.g. {@code 65536}), an empty host, unbalanced
   *     brackets, or that an IPv6 address with a port needs brackets
   */
  public static Endpoint parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("empty endpoint; expected e.g. 127.0.0.1:8080");
    }
    // the port is whatever follows the last colon
    int colon = text.lastIndexOf(':');
    String host = colon < 0 ? text : text.substring(0, colon);
    int port = colon < 0 ? NO_PORT : parsePort(text.substring(colon + 1), text);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("empty host in " + quote(text));
    }
    if (host.indexOf(':') >= 0) {
      return new Endpoint(host, HostType.IPV6, port);
    }
    return new Endpoint(host, hostType(host, text), port);
  }

  /** The host as written, without brackets: {@code "::1"} for {@code [::1]:8080}. */
  public String host() {
    return host;
  }

  /** Whether the host is an IPv4 address, an IPv6 address or a name. */
  public HostType hostType() {
    return type;
  }

  /** Whether the host is an IPv6 address. */
  public boolean isIpv6() {
    return type == HostType.IPV6;
  }

  /** The port, or {@code OptionalInt.empty()} when the text had none. */
  public OptionalInt port() {
    return port == NO_PORT ? OptionalInt.empty() : OptionalInt.of(port);
  }

  /**
   * The IANA range of a port: {@link PortRange#WELL_KNOWN} for 0-1023, {@link
   * PortRange#REGISTERED} for 1024-49151, {@link PortRange#DYNAMIC} for 49152-65535.
   *
   * @throws IllegalArgumentException if {@code port} is outside 0-65535; the message names it
   */
  public static PortRange classify(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
    }
    if (port <= 1023) return PortRange.WELL_KNOWN;
    if (port <= 49151) return PortRange.REGISTERED;
    return PortRange.DYNAMIC;
  }

  /**
   * The endpoint as text again: {@code host:port}, {@code [ipv6]:port} with brackets, or the
   * host alone (an IPv6 address without a port has no brackets: {@code ::1}).
   */
  @Override
  public String toString() {
    if (port == NO_PORT) return host;
    return (type == HostType.IPV6 ? "[" + host + "]" : host) + ":" + port;
  }

  // --- the three shapes ------------------------------------------------------------------

  /** {@code [ipv6]} or {@code [ipv6]:port}. */
  private static Endpoint parseBracketed(String text) {
    int close = text.indexOf(']');
    if (close < 0) {
      throw new IllegalArgumentException("unbalanced brackets in " + quote(text)
          + ": '[' without a closing ']'");
    }
    String host = text.substring(1, close);
    if (host.indexOf('[') >= 0) {
      throw new IllegalArgumentException("unbalanced brackets in " + quote(text)
          + ": a second '[' before the ']'");
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("empty host between the brackets in " + quote(text));
    }
    if (!isIpv6(host)) {
      throw new IllegalArgumentException(quote(host) + " in " + quote(text)
          + " is not an IPv6 address; brackets are only for IPv6 addresses");
    }
    String rest = text.substring(close + 1);
    if (rest.isEmpty()) {
      return new Endpoint(host, HostType.IPV6, NO_PORT);
    }
    if (rest.charAt(0) != ':') {
      throw new IllegalArgumentException("unexpected " + quote(rest) + " after ']' in "
          + quote(text) + ": expected ':' and a port, e.g. [::1]:8080"
          + (rest.indexOf(']') >= 0 ? " (unbalanced brackets)" : ""));
    }
    return new Endpoint(host, HostType.IPV6, parsePort(rest.substring(1), text));
  }

  /**
   * Two or more colons without brackets: the whole text must be an IPv6 address. If it is not,
   * but would be one without a trailing ":digits", the writer meant a port: say so.
   */
  private static Endpoint parseBareIpv6(String text) {
    if (isIpv6(text)) {
      return new Endpoint(text, HostType.IPV6, NO_PORT);
    }
    int last = text.lastIndexOf(':');
    String before = text.substring(0, last);
    String after = text.substring(last + 1);
    if (!after.isEmpty() && isAsciiDigits(after) && isIpv6(before)) {
      throw new IllegalArgumentException("an IPv6 address with a port must be in brackets: write ["
          + before + "]:" + after + " instead of " + text);
    }
    throw new IllegalArgumentException(quote(text) + " is not a valid IPv6 address"
        + " (an IPv6 address with a port must be in brackets, e.g. [::1]:8080)");
  }

  // --- hosts -----------------------------------------------------------------------------

  /** IPv4 if the host is made of digits and dots only (then it must be valid), else a name. */
  private static HostType hostType(String host, String text) {
    boolean digitsAndDots = true;
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c != '.' && (c < '0' || c > '9')) digitsAndDots = false;
    }
    if (digitsAndDots) {
      checkIpv4(host, text);
      return HostType.IPV4;
    }
    checkName(host, text);
    return HostType.NAME;
  }

  private static void checkIpv4(String host, String text) {
    String[] octets = host.split("\\.", -1); // -1 keeps the empty part of "1.2.3.4."
    if (octets.length != 4) {
      throw new IllegalArgumentException("IPv4 address " + quote(host) + " in " + quote(text)
          + " is not four octets separated by dots");
    }
    for (String octet : octets) {
      if (octet.isEmpty() || octet.length() > 3 || Integer.parseInt(octet) > 255) {
        throw new IllegalArgumentException("octet " + (octet.isEmpty() ? "(empty)" : octet)
            + " in " + quote(host) + " is out of range 0-255");
      }
    }
  }

  /** RFC 1123 host names: dot-separated labels of 1-63 letters, digits and inner hyphens. */
  private static void checkName(String host, String text) {
    if (host.length() > 253) {
      throw new IllegalArgumentException("host name in " + quote(text) + " is longer than 253");
    }
    for (String label : host.split("\\.", -1)) {
      boolean ok = !label.isEmpty() && label.length() <= 63
          && label.charAt(0) != '-' && label.charAt(label.length() - 1) != '-';
      for (int i = 0; ok && i < label.length(); i++) {
        char c = label.charAt(i);
        ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-';
      }
      if (!ok) {
        throw new IllegalArgumentException("host " + quote(host) + " in " + quote(text)
            + " is not a valid host name (letters, digits and '-', dot-separated labels)");
      }
    }
  }

  /**
   * IPv6 text form (RFC 4291 section 2.2): eight groups of 1-4 hex digits separated by colons;
   * one "::" may stand for one or more zero groups; the last 32 bits may be written as an IPv4
   * address ({@code ::ffff:192.0.2.1}).
   */
  private static boolean isIpv6(String s) {
    int gap = s.indexOf("::");
    if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) return false; // two gaps, or ":::"
    String[] parts;
    if (gap < 0) {
      parts = s.split(":", -1);
    } else {
      String head = s.substring(0, gap);
      String tail = s.substring(gap + 2);
      String[] h = head.isEmpty() ? new String[0] : head.split(":", -1);
      String[] t = tail.isEmpty() ? new String[0] : tail.split(":", -1);
      parts = new String[h.length + t.length];
      System.arraycopy(h, 0, parts, 0, h.length);
      System.arraycopy(t, 0, parts, h.length, t.length);
    }
    int groups = 0;
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      boolean last = i == parts.length - 1 && (gap < 0 || !s.endsWith("::"));
      if (last && p.indexOf('.') >= 0) {
        if (!isIpv4Literal(p)) return false;
        groups += 2;
      } else if (isHexGroup(p)) {
        groups += 1;
      } else {
        return false;
      }
    }
    return gap < 0 ? groups == 8 : groups <= 7;
  }

  private static boolean isHexGroup(String p) {
    if (p.isEmpty() || p.length() > 4) return false;
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      boolean hex = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
      if (!hex) return false;
    }
    return true;
  }

  private static boolean isIpv4Literal(String s) {
    String[] octets = s.split("\\.", -1);
    if (octets.length != 4) return false;
    for (String o : octets) {
      if (o.isEmpty() || o.length() > 3 || !isAsciiDigits(o) || Integer.parseInt(o) > 255) {
        return false;
      }
    }
    return true;
  }

  // --- ports -----------------------------------------------------------------------------

  /**
   * ASCII digits only: Integer.parseInt alone would also take "+80", "-1" and non-ASCII digits
   * such as "٨٠".
   */
  private static int parsePort(String digits, String text) {
    if (digits.isEmpty()) {
      throw new IllegalArgumentException("port missing after the ':' in " + quote(text));
    }
    if (!isAsciiDigits(digits)) {
      throw new IllegalArgumentException("port " + quote(digits) + " in " + quote(text)
          + " is not a number 0-65535");
    }
    // more than 5 digits is out of range anyway, and would overflow an int
    if (digits.length() > 5 || Integer.parseInt(digits) > 65535) {
      throw new IllegalArgumentException("port " + digits + " in " + quote(text)
          + " is out of range 0-65535");
    }
    return Integer.parseInt(digits);
  }

  private static boolean isAsciiDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return false;
    }
    return !s.isEmpty();
  }

  private static int count(String s, char c) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) if (s.charAt(i) == c) n++;
    return n;
  }

  private static String quote(String s) {
    return "\"" + s + "\"";
  }
}
