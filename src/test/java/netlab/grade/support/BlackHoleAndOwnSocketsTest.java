package netlab.grade.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The fixtures of exercise 16's hidden tests: a hole that really drops SYNs, a census that sees what was left open. */
class BlackHoleAndOwnSocketsTest {
  @Test
  void aConnectToABlackHoleTimesOutAndTheHoleStaysBlack() throws Exception {
    Assumptions.assumeTrue(OwnSockets.available(), "Linux only: other systems size the accept queue differently");
    try (BlackHole hole = BlackHole.open(InetAddress.getLoopbackAddress())) {
      for (int i = 0; i < 3; i++) {
        try (Socket s = new Socket()) {
          long t0 = System.nanoTime();
          assertThrows(SocketTimeoutException.class, () -> s.connect(hole.address(), 100));
          assertTrue(System.nanoTime() - t0 >= 90_000_000L, "the connect waited for its timeout");
        }
      }
    }
  }

  @Test
  void aPendingConnectIsSeenInSynSentUntilItIsClosed() throws Exception {
    Assumptions.assumeTrue(OwnSockets.available(), "Linux only: /proc");
    try (BlackHole hole = BlackHole.open(InetAddress.getLoopbackAddress());
         ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Set<Long> before = OwnSockets.inodes();
      SocketChannel pending = SocketChannel.open();
      pending.configureBlocking(false);
      pending.connect(hole.address());
      List<OwnSockets.Tcp> open = OwnSockets.openedSince(before);
      assertEquals(1, open.size(), open::toString);
      assertEquals("SYN_SENT", open.get(0).state());
      assertEquals(hole.address(), open.get(0).remote());
      pending.close();
      assertEquals(List.of(), OwnSockets.openedSince(before));
      try (Socket c = new Socket(server.getInetAddress(), server.getLocalPort())) {
        List<OwnSockets.Tcp> now = OwnSockets.openedSince(before);
        assertEquals(1, now.size(), now::toString);
        assertEquals(new InetSocketAddress(server.getInetAddress(), server.getLocalPort()), now.get(0).remote());
        assertEquals("ESTABLISHED", now.get(0).state());
      }
    }
  }
}
