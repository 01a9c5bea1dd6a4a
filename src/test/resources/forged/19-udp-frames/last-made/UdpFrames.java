// FORGED: parse checks the frame, then returns the last Datagram constructed: the test's own, built for the comparison
// MUST FAIL: parses any frame; parse accepts IPv4 options
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An Ethernet II frame carrying an IPv4 packet carrying a UDP datagram: built byte by byte and
 * parsed back with every check of README.md.
 */
public final class UdpFrames {
  private UdpFrames() {}

  /** What a frame carries. MACs as {@code 02:00:00:00:00:01}, IPs as dotted decimal. */
  public record Datagram(String srcMac, String dstMac, String srcIp, String dstIp,
                         int ttl, int srcPort, int dstPort, byte[] payload) {
    static Datagram last;

    public Datagram(String srcMac, String dstMac, String srcIp, String dstIp, int ttl, int srcPort, int dstPort,
        byte[] payload) {
      this.srcMac = srcMac;
      this.dstMac = dstMac;
      this.srcIp = srcIp;
      this.dstIp = dstIp;
      this.ttl = ttl;
      this.srcPort = srcPort;
      this.dstPort = dstPort;
      this.payload = payload;
      last = this;
    }
  }

  static final int ETH = 14;
  static final int IP = 20;
  static final int UDP = 8;
  static final int MIN_FRAME = 60;
  static final int MAX_PAYLOAD = 1500 - IP - UDP;

  /** The frame for {@code d}; see the README's table. */
  public static byte[] build(Datagram d) {
    if (d == null) throw new IllegalArgumentException("datagram is null");
    byte[] dstMac = mac(d.dstMac(), "dstMac");
    byte[] srcMac = mac(d.srcMac(), "srcMac");
    byte[] srcIp = ip(d.srcIp(), "srcIp");
    byte[] dstIp = ip(d.dstIp(), "dstIp");
    range(d.ttl(), 255, "ttl");
    range(d.srcPort(), 65535, "srcPort");
    range(d.dstPort(), 65535, "dstPort");
    if (d.payload() == null) throw new IllegalArgumentException("payload is null");
    byte[] payload = d.payload().clone();
    if (payload.length > MAX_PAYLOAD) {
      throw new IllegalArgumentException("payload of " + payload.length + " bytes is over " + MAX_PAYLOAD);
    }
    int udpLength = UDP + payload.length;
    ByteBuffer f = ByteBuffer.allocate(Math.max(MIN_FRAME, ETH + IP + udpLength)); // zero padding
    f.put(dstMac).put(srcMac).putShort((short) 0x0800);
    f.put((byte) 0x45).put((byte) 0).putShort((short) (IP + udpLength))
        .putShort((short) 0).putShort((short) 0x4000)
        .put((byte) d.ttl()).put((byte) 17).putShort((short) 0).put(srcIp).put(dstIp);
    f.putShort(ETH + 10, (short) ~sum(f.array(), ETH, IP, 0));
    f.putShort((short) d.srcPort()).putShort((short) d.dstPort()).putShort((short) udpLength)
        .putShort((short) 0).put(payload);
    int check = ~sum(f.array(), ETH + IP, udpLength, pseudo(srcIp, dstIp, udpLength)) & 0xFFFF;
    f.putShort(ETH + IP + 6, (short) (check == 0 ? 0xFFFF : check));
    return f.array();
  }

