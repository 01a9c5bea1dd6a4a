package netlab.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class TcpDemosTest {
  @Test
  void tcpEchoEchoesAStrangersLinesAndSeesTheEndOfStream() throws Exception {
    try (DemoHarness h = new DemoHarness(new TcpEchoDemo())) {
      h.start();
      h.awaitLog("read() returned -1: client closed its side");
      Matcher m = Pattern.compile("nc 127\\.0\\.0\\.1 (\\d+)").matcher(h.text());
      assertTrue(m.find(), h.text());
      int port = Integer.parseInt(m.group(1));
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.setSoTimeout(3000);
        s.getOutputStream().write("from a test\n".getBytes(StandardCharsets.UTF_8));
        String back = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertTrue(back.equals("from a test"), back);
      }
      h.awaitLog("\"from a test\\n\"");
      h.stopAndCheckClean();
    }
  }

  @Test
  void handshakeSeesEstablishedAndTimeWaitInTheKernel() throws Exception {
    Assumptions.assumeTrue(KernelSockets.available(), "Linux only: /proc/net/tcp");
    try (DemoHarness h = new DemoHarness(new HandshakeDemo())) {
      h.start();
      String t = h.text();
      assertTrue(t.contains("→ kernel: LISTEN"), t);
      assertTrue(t.contains("client :") && t.contains("ESTABLISHED"), t);
      assertTrue(t.contains("server CLOSE_WAIT"), t);
      assertTrue(t.contains("client TIME_WAIT"), t);
      h.stopAndCheckClean();
    }
  }
}
