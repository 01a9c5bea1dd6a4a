import java.net.SocketException;

/**
 * A UDP echo server on 127.0.0.1: every datagram that arrives is sent back, unchanged, to the
 * address and port it came from.
 *
 * <p>Any datagram from 0 to 65507 bytes (the largest IPv4 UDP payload) and any byte values must
 * come back exactly as they were sent, and several clients may send at the same time.
 */
public final class UdpEchoServer implements AutoCloseable {

  // TODO: fields — the socket, the background thread, perhaps a "closed" flag

  /**
   * Binds a datagram socket to 127.0.0.1:port; 0 asks the system for a free (ephemeral) port.
   *
   * @throws SocketException if the port cannot be bound, e.g. it is in use
   */
  public UdpEchoServer(int port) throws SocketException {
    // TODO: bind a DatagramSocket to 127.0.0.1 (InetAddress.getLoopbackAddress()) and port
    throw new UnsupportedOperationException("TODO: UdpEchoServer(port)");
  }

  /** The bound local port: the real one when 0 was asked for. */
  public int port() {
    // TODO
    throw new UnsupportedOperationException("TODO: UdpEchoServer.port");
  }

  /** Starts echoing in a background thread and returns at once. Call it once. */
  public void start() {
    // TODO: start a thread that loops: receive a datagram, send it back to its sender
    throw new UnsupportedOperationException("TODO: UdpEchoServer.start");
  }

  /**
   * Stops the server: closes the socket, which frees the port and wakes the thread from
   * {@code receive()}, then waits for the thread to end. Safe to call twice, and before
   * {@code start()}.
   */
  @Override
  public void close() {
    // TODO
    throw new UnsupportedOperationException("TODO: UdpEchoServer.close");
  }
}
