import java.util.Optional;

/**
 * An IPv4 address with a prefix length, such as {@code 192.168.1.10/24}, and everything that
 * follows from it: mask, network, broadcast, host range and host count.
 *
 * <p>Keep the address as one 32-bit {@code int} (lesson 1 shows how). Remember that from
 * {@code 128.0.0.0} upwards that int is negative.
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
   * length 0-32, with nothing before or after ({@code "192.168.1.10/24"}). Parse the text
   * yourself; do not use {@code InetAddress.getByName}, which may ask DNS.
   *
   * @throws IllegalArgumentException if {@code cidr} is null, empty or malformed; the message
   *     names the offending part (for example "octet 300 ... is out of range 0-255")
   */
  public static Subnet parse(String cidr) {
    // TODO: split at '/', parse four octets and the prefix length, check every range
    throw new UnsupportedOperationException("TODO: Subnet.parse");
  }

  /** The address as dotted decimal, e.g. {@code "192.168.1.10"}. */
  public String address() {
    // TODO
    throw new UnsupportedOperationException("TODO: Subnet.address");
  }

  /** The prefix length, 0 to 32. */
  public int prefixLength() {
    // TODO
    throw new UnsupportedOperationException("TODO: Subnet.prefixLength");
  }

  /** The subnet mask as dotted decimal, e.g. {@code "255.255.255.0"} for /24. */
  public String mask() {
    // TODO
    throw new UnsupportedOperationException("TODO: Subnet.mask");
  }

  /** The network address (host bits all 0), e.g. {@code "192.168.1.0"}. */
  public String network() {
    // TODO
    throw new UnsupportedOperationException("TODO: Subnet.network");
  }

  /**
   * The broadcast address (host bits all 1), e.g. {@code "192.168.1.255"}; empty for /31 and /32,
   * which have no broadcast address (RFC 3021 point-to-point link; a single host).
   */
  public Optional<String> broadcast() {
    // TODO
    throw new UnsupportedOperationException("TODO: Subnet.broadcast");
  }

  /** The lowest usable host address; /31: the lower address; /32: the address itself. */
  public String firstHost() {
    // TODO
    throw new UnsupportedOperationException("TODO: Subnet.firstHost");
  }

  /** The highest usable host address; /31: the upper address; /32: the address itself. */
  public String lastHost() {
    // TODO
    throw new UnsupportedOperationException("TODO: Subnet.lastHost");
  }

  /** Usable hosts: 2^(32-prefix) - 2, except /31 (2) and /32 (1). /0 gives 4294967294. */
  public long hostCount() {
    // TODO
    throw new UnsupportedOperationException("TODO: Subnet.hostCount");
  }

  /**
   * The historic address class from the first octet: 'A' 0-127, 'B' 128-191, 'C' 192-223,
   * 'D' 224-239 (multicast), 'E' 240-255 (reserved).
   */
  public char addressClass() {
    // TODO
    throw new UnsupportedOperationException("TODO: Subnet.addressClass");
  }

  /** Whether the address lies in an RFC 1918 private block: 10/8, 172.16/12 or 192.168/16. */
  public boolean isPrivate() {
    // TODO
    throw new UnsupportedOperationException("TODO: Subnet.isPrivate");
  }

  /**
   * Whether a plain dotted-decimal address (no prefix) lies inside this block, edges included.
   *
   * @throws IllegalArgumentException if {@code address} is null or malformed
   */
  public boolean contains(String address) {
    // TODO
    throw new UnsupportedOperationException("TODO: Subnet.contains");
  }

  /** CIDR notation of the address as given, e.g. {@code "192.168.1.10/24"}. */
  @Override
  public String toString() {
    // TODO
    return "TODO: Subnet.toString";
  }
}
