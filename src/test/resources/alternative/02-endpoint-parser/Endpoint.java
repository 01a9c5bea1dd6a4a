// ALTERNATIVE: regular expressions for names, IPv4 and ports; IPv6 checked by expanding "::" to the missing zero groups and counting to eight; the port kept as an Integer (null: none)
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/** An endpoint as people write it: a host and, optionally, a port. Nothing is ever resolved. */
public final class Endpoint {

  public enum PortRange { WELL_KNOWN, REGISTERED, DYNAMIC }

  public enum HostType { IPV4, IPV6, NAME }

  private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
  private static final Pattern OCTET = Pattern.compile("25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9]|0[0-9]{1,2}");
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final Pattern PORT = Pattern.compile("[0-9]+");
  private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");

  private final String host;
  private final HostType type;
  private final Integer port;

  private Endpoint(String host, HostType type, Integer port) {
    this.host = host;
    this.type = type;
    this.port = port;
  }

  public static Endpoint parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("nothing to parse: " + (text == null ? "null" : "empty text"));
    }
    if (text.startsWith("[")) {
      int end = text.indexOf(']');
      if (end < 0) throw new IllegalArgumentException("'[' is never closed in " + text);
      String inside = text.substring(1, end);
      if (inside.isEmpty()) throw new IllegalArgumentException("no host inside the brackets of " + text);
      if (!ipv6(inside)) {
        throw new IllegalArgumentException(inside + " is not an IPv6 address, so it cannot stand in brackets: " + text);
      }
      String rest = text.substring(end + 1);
      if (rest.isEmpty()) return new Endpoint(inside, HostType.IPV6, null);
      if (!rest.startsWith(":")) throw new IllegalArgumentException("after ']' only ':port' may follow in " + text);
      return new Endpoint(inside, HostType.IPV6, port(rest.substring(1), text));
    }
    if (text.contains("[") || text.contains("]")) {
      throw new IllegalArgumentException("misplaced bracket in " + text);
    }
    int colons = (int) text.chars().filter(c -> c == ':').count();
    if (colons > 1) {
      if (ipv6(text)) return new Endpoint(text, HostType.IPV6, null);
      int cut = text.lastIndexOf(':');
      String tail = text.substring(cut + 1);
      if (PORT.matcher(tail).matches() && ipv6(text.substring(0, cut))) {
        throw new IllegalArgumentException("to give an IPv6 address a port, put it in brackets: ["
            + text.substring(0, cut) + "]:" + tail);
      }
      throw new IllegalArgumentException(text + ": not a valid IPv6 address");
    }
    String hostPart = colons == 0 ? text : text.substring(0, text.indexOf(':'));
    if (hostPart.isEmpty()) throw new IllegalArgumentException("the host is missing in " + text);
    Integer p = colons == 0 ? null : port(text.substring(text.indexOf(':') + 1), text);
    return new Endpoint(hostPart, hostKind(hostPart), p);
  }

  private static HostType hostKind(String h) {
    if (DIGITS_AND_DOTS.matcher(h).matches()) {
      String[] octets = h.split("\\.", -1);
      if (octets.length != 4) throw new IllegalArgumentException(h + " has " + octets.length + " parts, an IPv4 address 4");
      for (String o : octets) {
        if (!OCTET.matcher(o).matches()) throw new IllegalArgumentException("bad octet " + (o.isEmpty() ? "''" : o) + " in " + h + " (0-255)");
      }
      return HostType.IPV4;
    }
    if (!Arrays.stream(h.split("\\.", -1)).allMatch(l -> LABEL.matcher(l).matches())) {
      throw new IllegalArgumentException(h + " is not a host name");
    }
    return HostType.NAME;
  }

  private static Integer port(String s, String text) {
    if (!PORT.matcher(s).matches()) throw new IllegalArgumentException("port '" + s + "' of " + text + " is not a number");
    long value = s.length() > 9 ? Long.MAX_VALUE : Long.parseLong(s);
    if (value > 65535) throw new IllegalArgumentException("port " + s + " of " + text + " is above 65535");
    return (int) value;
  }

  /** Expands the address to its list of 16-bit groups; valid when that makes exactly eight. */
  private static boolean ipv6(String s) {
    int first = s.indexOf("::");
    if (first != s.lastIndexOf("::")) return false;
    List<String> groups = new ArrayList<>();
    if (first < 0) {
      if (!addGroups(s, groups, true)) return false;
      return groups.size() == 8;
    }
    String left = s.substring(0, first);
    String right = s.substring(first + 2);
    List<String> after = new ArrayList<>();
    if (!left.isEmpty() && !addGroups(left, groups, false)) return false;
    if (!right.isEmpty() && !addGroups(right, after, true)) return false;
    int missing = 8 - groups.size() - after.size();
    if (missing < 1) return false;
    for (int i = 0; i < missing; i++) groups.add("0");
    groups.addAll(after);
    return groups.size() == 8;
  }

  /** Adds the groups of a ':'-separated run; the last may be dotted IPv4 if mayEndInIpv4. */
  private static boolean addGroups(String run, List<String> out, boolean mayEndInIpv4) {
    String[] parts = run.split(":", -1);
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (HEX_GROUP.matcher(p).matches()) {
        out.add(p);
      } else if (mayEndInIpv4 && i == parts.length - 1 && DIGITS_AND_DOTS.matcher(p).matches()) {
        String[] octets = p.split("\\.", -1);
        if (octets.length != 4) return false;
        for (String o : octets) if (!OCTET.matcher(o).matches()) return false;
        out.add("ipv4-high");
        out.add("ipv4-low");
      } else {
        return false;
      }
    }
    return true;
  }

  public String host() {
    return host;
  }

  public HostType hostType() {
    return type;
  }

  public boolean isIpv6() {
    return type == HostType.IPV6;
  }

  public OptionalInt port() {
    return port == null ? OptionalInt.empty() : OptionalInt.of(port);
  }

  public static PortRange classify(int port) {
    if (port >= 49152 && port <= 65535) return PortRange.DYNAMIC;
    if (port >= 1024 && port < 49152) return PortRange.REGISTERED;
    if (port >= 0 && port < 1024) return PortRange.WELL_KNOWN;
    throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
  }

  @Override
  public String toString() {
    if (port == null) return host;
    return type == HostType.IPV6 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
