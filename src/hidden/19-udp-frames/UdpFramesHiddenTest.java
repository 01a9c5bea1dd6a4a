import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import netlab.grade.api.Points;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hidden tests for exercise 19, udp-frames. Frames are compared with ones built here by an
 * independent builder (and two fixed vectors computed outside Java), and parse() is fed frames
 * damaged one field at a time.
 */
class UdpFramesHiddenTest {

  static final HexFormat HEX = HexFormat.of();

  // lesson 15's example, with the UDP checksum: computed independently (Python struct)
  static final String HELLO_FRAME = "0200000000020200000000010800450000210000400040114e7ac000020ac6336414"
      + "c3500035000d0c2a68656c6c6f00000000000000000000000000";
  static final String BROADCAST_FRAME = "ffffffffffff0abcdef0123408004500004e00004000011164a00a0000010a0000ff"
      + "14e914e9003a6635000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728"
      + "292a2b2c2d2e2f3031";

  static UdpFrames.Datagram hello() {
    return new UdpFrames.Datagram("02:00:00:00:00:01", "02:00:00:00:00:02", "192.0.2.10", "198.51.100.20", 64,
        50000, 53, "hello".getBytes(StandardCharsets.US_ASCII));
  }

  static String show(UdpFrames.Datagram d) {
    return "Datagram(" + d.srcMac() + ", " + d.dstMac() + ", " + d.srcIp() + ", " + d.dstIp() + ", ttl " + d.ttl()
        + ", ports " + d.srcPort() + " -> " + d.dstPort() + ", payload of "
        + (d.payload() == null ? "null" : d.payload().length + " bytes") + ")";
  }

  /** Where two frames first differ, named by layer and field. */
  static String firstDifference(byte[] want, byte[] got) {
    int n = Math.min(want.length, got.length);
    for (int i = 0; i < n; i++) {
      if (want[i] != got[i]) {
        return String.format("first difference at byte %d (%s): expected %02x, got %02x", i, field(i),
            want[i] & 0xFF, got[i] & 0xFF);
      }
    }
    return "lengths differ: expected " + want.length + " bytes, got " + got.length;
  }

  static String field(int i) {
    if (i < 6) return "Ethernet destination MAC";
    if (i < 12) return "Ethernet source MAC";
    if (i < 14) return "EtherType";
    String[] ip = {"version/IHL", "TOS", "total length", "total length", "identification", "identification",
        "flags/fragment offset", "flags/fragment offset", "TTL", "protocol", "header checksum", "header checksum",
        "source IP", "source IP", "source IP", "source IP", "destination IP", "destination IP", "destination IP",
        "destination IP"};
    if (i < 34) return "IPv4 " + ip[i - 14];
    String[] udp = {"source port", "source port", "destination port", "destination port", "length", "length",
        "checksum", "checksum"};
    if (i < 42) return "UDP " + udp[i - 34];
    return "payload or padding";
  }

  static byte[] build(UdpFrames.Datagram d) {
    try {
      byte[] f = UdpFrames.build(d);
      assertNotNull(f, () -> "build(" + show(d) + ") returned null");
      return f;
    } catch (RuntimeException e) {
      throw new AssertionError("build(" + show(d) + ") threw " + e, e);
    }
  }

  static void sameFrame(byte[] want, UdpFrames.Datagram d) {
    byte[] got = build(d);
    if (!java.util.Arrays.equals(want, got)) {
      fail("build(" + show(d) + "): " + firstDifference(want, got) + "\nexpected " + HEX.formatHex(want) + "\ngot      "
          + HEX.formatHex(got));
    }
  }

  // ---- an independent builder: int arithmetic on an int[] of bytes, fields settable for damage ----

  static final class Frame {
    int[] dstMac = {2, 0, 0, 0, 0, 2};
    int[] srcMac = {2, 0, 0, 0, 0, 1};
    int etherType = 0x0800;
    int version = 4;
    int[] options = {};
    Integer totalLength; // null: computed
    int flagsOffset = 0x4000;
    int ttl = 64;
    int protocol = 17;
    int[] srcIp = {192, 0, 2, 10};
    int[] dstIp = {198, 51, 100, 20};
    int srcPort = 50000;
    int dstPort = 53;
    Integer udpLength; // null: computed
    Integer udpChecksum; // null: computed; 0: none
    boolean breakHeaderChecksum;
    byte[] payload = "hello".getBytes(StandardCharsets.US_ASCII);
    int padTo = 60;

