// WRONG: treats /31 and /32 like any block: a broadcast address and size - 2 hosts
import java.util.Optional;

/**
 * An IPv4 address with a prefix length, such as {@code 192.168.1.10/24}, and everything that
 * follows from it: mask, network, broadcast, host range and host count.
 *
 * <p>The address is kept as one 32-bit {@code int}. From {@code 128.0.0.0} upwards that int is
 * negative, so every shift that moves bits down is {@code >>>}, sizes are {@code long}, and
 * range checks compare masked bits instead of using {@code <} on signed values.
 */
public final class Subnet {

  private final int address;
  private final int prefixLength;

  private Subnet(int address, int prefixLength) {
    this.address = address;
    this.prefixLength = prefixLength;
  }

  /**
   * Parses CIDR notation: four decimal octets 0-255 separated by dots, a slash, and a prefix
   * length 0-32, with nothing before or after ({@code "192.168.1.10/24"}).
   *
   * @throws IllegalArgumentException if {@code cidr} is null, empty or malformed; the message
   *     names the offending part (for example "octet 300 ... is out of range 0-255")
   */
  public static Subnet parse(String cidr) {
    if (cidr == null) {
      throw new IllegalArgumentException("no CIDR text given (null); expected e.g. 192.168.1.10/24");
    }
    if (cidr.isEmpty()) {
      throw new IllegalArgumentException("empty CIDR text; expected e.g. 192.168.1.10/24");
    }
    int slash = cidr.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException(
          quote(cidr) + " has no prefix length; expected ADDRESS/PREFIX, e.g. 192.168.1.10/24");
    }
    int address = parseAddress(cidr.substring(0, slash));
    int prefix = parsePrefix(cidr.substring(slash + 1));
    return new Subnet(address, prefix);
  }

  /** The address as dotted decimal, e.g. {@code "192.168.1.10"}. */
  public String address() {
    return dotted(address);
  }

  /** The prefix length, 0 to 32. */
  public int prefixLength() {
    return prefixLength;
  }

  /** The subnet mask as dotted decimal, e.g. {@code "255.255.255.0"} for /24. */
  public String mask() {
    return dotted(maskBits());
  }

  /** The network address (host bits all 0), e.g. {@code "192.168.1.0"}. */
  public String network() {
    return dotted(networkBits());
  }

  /**
   * The broadcast address (host bits all 1), e.g. {@code "192.168.1.255"}; empty for /31 and /32,
   * which have no broadcast address (RFC 3021 point-to-point link; a single host).
   */
  public Optional<String> broadcast() {
    return Optional.of(dotted(topBits()));
  }

  /** The lowest usable host address; /31: the lower address; /32: the address itself. */
  public String firstHost() {
    // /31 and /32 reserve nothing, so the block's first address is a host
    return dotted(prefixLength >= 31 ? networkBits() : networkBits() + 1);
  }

  /** The highest usable host address; /31: the upper address; /32: the address itself. */
  public String lastHost() {
    return dotted(prefixLength >= 31 ? topBits() : topBits() - 1);
  }

  /** Usable hosts: 2^(32-prefix) - 2, except /31 (2) and /32 (1). /0 gives 4294967294. */
  public long hostCount() {
    long size = 1L << (32 - prefixLength); // long: 2^32 does not fit in an int
    return size - 2;
  }

  /**
   * The historic address class from the first octet: 'A' 0-127, 'B' 128-191, 'C' 192-223,
   * 'D' 224-239 (multicast), 'E' 240-255 (reserved).
   */
  public char addressClass() {
    int first = address >>> 24; // >>> : the int is negative from 128.0.0.0 up
    if (first < 128) return 'A';
    if (first < 192) return 'B';
    if (first < 224) return 'C';
    if (first < 240) return 'D';
    return 'E';
  }

  /** Whether the address lies in an RFC 1918 private block: 10/8, 172.16/12 or 192.168/16. */
  public boolean isPrivate() {
    return inBlock(address, 10 << 24, 8)
        || inBlock(address, 172 << 24 | 16 << 16, 12)
        || inBlock(address, 192 << 24 | 168 << 16, 16);
  }

  /**
   * Whether a plain dotted-decimal address (no prefix) lies inside this block, edges included.
   *
   * @throws IllegalArgumentException if {@code address} is null or malformed
   */
  public boolean contains(String address) {
    if (address == null) {
      throw new IllegalArgumentException("no address given (null)");
    }
    return inBlock(parseAddress(address), networkBits(), prefixLength);
  }

  /** CIDR notation of the address as given, e.g. {@code "192.168.1.10/24"}. */
  @Override
  public String toString() {
    return dotted(address) + "/" + prefixLength;
  }

  // --- bits ------------------------------------------------------------------------------

  private int maskBits() {
    return maskOf(prefixLength);
  }

  private int networkBits() {
    return address & maskBits();
  }

  /** The block's highest address: every host bit set. */
  private int topBits() {
    return networkBits() | ~maskBits();
  }

  private static int maskOf(int prefix) {
    // Java uses only the low 5 bits of an int shift distance: -1 << 32 would be -1, not 0
    return prefix == 0 ? 0 : -1 << (32 - prefix);
  }

  /** Equal network parts: no signed comparison, so blocks that span 128.0.0.0 work too. */
  private static boolean inBlock(int ip, int network, int prefix) {
    int mask = maskOf(prefix);
    return (ip & mask) == (network & mask);
  }

  private static String dotted(int ip) {
    return (ip >>> 24) + "." + (ip >>> 16 & 0xFF) + "." + (ip >>> 8 & 0xFF) + "." + (ip & 0xFF);
  }

  // --- parsing ---------------------------------------------------------------------------

  private static int parseAddress(String text) {
    // limit -1 keeps empty strings at the end: "1.2.3.4." must not look like four octets
    String[] octets = text.split("\\.", -1);
    if (octets.length != 4) {
      throw new IllegalArgumentException(
          "address " + quote(text) + " is not four octets separated by dots, e.g. 192.168.1.10");
    }
    int bits = 0;
    for (String octet : octets) {
      bits = bits << 8 | parseNumber(octet, 255, "octet", text);
    }
    return bits;
  }

  private static int parsePrefix(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("prefix length missing after '/'");
    }
    return parseNumber(text, 32, "prefix length", null);
  }

  /**
   * Plain ASCII digits only. Integer.parseInt alone would also take "+1", "-0" and non-ASCII
   * digits such as "١", which are not valid in an address.
   */
  private static int parseNumber(String text, int max, String what, String within) {
    String where = within == null ? "" : " in " + quote(within);
    if (text.isEmpty()) {
      throw new IllegalArgumentException("empty " + what + where);
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException(
            what + " " + quote(text) + where + " is not a number 0-" + max);
      }
    }
    // more than 3 digits is out of range anyway, and would overflow for long inputs
    if (text.length() > 3 || Integer.parseInt(text) > max) {
      throw new IllegalArgumentException(what + " " + text + where + " is out of range 0-" + max);
    }
    return Integer.parseInt(text);
  }

  private static String quote(String s) {
    return "\"" + s + "\"";
  }
}
