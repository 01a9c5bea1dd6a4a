package netlab.grade.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Two ends of one real TCP connection on 127.0.0.1 (ephemeral port), for tests of code that
 * reads or writes a socket stream. Both ends have a read timeout, so a missing byte fails the
 * test instead of hanging it.
 */
public final class TcpPair implements AutoCloseable {

  private final Socket client;
  private final Socket server;

  private TcpPair(Socket client, Socket server) {
    this.client = client;
    this.server = server;
  }

  /** Opens a connection; both ends time out reads after {@code readTimeoutMs}. */
  public static TcpPair open(int readTimeoutMs) throws IOException {
    try (ServerSocket listener = new ServerSocket()) {
      listener.bind(new InetSocketAddress(Loopback.address(), 0), 1);
      listener.setSoTimeout(3000);
      Socket client = Loopback.connect(listener.getLocalPort());
      try {
        // the connection is already established in the backlog, so accept returns at once
        Socket server = listener.accept();
        client.setSoTimeout(readTimeoutMs);
        server.setSoTimeout(readTimeoutMs);
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        return new TcpPair(client, server);
      } catch (IOException e) {
        client.close();
        throw e;
      }
    }
  }

  /** The connecting end. */
  public Socket client() {
    return client;
  }

  /** The accepted end. */
  public Socket server() {
    return server;
  }

  @Override
  public void close() {
    closeQuietly(client);
    closeQuietly(server);
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing a socket twice or after a reset is not the test's concern
    }
  }
}