    byte[] bytes() {
      List<Integer> b = new ArrayList<>();
      for (int x : dstMac) b.add(x);
      for (int x : srcMac) b.add(x);
      add16(b, etherType);
      int ihl = 5 + options.length / 4;
      int ulen = udpLength != null ? udpLength : 8 + payload.length;
      int total = totalLength != null ? totalLength : ihl * 4 + 8 + payload.length;
      List<Integer> ip = new ArrayList<>();
      ip.add((version << 4) | ihl);
      ip.add(0);
      add16(ip, total);
      add16(ip, 0);
      add16(ip, flagsOffset);
      ip.add(ttl);
      ip.add(protocol);
      add16(ip, 0);
      for (int x : srcIp) ip.add(x);
      for (int x : dstIp) ip.add(x);
      for (int x : options) ip.add(x);
      int hc = ~fold(words(ip, 0)) & 0xFFFF;
      if (breakHeaderChecksum) hc ^= 0x0100;
      ip.set(10, hc >>> 8);
      ip.set(11, hc & 0xFF);
      List<Integer> udp = new ArrayList<>();
      add16(udp, srcPort);
      add16(udp, dstPort);
      add16(udp, ulen);
      add16(udp, 0);
      for (byte x : payload) udp.add(x & 0xFF);
      int uc;
      if (udpChecksum != null) {
        uc = udpChecksum;
      } else {
        List<Integer> pseudo = new ArrayList<>();
        for (int x : srcIp) pseudo.add(x);
        for (int x : dstIp) pseudo.add(x);
        pseudo.add(0);
        pseudo.add(17);
        add16(pseudo, 8 + payload.length);
        uc = ~fold(words(pseudo, 0) + words(udp, 0)) & 0xFFFF;
        if (uc == 0) uc = 0xFFFF;
      }
      udp.set(6, uc >>> 8);
      udp.set(7, uc & 0xFF);
      b.addAll(ip);
      b.addAll(udp);
      while (b.size() < padTo) b.add(0);
      byte[] out = new byte[b.size()];
      for (int i = 0; i < out.length; i++) out[i] = (byte) (int) b.get(i);
      return out;
    }

    UdpFrames.Datagram datagram() {
      return new UdpFrames.Datagram(mac(srcMac), mac(dstMac), ip(srcIp), ip(dstIp), ttl, srcPort, dstPort,
          payload.clone());
    }
  }

  static void add16(List<Integer> b, int v) {
    b.add((v >>> 8) & 0xFF);
    b.add(v & 0xFF);
  }

  static long words(List<Integer> b, int from) {
    long s = 0;
    for (int i = from; i < b.size(); i += 2) s += (b.get(i) << 8) + (i + 1 < b.size() ? b.get(i + 1) : 0);
    return s;
  }

  static int fold(long s) {
    while (s > 0xFFFF) s = (s & 0xFFFF) + (s >>> 16);
    return (int) s;
  }

