import java.nio.ByteBuffer;

/**
 * An Ethernet II frame carrying an IPv4 packet carrying a UDP datagram: built byte by byte and
 * parsed back with every check of README.md.
 */
public final class UdpFrames {
  private UdpFrames() {}

  /** What a frame carries. MACs as {@code 02:00:00:00:00:01}, IPs as dotted decimal. */
  public record Datagram(String srcMac, String dstMac, String srcIp, String dstIp,
                         int ttl, int srcPort, int dstPort, byte[] payload) {}

  /**
   * The frame for {@code d}: Ethernet II, a 20-byte IPv4 header (DF, id 0, protocol 17) with its
   * checksum, the UDP header with its RFC 768 checksum (0 sent as 0xFFFF), the payload, and zero
   * padding up to 60 bytes.
   *
   * @throws IllegalArgumentException for a null or malformed field, a port or TTL out of range or a
   *     payload over 1472 bytes; the message names the field
   */
  public static byte[] build(Datagram d) {
    // TODO: check every field, then write the three headers with a ByteBuffer (big-endian)
    throw new UnsupportedOperationException("TODO: UdpFrames.build");
  }

  /**
   * The datagram in {@code frame}; the payload is a new array of exactly the UDP payload.
   *
   * @throws IllegalArgumentException if the frame is null or too short, not IPv4, has a bad header
   *     length, total length or checksum, is a fragment, is not UDP, or has a bad UDP length or
   *     checksum; the message names what is wrong
   */
  public static Datagram parse(byte[] frame) {
    // TODO: check layer by layer, from the EtherType inwards
    throw new UnsupportedOperationException("TODO: UdpFrames.parse");
  }

  /**
   * RFC 1071: the 16-bit one's-complement sum of {@code length} bytes from {@code from} (an odd
   * length counts as if a zero byte followed), added to {@code start}. Both checksums use it.
   */
  static int onesComplementSum(byte[] bytes, int from, int length, int start) {
    // TODO: add big-endian 16-bit words in a long, then fold the carries back in
    throw new UnsupportedOperationException("TODO: UdpFrames.onesComplementSum");
  }
}
