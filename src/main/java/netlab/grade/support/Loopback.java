package netlab.grade.support;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * Helpers for hidden tests that talk to a student's server: loopback only, readiness by retry
 * (never a fixed sleep), and clear messages when the server is not there.
 */
public final class Loopback {
  private Loopback() {}

  public static InetAddress address() {
    return InetAddress.getLoopbackAddress();
  }

  /**
   * Connects to 127.0.0.1:port, retrying while the connection is refused (the server may still
   * be starting) until {@code patience} has passed.
   */
  public static Socket connect(int port, Duration patience) throws IOException {
    long deadline = System.nanoTime() + patience.toNanos();
    long pauseMs = 1;
    while (true) {
      Socket s = new Socket();
      try {
        s.connect(new InetSocketAddress(address(), port), 1000);
        s.setSoTimeout(3000);
        return s;
      } catch (ConnectException e) {
        s.close();
        if (System.nanoTime() > deadline) {
          throw new ConnectException("nothing accepted connections on 127.0.0.1:" + port + " within "
              + patience.toMillis() + " ms");
        }
        try {
          Thread.sleep(pauseMs);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while connecting", ie);
        }
        pauseMs = Math.min(50, pauseMs * 2);
      }
    }
  }

  public static Socket connect(int port) throws IOException {
    return connect(port, Duration.ofSeconds(3));
  }
}