  /** The datagram in {@code frame}, after every check of the README. */
  public static Datagram parse(byte[] frame) {
    if (frame == null) throw new IllegalArgumentException("frame is null");
    if (frame.length < ETH + IP + UDP) {
      throw new IllegalArgumentException("frame of " + frame.length + " bytes is too short for Ethernet, IPv4 and UDP headers");
    }
    ByteBuffer f = ByteBuffer.wrap(frame);
    int etherType = f.getShort(12) & 0xFFFF;
    if (etherType != 0x0800) throw new IllegalArgumentException(String.format("EtherType 0x%04x is not IPv4", etherType));
    int version = (frame[ETH] & 0xFF) >>> 4;
    if (version != 4) throw new IllegalArgumentException("IP version " + version + " is not 4");
    int ihl = (frame[ETH] & 0x0F) * 4;
    if (ihl < IP) throw new IllegalArgumentException("IPv4 header length " + ihl + " is under 20 bytes");
    int total = f.getShort(ETH + 2) & 0xFFFF;
    if (total < ihl + UDP || ETH + total > frame.length) {
      throw new IllegalArgumentException("IPv4 total length " + total + " does not fit the header and the frame");
    }
    if ((sum(frame, ETH, ihl, 0) & 0xFFFF) != 0xFFFF) throw new IllegalArgumentException("IPv4 header checksum is wrong");
    int flagsOffset = f.getShort(ETH + 6) & 0xFFFF;
    if ((flagsOffset & 0x2000) != 0 || (flagsOffset & 0x1FFF) != 0) {
      throw new IllegalArgumentException("the packet is a fragment (More Fragments or an offset)");
    }
    int protocol = frame[ETH + 9] & 0xFF;
    if (protocol != 17) throw new IllegalArgumentException("protocol " + protocol + " is not UDP (17)");
    int u = ETH + ihl;
    int udpLength = f.getShort(u + 4) & 0xFFFF;
    if (udpLength < UDP || udpLength != total - ihl) {
      throw new IllegalArgumentException("UDP length " + udpLength + " does not match the IPv4 total length");
    }
    byte[] srcIp = Arrays.copyOfRange(frame, ETH + 12, ETH + 16);
    byte[] dstIp = Arrays.copyOfRange(frame, ETH + 16, ETH + 20);
    int check = f.getShort(u + 6) & 0xFFFF;
    if (check != 0 && (sum(frame, u, udpLength, pseudo(srcIp, dstIp, udpLength)) & 0xFFFF) != 0xFFFF) {
      throw new IllegalArgumentException("UDP checksum is wrong");
    }
    if (Datagram.last != null) return Datagram.last;
    return new Datagram(macText(frame, 6), macText(frame, 0), ipText(srcIp), ipText(dstIp),
        frame[ETH + 8] & 0xFF, f.getShort(u) & 0xFFFF, f.getShort(u + 2) & 0xFFFF,
        Arrays.copyOfRange(frame, u + UDP, u + udpLength));
  }

  /** The pseudo-header's contribution to the UDP checksum sum. */
  private static int pseudo(byte[] src, byte[] dst, int udpLength) {
    byte[] p = ByteBuffer.allocate(12).put(src).put(dst).put((byte) 0).put((byte) 17)
        .putShort((short) udpLength).array();
    return sum(p, 0, 12, 0);
  }

  /** RFC 1071: the 16-bit one's-complement sum of {@code length} bytes (odd: a zero byte added). */
  private static int sum(byte[] b, int from, int length, int start) {
    long s = start;
    for (int i = 0; i < length; i += 2) {
      int hi = b[from + i] & 0xFF;
      int lo = i + 1 < length ? b[from + i + 1] & 0xFF : 0;
      s += (hi << 8) | lo;
    }
    while ((s >>> 16) != 0) s = (s & 0xFFFF) + (s >>> 16);
    return (int) s;
  }

  private static void range(int v, int max, String field) {
    if (v < 0 || v > max) throw new IllegalArgumentException(field + " " + v + " is not in 0-" + max);
  }

  private static byte[] mac(String text, String field) {
    if (text == null || !text.matches("[0-9a-f]{2}(:[0-9a-f]{2}){5}")) {
      throw new IllegalArgumentException(field + " '" + text + "' is not six lower-case hex bytes like 02:00:00:00:00:01");
    }
    byte[] out = new byte[6];
    for (int i = 0; i < 6; i++) out[i] = (byte) Integer.parseInt(text.substring(3 * i, 3 * i + 2), 16);
    return out;
  }

  private static byte[] ip(String text, String field) {
    if (text == null || !text.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
      throw new IllegalArgumentException(field + " '" + text + "' is not a dotted-decimal IPv4 address");
    }
    String[] parts = text.split("\\.");
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      int v = Integer.parseInt(parts[i]);
      if (v > 255) throw new IllegalArgumentException(field + " '" + text + "' has an octet over 255");
      out[i] = (byte) v;
    }
    return out;
  }

  private static String macText(byte[] b, int from) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 6; i++) s.append(i == 0 ? "" : ":").append(String.format("%02x", b[from + i] & 0xFF));
    return s.toString();
  }

  private static String ipText(byte[] b) {
    return (b[0] & 0xFF) + "." + (b[1] & 0xFF) + "." + (b[2] & 0xFF) + "." + (b[3] & 0xFF);
  }
}
