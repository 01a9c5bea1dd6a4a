// ALTERNATIVE: plain byte arrays and shifts instead of ByteBuffer, InetAddress-free parsing with split, checksum verified by recomputing and comparing, different error wording
import java.util.Arrays;

public final class UdpFrames {
  private UdpFrames() {}

  public record Datagram(String srcMac, String dstMac, String srcIp, String dstIp,
                         int ttl, int srcPort, int dstPort, byte[] payload) {}

  public static byte[] build(Datagram d) {
    if (d == null) throw new IllegalArgumentException("no datagram given");
    byte[] dm = macBytes(d.dstMac(), "dstMac");
    byte[] sm = macBytes(d.srcMac(), "srcMac");
    byte[] si = ipBytes(d.srcIp(), "srcIp");
    byte[] di = ipBytes(d.dstIp(), "dstIp");
    if (d.ttl() < 0 || d.ttl() > 255) throw new IllegalArgumentException("bad ttl: " + d.ttl());
    if (d.srcPort() < 0 || d.srcPort() > 65535) throw new IllegalArgumentException("bad srcPort: " + d.srcPort());
    if (d.dstPort() < 0 || d.dstPort() > 65535) throw new IllegalArgumentException("bad dstPort: " + d.dstPort());
    if (d.payload() == null || d.payload().length > 1472) throw new IllegalArgumentException("bad payload size");
    byte[] data = Arrays.copyOf(d.payload(), d.payload().length);
    int udpLen = 8 + data.length;
    byte[] f = new byte[Math.max(60, 34 + udpLen)];
    System.arraycopy(dm, 0, f, 0, 6);
    System.arraycopy(sm, 0, f, 6, 6);
    put16(f, 12, 0x0800);
    f[14] = 0x45;
    put16(f, 16, 20 + udpLen);
    put16(f, 20, 0x4000);
    f[22] = (byte) d.ttl();
    f[23] = 17;
    System.arraycopy(si, 0, f, 26, 4);
    System.arraycopy(di, 0, f, 30, 4);
    put16(f, 24, checksum(f, 14, 20, 0));
    put16(f, 34, d.srcPort());
    put16(f, 36, d.dstPort());
    put16(f, 38, udpLen);
    System.arraycopy(data, 0, f, 42, data.length);
    int c = checksum(f, 34, udpLen, pseudoSum(f, 26, udpLen));
    put16(f, 40, c == 0 ? 0xFFFF : c);
    return f;
  }

  public static Datagram parse(byte[] frame) {
    if (frame == null || frame.length < 42) throw new IllegalArgumentException("frame missing or shorter than 42 bytes");
    if (get16(frame, 12) != 0x0800) throw new IllegalArgumentException("not an IPv4 frame");
    if ((frame[14] & 0xF0) != 0x40) throw new IllegalArgumentException("not IP version 4");
    int hl = (frame[14] & 0x0F) << 2;
    if (hl < 20) throw new IllegalArgumentException("header length below 20");
    int total = get16(frame, 16);
    if (total < hl + 8 || total > frame.length - 14) throw new IllegalArgumentException("bad total length");
    int stored = get16(frame, 24);
    byte[] header = Arrays.copyOfRange(frame, 14, 14 + hl);
    header[10] = 0;
    header[11] = 0;
    if (checksum(header, 0, hl, 0) != stored) throw new IllegalArgumentException("bad header checksum");
    int fo = get16(frame, 20);
    if ((fo & 0x3FFF) != 0) throw new IllegalArgumentException("fragmented packet");
    if ((frame[23] & 0xFF) != 17) throw new IllegalArgumentException("not UDP");
    int u = 14 + hl;
    int udpLen = get16(frame, u + 4);
    if (udpLen != total - hl || udpLen < 8) throw new IllegalArgumentException("bad UDP length");
    int sent = get16(frame, u + 6);
    if (sent != 0) {
      byte[] udp = Arrays.copyOfRange(frame, u, u + udpLen);
      udp[6] = 0;
      udp[7] = 0;
      int want = checksum(udp, 0, udpLen, pseudoSum(frame, 26, udpLen));
      if (want == 0) want = 0xFFFF;
      if (want != sent) throw new IllegalArgumentException("bad UDP checksum");
    }
    return new Datagram(macText(frame, 6), macText(frame, 0), ipText(frame, 26), ipText(frame, 30),
        frame[22] & 0xFF, get16(frame, u), get16(frame, u + 2), Arrays.copyOfRange(frame, u + 8, u + udpLen));
  }

  private static int pseudoSum(byte[] f, int addrs, int udpLen) {
    byte[] p = new byte[12];
    System.arraycopy(f, addrs, p, 0, 8);
    p[9] = 17;
    put16(p, 10, udpLen);
    return sum(p, 0, 12, 0);
  }

  private static int checksum(byte[] b, int from, int len, int start) {
    return ~sum(b, from, len, start) & 0xFFFF;
  }

  private static int sum(byte[] b, int from, int len, int start) {
    int s = start;
    for (int i = 0; i < len; i++) {
      s += (i % 2 == 0) ? (b[from + i] & 0xFF) << 8 : b[from + i] & 0xFF;
      s = (s & 0xFFFF) + (s >>> 16);
    }
    return s;
  }

  private static void put16(byte[] b, int at, int v) {
    b[at] = (byte) (v >> 8);
    b[at + 1] = (byte) v;
  }

  private static int get16(byte[] b, int at) {
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }

  private static byte[] macBytes(String s, String field) {
    if (s == null || s.length() != 17) throw new IllegalArgumentException("bad " + field);
    String[] parts = s.split(":", -1);
    if (parts.length != 6) throw new IllegalArgumentException("bad " + field);
    byte[] out = new byte[6];
    for (int i = 0; i < 6; i++) {
      String p = parts[i];
      if (p.length() != 2 || !isLowerHex(p.charAt(0)) || !isLowerHex(p.charAt(1))) {
        throw new IllegalArgumentException("bad " + field);
      }
      out[i] = (byte) Integer.parseInt(p, 16);
    }
    return out;
  }

  private static boolean isLowerHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }

  private static byte[] ipBytes(String s, String field) {
    if (s == null) throw new IllegalArgumentException("bad " + field);
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) throw new IllegalArgumentException("bad " + field);
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new IllegalArgumentException("bad " + field);
      }
      int v = Integer.parseInt(p);
      if (v > 255) throw new IllegalArgumentException("bad " + field);
      out[i] = (byte) v;
    }
    return out;
  }

  private static String macText(byte[] b, int at) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      if (i > 0) s.append(':');
      s.append(Character.forDigit((b[at + i] >> 4) & 0xF, 16)).append(Character.forDigit(b[at + i] & 0xF, 16));
    }
    return s.toString();
  }

  private static String ipText(byte[] b, int at) {
    return (b[at] & 0xFF) + "." + (b[at + 1] & 0xFF) + "." + (b[at + 2] & 0xFF) + "." + (b[at + 3] & 0xFF);
  }
}