  static String mac(int[] m) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < m.length; i++) s.append(i == 0 ? "" : ":").append(String.format("%02x", m[i]));
    return s.toString();
  }

  static String ip(int[] a) {
    return a[0] + "." + a[1] + "." + a[2] + "." + a[3];
  }

  static Frame frame(Consumer<Frame> change) {
    Frame f = new Frame();
    change.accept(f);
    return f;
  }

  // ---- build ----

  @Test
  @DisplayName("builds lesson 15's frame byte for byte: headers, both checksums, zero padding to 60 bytes")
  @Points(1)
  void buildsTheLessonsFrame() {
    sameFrame(HEX.parseHex(HELLO_FRAME), hello());
    byte[] payload = new byte[50];
    for (int i = 0; i < 50; i++) payload[i] = (byte) i;
    sameFrame(HEX.parseHex(BROADCAST_FRAME), new UdpFrames.Datagram("0a:bc:de:f0:12:34", "ff:ff:ff:ff:ff:ff",
        "10.0.0.1", "10.0.0.255", 1, 5353, 5353, payload));
  }

  @Test
  @DisplayName("IPv4 header checksum (RFC 1071) right for any addresses, TTL and length, carries folded")
  @Points(1)
  void headerChecksums() {
    Random r = new Random(19);
    for (int i = 0; i < 300; i++) {
      Frame f = randomFrame(r, r.nextInt(200));
      f.udpChecksum = null;
      sameFrame(f.bytes(), f.datagram());
    }
  }

  @Test
  @DisplayName("UDP checksum (RFC 768) covers the pseudo-header, header and payload; odd lengths padded")
  @Points(1)
  void udpChecksums() {
    Random r = new Random(768);
    for (int len : new int[] {0, 1, 2, 3, 17, 18, 255, 1471, 1472}) {
      for (int i = 0; i < 20; i++) {
        Frame f = randomFrame(r, len);
        sameFrame(f.bytes(), f.datagram());
      }
    }
  }

  @Test
  @DisplayName("a UDP checksum that computes to 0x0000 is sent as 0xFFFF (0 would mean no checksum)")
  @Points(1)
  void zeroChecksumSentAsFfff() {
    Random r = new Random(0xFFFF);
    int found = 0;
    for (int i = 0; i < 50; i++) {
      Frame f = randomFrame(r, 2);
      // choose the 2-byte payload that makes the sum 0xFFFF, so the checksum computes to 0
      f.payload = new byte[] {0, 0};
      f.udpChecksum = 0;
      List<Integer> pseudo = new ArrayList<>();
      for (int x : f.srcIp) pseudo.add(x);
      for (int x : f.dstIp) pseudo.add(x);
      pseudo.add(0);
      pseudo.add(17);
      add16(pseudo, 10);
      List<Integer> udp = new ArrayList<>();
      add16(udp, f.srcPort);
      add16(udp, f.dstPort);
      add16(udp, 10);
      int s = fold(words(pseudo, 0) + words(udp, 0));
      if (s == 0xFFFF) continue;
      int w = 0xFFFF - s;
      f.payload = new byte[] {(byte) (w >>> 8), (byte) w};
      f.udpChecksum = null;
      byte[] want = f.bytes();
      assertEquals(0xFF, want[40] & 0xFF, "the test's own frame has checksum 0xFFFF");
      byte[] got = build(f.datagram());
      assertEquals("ffff", HEX.formatHex(got, 40, 42), () -> "build(" + show(f.datagram())
          + "): the UDP checksum computes to 0x0000 here, which RFC 768 sends as 0xFFFF");
      sameFrame(want, f.datagram());
      found++;
    }
    assertTrue(found > 40, "the test found enough cases: " + found);
  }

  @Test
  @DisplayName("pads short frames with zeros to 60 bytes, never longer ones; lengths leave the padding out")
  @Points(1)
  void padding() {
    for (int len : new int[] {0, 1, 17, 18, 19, 100}) {
      Frame f = frame(x -> x.payload = new byte[len]);
      byte[] got = build(f.datagram());
      int want = Math.max(60, 42 + len);
      assertEquals(want, got.length, "frame length for a " + len + "-byte payload (14 + 20 + 8 + " + len
          + ", padded to at least 60)");
      sameFrame(f.bytes(), f.datagram());
    }
  }

  @Test
  @DisplayName("rejects bad fields with IllegalArgumentException naming them: ports, TTL, MACs, IPs, 1473-byte payload, null")
  @Points(1)
  void buildRejectsBadFields() {
    UdpFrames.Datagram ok = hello();
    byte[] p = ok.payload();
    badBuild("srcPort", new UdpFrames.Datagram(ok.srcMac(), ok.dstMac(), ok.srcIp(), ok.dstIp(), 64, -1, 53, p));
    badBuild("srcPort", new UdpFrames.Datagram(ok.srcMac(), ok.dstMac(), ok.srcIp(), ok.dstIp(), 64, 65536, 53, p));
    badBuild("dstPort", new UdpFrames.Datagram(ok.srcMac(), ok.dstMac(), ok.srcIp(), ok.dstIp(), 64, 53, 65536, p));
    badBuild("dstPort", new UdpFrames.Datagram(ok.srcMac(), ok.dstMac(), ok.srcIp(), ok.dstIp(), 64, 53, -1, p));
    badBuild("ttl", new UdpFrames.Datagram(ok.srcMac(), ok.dstMac(), ok.srcIp(), ok.dstIp(), 256, 1, 53, p));
    badBuild("ttl", new UdpFrames.Datagram(ok.srcMac(), ok.dstMac(), ok.srcIp(), ok.dstIp(), -1, 1, 53, p));
    badBuild("payload", new UdpFrames.Datagram(ok.srcMac(), ok.dstMac(), ok.srcIp(), ok.dstIp(), 64, 1, 53, new byte[1473]));
    badBuild("payload", new UdpFrames.Datagram(ok.srcMac(), ok.dstMac(), ok.srcIp(), ok.dstIp(), 64, 1, 53, null));
    for (String mac : new String[] {null, "", "02:00:00:00:00", "02:00:00:00:00:01:02", "02-00-00-00-00-01",
        "02:00:00:00:00:0g", "2:0:0:0:0:1", "02:00:00:00:00:0A"}) {
      badBuild("srcMac", new UdpFrames.Datagram(mac, ok.dstMac(), ok.srcIp(), ok.dstIp(), 64, 1, 53, p));
      badBuild("dstMac", new UdpFrames.Datagram(ok.srcMac(), mac, ok.srcIp(), ok.dstIp(), 64, 1, 53, p));
    }
    for (String ip : new String[] {null, "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.999", "a.b.c.d", "1..2.3",
        "-1.2.3.4", " 1.2.3.4"}) {
      badBuild("srcIp", new UdpFrames.Datagram(ok.srcMac(), ok.dstMac(), ip, ok.dstIp(), 64, 1, 53, p));
      badBuild("dstIp", new UdpFrames.Datagram(ok.srcMac(), ok.dstMac(), ok.srcIp(), ip, 64, 1, 53, p));
    }
    try {
      UdpFrames.build(null);
      fail("build(null) returned normally; the README says IllegalArgumentException");
    } catch (IllegalArgumentException expected) {
      // as the README says
    }
    // the edges that are allowed
    build(new UdpFrames.Datagram(ok.srcMac(), ok.dstMac(), "0.0.0.0", "255.255.255.255", 0, 0, 65535, new byte[1472]));
    build(new UdpFrames.Datagram(ok.srcMac(), ok.dstMac(), ok.srcIp(), ok.dstIp(), 255, 65535, 0, new byte[0]));
  }

  static void badBuild(String field, UdpFrames.Datagram d) {
    try {
      byte[] f = UdpFrames.build(d);
      fail("build(" + show(d) + " with a bad " + field + ") returned " + (f == null ? "null" : f.length + " bytes")
          + "; the README says IllegalArgumentException naming " + field);
    } catch (IllegalArgumentException e) {
      String m = String.valueOf(e.getMessage());
      assertTrue(m.contains(field), () -> "build(" + show(d) + "): the message \"" + m + "\" should name the field, "
          + field);
    } catch (RuntimeException e) {
      fail("build(" + show(d) + " with a bad " + field + ") threw " + e + "; the README says IllegalArgumentException");
    }
  }

  @Test
  @DisplayName("copies the payload: changing the array after build() or parse() changes nothing else")
  @Points(1)
  void payloadCopied() {
    byte[] payload = "hello".getBytes(StandardCharsets.US_ASCII);
    UdpFrames.Datagram d = new UdpFrames.Datagram("02:00:00:00:00:01", "02:00:00:00:00:02", "192.0.2.10",
        "198.51.100.20", 64, 50000, 53, payload);
    byte[] first = build(d);
    payload[0] = 'j';
    assertArrayEquals(HEX.parseHex(HELLO_FRAME), first, "the frame after the caller changed the payload array");
    byte[] frame = HEX.parseHex(HELLO_FRAME);
    UdpFrames.Datagram parsed = UdpFrames.parse(frame);
    parsed.payload()[0] = 'j';
    assertEquals("hello", new String(UdpFrames.parse(frame).payload(), StandardCharsets.US_ASCII),
        "parse() again after the caller changed the first result's payload");
  }

  // ---- parse ----

  @Test
  @DisplayName("parses any frame build() makes back to the same datagram, payload of exact length")
  @Points(1)
  void roundTrip() {
    Random r = new Random(1500);
    List<Frame> frames = new ArrayList<>();
    for (int i = 0; i < 200; i++) frames.add(randomFrame(r, i < 3 ? new int[] {0, 1, 1472}[i] : r.nextInt(300)));
    for (Frame f : frames) same(f, parseOk(f.bytes()), HEX.formatHex(f.bytes()));
    // every datagram built before any is parsed back, last first, from a copy: a parse that
    // handed back the last Datagram made or built (or looked the array up) would not be parsing
    List<byte[]> built = new ArrayList<>();
    for (Frame f : frames) built.add(build(f.datagram()));
    for (int k = frames.size() - 1; k >= 0; k--) {
      byte[] frame = built.get(k) == null ? null : built.get(k).clone();
      same(frames.get(k), parseOk(frame), "build(" + show(frames.get(k)) + ")");
    }
  }

  static UdpFrames.Datagram parseOk(byte[] frame) {
    try {
      UdpFrames.Datagram d = UdpFrames.parse(frame);
      assertNotNull(d, () -> "parse(" + HEX.formatHex(frame) + ") returned null");
      return d;
    } catch (RuntimeException e) {
      throw new AssertionError("parse(" + HEX.formatHex(frame) + ") threw " + e + " for a well-formed frame", e);
    }
  }

  /**
   * What parse returned, against the frame's own values: never against a Datagram the test built
   * (the student's constructor sees its values, and the student's accessors answer for it).
   */
  static void same(Frame want, UdpFrames.Datagram got, String frame) {
    String ctx = "parse(" + frame + ")";
    assertEquals(mac(want.srcMac), got.srcMac(), ctx + ": srcMac");
    assertEquals(mac(want.dstMac), got.dstMac(), ctx + ": dstMac");
    assertEquals(ip(want.srcIp), got.srcIp(), ctx + ": srcIp");
    assertEquals(ip(want.dstIp), got.dstIp(), ctx + ": dstIp");
    assertEquals(want.ttl, got.ttl(), ctx + ": ttl");
    assertEquals(want.srcPort, got.srcPort(), ctx + ": srcPort");
    assertEquals(want.dstPort, got.dstPort(), ctx + ": dstPort");
    assertArrayEquals(want.payload, got.payload(), ctx + ": payload (exactly the UDP payload, no padding)");
  }

  static String show(Frame f) {
    return "Datagram(" + mac(f.srcMac) + ", " + mac(f.dstMac) + ", " + ip(f.srcIp) + ", " + ip(f.dstIp) + ", ttl " + f.ttl
        + ", ports " + f.srcPort + " -> " + f.dstPort + ", payload of " + f.payload.length + " bytes)";
  }

  @Test
  @DisplayName("parse accepts IPv4 options (IHL 6-15), ignores Ethernet padding, and a UDP checksum of 0 (none)")
  @Points(1)
  void parseAcceptsWhatIsLegal() {
    for (int words = 1; words <= 10; words++) {
      int n = words;
      Frame f = frame(x -> x.options = optionBytes(n * 4));
      same(f, parseOk(f.bytes()), HEX.formatHex(f.bytes()) + " (IHL " + (5 + n) + ")");
    }
    Frame padded = frame(x -> x.padTo = 200);
    same(padded, parseOk(padded.bytes()), HEX.formatHex(padded.bytes()) + " (140 bytes of padding)");
    Frame noChecksum = frame(x -> x.udpChecksum = 0);
    same(noChecksum, parseOk(noChecksum.bytes()), HEX.formatHex(noChecksum.bytes()) + " (UDP checksum 0)");
    Frame noDf = frame(x -> x.flagsOffset = 0);
    same(noDf, parseOk(noDf.bytes()), HEX.formatHex(noDf.bytes()) + " (DF clear)");
    Frame exact = frame(x -> {
      x.payload = new byte[0];
      x.padTo = 0;
    });
    same(exact, parseOk(exact.bytes()), HEX.formatHex(exact.bytes()) + " (42 bytes, no padding)");
  }

  static int[] optionBytes(int n) {
    int[] o = new int[n];
    for (int i = 0; i < n; i++) o[i] = 1; // NOP options
    return o;
  }

  @Test
  @DisplayName("parse rejects damaged Ethernet and IPv4: short, EtherType, version, IHL, total length, checksum")
  @Points(1)
  void parseRejectsBadIpv4() {
    badParse(null, "null");
    badParse(new byte[41], "41 bytes");
    badParse(new byte[0], "0 bytes");
    badParse(new byte[13], "13 bytes, not even an Ethernet header");
    badParse(ihl4Consistent(), "IHL 4: a 16-byte header, every length and checksum consistent with it");
    badParse(totalInsideOptions(), "IHL 15 (60-byte header) but total length 52");
    badParse(java.util.Arrays.copyOf(frame(x -> x.padTo = 0).bytes(), 41), "one byte short of the headers");
    badParse(frame(x -> x.etherType = 0x86DD).bytes(), "EtherType 0x86DD (IPv6)");
    badParse(frame(x -> x.etherType = 0x0806).bytes(), "EtherType 0x0806 (ARP)");
    badParse(frame(x -> x.version = 6).bytes(), "IP version 6");
    badParse(frame(x -> x.version = 5).bytes(), "IP version 5");
    byte[] ihl4 = frame(x -> { }).bytes();
    ihl4[14] = 0x44;
    fixHeaderChecksum(ihl4, 16);
    badParse(ihl4, "IHL 4 (16 bytes)");
    badParse(frame(x -> x.totalLength = 27).bytes(), "total length 27, under 20 + 8");
    badParse(frame(x -> {
      x.totalLength = 60 - 14 + 1;
      x.udpLength = 60 - 14 + 1 - 20;
    }).bytes(), "total length one byte past the frame");
    badParse(frame(x -> x.breakHeaderChecksum = true).bytes(), "a wrong header checksum");
    byte[] flipped = frame(x -> { }).bytes();
    flipped[14 + 8] ^= 1; // TTL changed after the checksum was computed
    badParse(flipped, "a TTL changed after the checksum");
  }

  /**
   * A frame whose IPv4 header claims 16 bytes (IHL 4) and is otherwise consistent: the UDP header
   * at byte 30, lengths and both checksums computed for that layout. Only the IHL rule rejects it.
   */
  static byte[] ihl4Consistent() {
    byte[] f = new byte[60];
    int[] head = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0, 0x44, 0};
    for (int i = 0; i < head.length; i++) f[i] = (byte) head[i];
    int udpLength = 8 + 6;
    put16(f, 16, 16 + udpLength);           // total length
    put16(f, 20, 0x4000);
    f[22] = 64;
    f[23] = 17;
    f[26] = (byte) 192; f[27] = 0; f[28] = 2; f[29] = 10; // source address: the last 4 bytes of 16
    put16(f, 30, 50000);                    // UDP at 14 + 16: these ports are also the "destination"
    put16(f, 32, 53);
    put16(f, 34, udpLength);
    for (int i = 0; i < 6; i++) f[38 + i] = (byte) ('a' + i);
    fixHeaderChecksum(f, 16);
    long s = 0;
    for (int i = 26; i < 34; i += 2) s += ((f[i] & 0xFF) << 8) + (f[i + 1] & 0xFF); // pseudo: addresses
    s += 17 + udpLength;
    for (int i = 30; i < 30 + udpLength; i += 2) s += ((f[i] & 0xFF) << 8) + (f[i + 1] & 0xFF);
    int c = ~fold(s) & 0xFFFF;
    put16(f, 36, c == 0 ? 0xFFFF : c);
    return f;
  }

  /** IHL 15 (a 60-byte header) in a frame of 14 + 52 bytes whose total length says 52. */
  static byte[] totalInsideOptions() {
    byte[] f = new byte[66];
    byte[] base = new Frame().bytes();
    System.arraycopy(base, 0, f, 0, 34);
    f[14] = 0x4F;
    put16(f, 16, 52);
    return f;
  }

  static void put16(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 8);
    b[at + 1] = (byte) v;
  }

  static void fixHeaderChecksum(byte[] f, int ihlBytes) {
    f[24] = 0;
    f[25] = 0;
    long s = 0;
    for (int i = 0; i < ihlBytes; i += 2) s += ((f[14 + i] & 0xFF) << 8) + (f[15 + i] & 0xFF);
    int c = ~fold(s) & 0xFFFF;
    f[24] = (byte) (c >>> 8);
    f[25] = (byte) c;
  }

  @Test
  @DisplayName("parse rejects fragments (MF or an offset), other protocols, bad UDP lengths and checksums")
  @Points(1)
  void parseRejectsBadUdp() {
    badParse(frame(x -> x.flagsOffset = 0x2000).bytes(), "More Fragments set");
    badParse(frame(x -> x.flagsOffset = 0x4001).bytes(), "fragment offset 1 (8 bytes)");
    badParse(frame(x -> x.flagsOffset = 0x1FFF).bytes(), "fragment offset 0x1FFF");
    badParse(frame(x -> x.protocol = 6).bytes(), "protocol 6 (TCP)");
    badParse(frame(x -> x.protocol = 1).bytes(), "protocol 1 (ICMP)");
    badParse(frame(x -> x.udpLength = 7).bytes(), "UDP length 7");
    badParse(frame(x -> x.udpLength = 12).bytes(), "UDP length 12 for a 13-byte UDP part");
    badParse(frame(x -> x.udpLength = 14).bytes(), "UDP length 14 for a 13-byte UDP part");
    // without a UDP checksum only the length rule can notice
    badParse(frame(x -> {
      x.udpLength = 12;
      x.udpChecksum = 0;
    }).bytes(), "UDP length 12 for a 13-byte UDP part, no UDP checksum");
    badParse(frame(x -> {
      x.udpLength = 14;
      x.udpChecksum = 0;
    }).bytes(), "UDP length 14 for a 13-byte UDP part, no UDP checksum");
    Frame good = new Frame();
    byte[] f = good.bytes();
    int c = ((f[40] & 0xFF) << 8) | (f[41] & 0xFF);
    int wrong = c == 0x1234 ? 0x4321 : 0x1234;
    badParse(frame(x -> x.udpChecksum = wrong).bytes(), "a wrong UDP checksum");
    byte[] changed = good.bytes();
    changed[42] ^= 0x20; // payload changed after the checksum: "Hello"
    badParse(changed, "a payload changed after the UDP checksum");
    byte[] port = good.bytes();
    port[37] ^= 1; // destination port changed
    badParse(port, "a destination port changed after the UDP checksum");
  }

  static void badParse(byte[] frame, String what) {
    String shown = frame == null ? "null" : HEX.formatHex(frame);
    try {
      UdpFrames.Datagram d = UdpFrames.parse(frame);
      fail("parse(" + shown + ") with " + what + " returned " + (d == null ? "null" : show(d))
          + "; the README says IllegalArgumentException");
    } catch (IllegalArgumentException e) {
      String m = e.getMessage();
      assertTrue(m != null && !m.isBlank(), () -> "parse(" + shown + ") with " + what
          + ": the IllegalArgumentException should say what is wrong, its message was " + m);
    } catch (RuntimeException e) {
      fail("parse(" + shown + ") with " + what + " threw " + e + "; the README says IllegalArgumentException");
    }
  }

  static Frame randomFrame(Random r, int payloadLength) {
    Frame f = new Frame();
    f.srcMac = randomBytes(r, 6);
    f.dstMac = randomBytes(r, 6);
    f.srcIp = randomBytes(r, 4);
    f.dstIp = randomBytes(r, 4);
    f.ttl = r.nextInt(256);
    f.srcPort = r.nextInt(65536);
    f.dstPort = r.nextInt(65536);
    f.payload = new byte[payloadLength];
    r.nextBytes(f.payload);
    return f;
  }

  static int[] randomBytes(Random r, int n) {
    int[] b = new int[n];
    for (int i = 0; i < n; i++) b[i] = r.nextInt(256);
    return b;
  }
}
