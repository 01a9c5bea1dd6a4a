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
 * <p>Parsing is pure text work. Never resolve a name (no DNS): {@code InetAddress.getByName}
 * looks up anything that is not an address literal, so do not call it on names.
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

  private Endpoint() {
    // TODO: fields for the host, its type and the port (if any); a constructor that sets them
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
    // TODO: brackets first, then count the colons, then check the host and the port
    throw new UnsupportedOperationException("TODO: Endpoint.parse");
  }

  /** The host as written, without brackets: {@code "::1"} for {@code [::1]:8080}. */
  public String host() {
    // TODO
    throw new UnsupportedOperationException("TODO: Endpoint.host");
  }

  /** Whether the host is an IPv4 address, an IPv6 address or a name. */
  public HostType hostType() {
    // TODO
    throw new UnsupportedOperationException("TODO: Endpoint.hostType");
  }

  /** Whether the host is an IPv6 address. */
  public boolean isIpv6() {
    // TODO
    throw new UnsupportedOperationException("TODO: Endpoint.isIpv6");
  }

  /** The port, or {@code OptionalInt.empty()} when the text had none. */
  public OptionalInt port() {
    // TODO
    throw new UnsupportedOperationException("TODO: Endpoint.port");
  }

  /**
   * The IANA range of a port: {@link PortRange#WELL_KNOWN} for 0-1023, {@link
   * PortRange#REGISTERED} for 1024-49151, {@link PortRange#DYNAMIC} for 49152-65535.
   *
   * @throws IllegalArgumentException if {@code port} is outside 0-65535; the message names it
   */
  public static PortRange classify(int port) {
    // TODO
    throw new UnsupportedOperationException("TODO: Endpoint.classify");
  }

  /**
   * The endpoint as text again: {@code host:port}, {@code [ipv6]:port} with brackets, or the
   * host alone (an IPv6 address without a port has no brackets: {@code ::1}).
   */
  @Override
  public String toString() {
    // TODO
    return "TODO: Endpoint.toString";
  }
}
