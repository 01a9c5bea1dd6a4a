// ALTERNATIVE: an IPv4 DatagramChannel with a direct ByteBuffer instead of a DatagramSocket, run by a single-thread ExecutorService instead of a Thread; close() shuts the executor down and awaits it
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A UDP echo server on 127.0.0.1, written with NIO: one channel, one executor thread. */
public final class UdpEchoServer implements AutoCloseable {

  private final DatagramChannel channel;
  private final int boundPort;
  private ExecutorService executor; // guarded by this

  public UdpEchoServer(int port) throws SocketException {
    try {
      InetAddress loopback = Inet4Address.getByAddress(new byte[] {127, 0, 0, 1});
      DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
      try {
        ch.bind(new InetSocketAddress(loopback, port));
      } catch (IOException e) {
        ch.close();
        throw e;
      }
      channel = ch;
      boundPort = ((InetSocketAddress) ch.getLocalAddress()).getPort();
    } catch (SocketException e) {
      throw e;
    } catch (IOException e) {
      SocketException wrapped = new SocketException("cannot open a UDP channel on port " + port);
      wrapped.initCause(e);
      throw wrapped;
    }
  }

  public int port() {
    return boundPort;
  }

  public synchronized void start() {
    if (executor != null) return;
    executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "echo@" + boundPort));
    executor.execute(this::echoUntilClosed);
  }

  private void echoUntilClosed() {
    ByteBuffer datagram = ByteBuffer.allocateDirect(65_507);
    while (channel.isOpen()) {
      try {
        datagram.clear();
        SocketAddress sender = channel.receive(datagram);
        datagram.flip();
        channel.send(datagram, sender);
      } catch (IOException e) {
        // closed (AsynchronousCloseException): the loop condition ends it; else the next datagram
      }
    }
  }

  @Override
  public void close() {
    ExecutorService running;
    synchronized (this) {
      running = executor;
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // already closed, or closing failed: the port is as free as it gets
    }
    if (running != null) {
      running.shutdownNow();
      try {
        running.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
