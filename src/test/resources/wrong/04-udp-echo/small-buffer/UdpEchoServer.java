// WRONG: a 1024-byte receive buffer silently truncates bigger datagrams
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;

/**
 * A UDP echo server on 127.0.0.1: every datagram that arrives is sent back, unchanged, to the
 * address and port it came from.
 *
 * <p>One socket and one thread serve every client: UDP has no connections, and each datagram
 * carries its sender's address, so the reply needs no per-client state.
 */
public final class UdpEchoServer implements AutoCloseable {

  /**
   * Larger than the biggest IPv4 UDP payload (65535 - 8 UDP header - 20 IP header = 65507).
   * A datagram that does not fit the buffer is cut short without any error, so the buffer must
   * hold the largest one.
   */
  private static final int BUFFER_SIZE = 1024;

  private final DatagramSocket socket;
  private Thread worker; // guarded by this
  private boolean closed; // guarded by this

  /**
   * Binds a datagram socket to 127.0.0.1:port; 0 asks the system for a free (ephemeral) port.
   *
   * @throws SocketException if the port cannot be bound, e.g. it is in use
   */
  public UdpEchoServer(int port) throws SocketException {
    // loopback only: the lab's servers are never reachable from other machines
    socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
  }

  /** The bound local port: the real one when 0 was asked for. */
  public int port() {
    return socket.getLocalPort();
  }

  /** Starts echoing in a background thread and returns at once. Call it once. */
  public void start() {
    synchronized (this) {
      if (closed) throw new IllegalStateException("server is closed");
      if (worker != null) throw new IllegalStateException("server already started");
      worker = new Thread(this::serve, "udp-echo-" + port());
      worker.setDaemon(true); // a forgotten close() must not keep the JVM alive
      worker.start();
    }
  }

  private void serve() {
    byte[] buffer = new byte[BUFFER_SIZE];
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    while (true) {
      try {
        // receive() may use the whole buffer each time (the packet remembers its capacity)
        // and sets getLength() to the size of what arrived
        socket.receive(packet);
        // the packet now carries the sender's address and port and exactly the bytes that
        // arrived, so sending it as it is echoes it to its sender
        socket.send(packet);
      } catch (IOException e) {
        if (socket.isClosed()) {
          return; // close() woke us from receive(): the normal way out
        }
        // one failed send must not stop the server for everyone else; go on with the next
      }
    }
  }

  /**
   * Stops the server: closes the socket, which frees the port and wakes the thread from
   * {@code receive()}, then waits for the thread to end. Safe to call twice, and before
   * {@code start()}.
   */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      closed = true;
      t = worker;
    }
    socket.close(); // idempotent
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // let the caller see it was interrupted
      }
    }
  }
}
