package netlab.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The lesson 02–08 demos: each starts, shows its key event for real, and stops clean. */
@Timeout(20)
class NetworkDemosTest {
  private static final InetAddress LO = InetAddress.getLoopbackAddress();

  private static int number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), "no match for " + regex + " in:\n" + text);
    return Integer.parseInt(m.group(1));
  }

  /** Sends one datagram like {@code nc -u} would and returns the reply. */
  private static String udpRoundTrip(int port, String text) throws Exception {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LO, 0))) {
      s.setSoTimeout(3000);
      byte[] b = text.getBytes(StandardCharsets.UTF_8);
      s.send(new DatagramPacket(b, b.length, LO, port));
      DatagramPacket p = new DatagramPacket(new byte[1024], 1024);
      s.receive(p);
      return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void portInUseShowsTheBindExceptionAndTheOwner() throws Exception {
    try (DemoHarness h = new DemoHarness(new PortInUseDemo())) {
      h.start();
      String t = h.text();
      int port = number(t, "listening on 127\\.0\\.0\\.1:(\\d+)");
      assertTrue(t.contains("failed: java.net.BindException: Address already in use"), t);
      assertTrue(t.contains("ss -ltnp 'sport = :" + port + "'") && t.contains("lsof -i :" + port), t);
      assertTrue(t.contains("bind 127.0.0.1:" + port + " succeeded: the port is free again"), t);
      if (KernelSockets.available()) {
        assertTrue(t.contains("is held by pid " + ProcessHandle.current().pid() + " "), t);
        assertTrue(t.contains("this JVM"), t);
      }
      h.stopAndCheckClean();
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress(LO, port)); // the demo left the port free
      }
    }
  }

  @Test
  void portInUseWithABusyPortFailsWithABindException() throws Exception {
    try (ServerSocket busy = new ServerSocket(); DemoHarness h = new DemoHarness(new PortInUseDemo())) {
      busy.bind(new InetSocketAddress(LO, 0));
      Exception e = org.junit.jupiter.api.Assertions.assertThrows(java.net.BindException.class,
          () -> h.start(Map.of("port", String.valueOf(busy.getLocalPort()))));
      assertTrue(DemoRunner.explain(new PortInUseDemo(), e, Map.of("port", "1")).getMessage().contains("in use"));
      h.stopAndCheckClean();
    }
  }

  @Test
  void encodingShowsMojibakeByteCountsStrictDecoderAndByteOrder() throws Exception {
    try (DemoHarness h = new DemoHarness(new EncodingDemo())) {
      h.start();
      String t = h.text();
      assertTrue(t.contains("as UTF-8: 14 bytes  e4 bd a0 e5 a5 bd 2c 20 4e 65 74 4c 61 62"), t);
      assertTrue(t.contains("decoded as GBK: \"浣犲ソ, NetLab\""), t);
      assertTrue(t.contains("those bytes decoded as UTF-8: \"你好, NetLab\""), t);
      assertTrue(t.contains("as GBK: 12 bytes  c4 e3 ba c3 2c 20 4e 65 74 4c 61 62"), t);
      assertTrue(t.contains("decoded as GBK again: \"你好, NetLab\""), t);
      assertTrue(t.contains("你 = e4 bd a0") && t.contains("你 = c4 e3"), t);
      assertTrue(t.contains("refused: java.nio.charset.MalformedInputException: Input length = 1"), t);
      assertTrue(t.matches("(?s).*BIG_ENDIAN \\(network order\\) +12 34 56 78.*"), t);
      assertTrue(t.matches("(?s).*LITTLE_ENDIAN +78 56 34 12.*"), t);
      h.stopAndCheckClean();
    }
  }

  @Test
  void udpEchoKeepsBoundariesTruncatesSilentlyAndEchoesAStranger() throws Exception {
    try (DemoHarness h = new DemoHarness(new UdpEchoDemo())) {
      h.start();
      int port = number(h.text(), "nc -u 127\\.0\\.0\\.1 (\\d+)");
      h.awaitLog("getLength() = 10, no exception");
      String t = h.text();
      assertTrue(t.contains("receive() #1: 3 bytes \"one\""), t);
      assertTrue(t.contains("receive() #2: 3 bytes \"two\""), t);
      assertTrue(t.contains("receive() #3: 5 bytes \"three\""), t);
      int client = number(t, "client:(\\d+) → server  3 bytes \"one\"");
      // the server logs its send after send() returns: the client may have its echo first
      h.awaitLog("server → client:" + client + "  100 bytes");

      assertEquals("from a test", udpRoundTrip(port, "from a test"));
      h.awaitLog("→ server  11 bytes \"from a test\"");
      h.stopAndCheckClean();
    }
  }

  @Test
  void udpChatBotRepliesToSayAndToAStranger() throws Exception {
    try (DemoHarness h = new DemoHarness(new UdpChatDemo())) {
      h.start();
      h.awaitLog("bot → you  26 bytes \"hi, I'm bot. say something\"");
      assertTrue(h.text().contains("netlab demo udp-chat --port 6001 --peer 6002"), h.text());
      assertTrue(h.text().contains("netlab demo udp-chat --port 6002 --peer 6001"), h.text());
      h.input("hello");
      h.awaitLog("you → bot  5 bytes \"hello\"");
      h.awaitLog("bot → you  16 bytes \"bot heard: hello\"");
      assertEquals(2, h.context().listeningPorts().size(), h.context().listeningPorts().toString());

      int bot = number(h.text(), "nc -u 127\\.0\\.0\\.1 (\\d+)");
      assertEquals("bot heard: from nc", udpRoundTrip(bot, "from nc"));
      h.stopAndCheckClean();
    }
  }

  @Test
  void udpChatTwoPeersTalkBothWays() throws Exception {
    int a;
    int b;
    try (DatagramSocket s1 = new DatagramSocket(new InetSocketAddress(LO, 0));
        DatagramSocket s2 = new DatagramSocket(new InetSocketAddress(LO, 0))) {
      a = s1.getLocalPort();
      b = s2.getLocalPort();
    }
    // two terminals, one peer each; the second harness is made after the first starts, and stops
    // first, so that each one's thread check sees only its own demo
    try (DemoHarness one = new DemoHarness(new UdpChatDemo())) {
      one.start(Map.of("port", String.valueOf(a), "peer", String.valueOf(b)));
      assertTrue(one.text().contains("netlab demo udp-chat --port " + b + " --peer " + a), one.text());
      assertEquals(List.of("udp " + a), one.context().listeningPorts());
      try (DemoHarness two = new DemoHarness(new UdpChatDemo())) {
        two.start(Map.of("port", String.valueOf(b), "peer", String.valueOf(a)));
        one.input("ping from A");
        two.awaitLog("peer:" + a + " → you  11 bytes \"ping from A\"");
        two.input("pong from B");
        one.awaitLog("peer:" + b + " → you  11 bytes \"pong from B\"");
        two.stopAndCheckClean();
      }
      assertTrue(!one.text().contains("bot"), one.text());
      one.stopAndCheckClean();
    }
  }

  @Test
  void broadcastGivesEveryReceiverACopy() throws Exception {
    try (DemoHarness h = new DemoHarness(new BroadcastDemo())) {
      h.start();
      String t = h.text();
      assertTrue(t.contains("255.255.255.255") && t.contains("routers do not forward broadcasts"), t);
      Assumptions.assumeFalse(t.contains("loopback broadcast does not work on this system"), "no loopback broadcast here:\n" + t);
      for (int i = 1; i <= BroadcastDemo.RECEIVERS; i++) {
        assertTrue(t.contains("receiver" + i + "  got its copy from 127.0.0.1:"), t);
      }
      assertTrue(t.contains("one send(), 3 copies"), t);
      assertTrue(t.contains("setBroadcast(false), send to 127.255.255.255:") && t.contains("refused"), t);
      h.stopAndCheckClean();
    }
  }

  @Test
  void backlogQueueGrowsToBacklogPlusOneThenDrains() throws Exception {
    Assumptions.assumeTrue(KernelSockets.available(), "Linux only: /proc/net/tcp");
    try (DemoHarness h = new DemoHarness(new BacklogDemo())) {
      h.start();
      String t = h.text();
      List<Integer> lengths = new ArrayList<>();
      Matcher m = Pattern.compile("accept queue (\\d+) \\(limit: backlog 3\\)").matcher(t);
      while (m.find()) lengths.add(Integer.parseInt(m.group(1)));
      // as observed on Linux: 0, then 1..4 as clients connect (backlog + 1), 4 after the refused one, then down to 0
      assertEquals(List.of(0, 1, 2, 3, 4, 4, 3, 2, 1, 0), lengths, t);
      assertTrue(t.contains("client5  connect() timed out after 500 ms: java.net.SocketTimeoutException"), t);
      assertTrue(t.contains("with backlog 3, 4 connections completed and connection 5 could not"), t);
      h.stopAndCheckClean();
    }
  }

  @Test
  void stickyGluesSplitsAndFramesCorrectly() throws Exception {
    try (DemoHarness h = new DemoHarness(new StickyDemo())) {
      h.start();
      String t = h.text();
      assertTrue(t.contains("one read() into a 1024-byte buffer returned 20 bytes: \"msg1msg2msg3msg4msg5\""), t);
      Matcher m = Pattern.compile("(\\d+) read\\(\\) calls \\(65536-byte buffer\\) returned \\[([\\d, ]+)\\] = 204800 bytes").matcher(t);
      assertTrue(m.find(), t);
      int reads = Integer.parseInt(m.group(1));
      assertTrue(reads >= 4, t); // 204800 bytes cannot fit in fewer 64 KB reads
      int sum = 0;
      for (String n : m.group(2).split(", ")) sum += Integer.parseInt(n);
      assertEquals(StickyDemo.BIG, sum);
      for (int i = 1; i <= 5; i++) {
        assertTrue(t.contains("message " + i + ": readInt() = 4, readFully → \"msg" + i + "\""), t);
      }
      h.stopAndCheckClean();
    }
  }
}
