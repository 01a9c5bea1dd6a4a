package netlab.grade.support;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

/**
 * A UDP client for hidden tests: bound to 127.0.0.1 on an ephemeral port, with a receive
 * timeout so that a missing reply fails with a message instead of hanging the test.
 */
public final class UdpClient implements AutoCloseable {

  /** The largest payload of an IPv4 UDP datagram: 65535 - 8 (UDP header) - 20 (IP header). */
  public static final int MAX_PAYLOAD = 65_507;

  private final DatagramSocket socket;
  private final Duration timeout;

  private UdpClient(DatagramSocket socket, Duration timeout) {
    this.socket = socket;
    this.timeout = timeout;
  }

  /** A datagram that arrived: its payload and where it came from. */
  public record Datagram(byte[] data, InetSocketAddress from) {}

  /** Opens a client with a two-second receive timeout. */
  public static UdpClient open() throws SocketException {
    return open(Duration.ofSeconds(2));
  }

  public static UdpClient open(Duration timeout) throws SocketException {
    DatagramSocket s = new DatagramSocket(new InetSocketAddress(Loopback.address(), 0));
    try {
      s.setSoTimeout(Math.toIntExact(timeout.toMillis()));
      // room for a few maximum-size replies, so a burst is not dropped by the kernel
      s.setReceiveBufferSize(4 * (MAX_PAYLOAD + 1024));
      s.setSendBufferSize(4 * (MAX_PAYLOAD + 1024));
    } catch (SocketException e) {
      s.close();
      throw e;
    }
    return new UdpClient(s, timeout);
  }

  public int localPort() {
    return socket.getLocalPort();
  }

  /** Sends {@code data} to 127.0.0.1:port. */
  public void send(int port, byte[] data) throws IOException {
    socket.send(new DatagramPacket(data, data.length, new InetSocketAddress(Loopback.address(), port)));
  }

  /**
   * Waits for the next datagram. The buffer is one byte larger than any legal payload, so a
   * reply is never cut short here: what is returned is exactly what arrived.
   *
   * @throws SocketTimeoutException when nothing arrives within the timeout; its message says so
   */
  public Datagram receive() throws IOException {
    byte[] buf = new byte[MAX_PAYLOAD + 1];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    try {
      socket.receive(p);
    } catch (SocketTimeoutException e) {
      throw new SocketTimeoutException("no datagram arrived at client port " + localPort()
          + " within " + timeout.toMillis() + " ms");
    }
    return new Datagram(Arrays.copyOfRange(buf, p.getOffset(), p.getOffset() + p.getLength()),
        (InetSocketAddress) p.getSocketAddress());
  }

  /**
   * Sends {@code data} to 127.0.0.1:port and returns the payload of the reply.
   *
   * @throws AssertionError when no reply comes within the timeout, or the reply comes from
   *     another address than the one the request went to; the message says what was sent
   */
  public byte[] exchange(int port, byte[] data) throws IOException {
    send(port, data);
    Datagram reply;
    try {
      reply = receive();
    } catch (SocketTimeoutException e) {
      throw new AssertionError("sent " + Show.bytes(data) + " to 127.0.0.1:" + port
          + " from client port " + localPort() + ", but nothing came back within "
          + timeout.toMillis() + " ms");
    }
    InetSocketAddress expected = new InetSocketAddress(Loopback.address(), port);
    if (!expected.equals(reply.from())) {
      throw new AssertionError("sent " + Show.bytes(data) + " to 127.0.0.1:" + port
          + ", but the reply came from " + reply.from() + ": reply from the socket that received"
          + " the datagram");
    }
    return reply.data();
  }

  @Override
  public void close() {
    socket.close();
  }
}
