package netlab.grade.support;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A scriptable UDP peer on 127.0.0.1 for hidden tests of UDP clients: it receives every datagram
 * on its own thread, records it (with the time it arrived), and hands it to a {@link Script},
 * which decides what happens: nothing (the datagram is "lost"), one reply, two replies (a
 * duplicate), a reply sent later (a delayed or reordered datagram), a reply with wrong content,
 * a reply from another socket. Delayed sends run on a second thread.
 *
 * <p>Both threads are daemons and both have ended when {@link #close()} returns; pending delayed
 * sends are cancelled. An exception thrown by the script is kept and reported by
 * {@link #assertScriptOk()}, so a broken test script does not look like a broken client.
 */
public final class UdpFaultPeer implements AutoCloseable {

  /** The largest payload of an IPv4 UDP datagram. */
  public static final int MAX_PAYLOAD = 65_507;

  /**
   * One datagram that arrived: its number (0 for the first), when it arrived
   * ({@link System#nanoTime()}), its bytes and its sender.
   */
  public record Received(int index, long nanos, byte[] data, InetSocketAddress from) {}

  /** Decides what the peer does with each datagram; runs on the peer's receiving thread. */
  @FunctionalInterface
  public interface Script {
    void onDatagram(Received datagram, UdpFaultPeer peer) throws IOException;
  }

  private final DatagramSocket socket;
  private final Script script;
  private final Thread receiver;
  private final ScheduledExecutorService later;
  private final List<Received> received = new ArrayList<>(); // guarded by this
  private final List<Long> sent = new ArrayList<>(); // System.nanoTime() of every send; guarded by this
  private volatile Throwable scriptFailure;

  private UdpFaultPeer(DatagramSocket socket, Script script) {
    this.socket = socket;
    this.script = script;
    ScheduledThreadPoolExecutor exec = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "udp-fault-peer-later-" + socket.getLocalPort());
      t.setDaemon(true);
      return t;
    });
    exec.setRemoveOnCancelPolicy(true);
    exec.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.later = exec;
    this.receiver = new Thread(this::receiveLoop, "udp-fault-peer-" + socket.getLocalPort());
    this.receiver.setDaemon(true);
  }

  /** Binds 127.0.0.1 on an ephemeral port and starts receiving. */
  public static UdpFaultPeer start(Script script) throws SocketException {
    DatagramSocket s = new DatagramSocket(new InetSocketAddress(Loopback.address(), 0));
    try {
      s.setReceiveBufferSize(1 << 20);
      s.setSendBufferSize(1 << 20);
    } catch (SocketException e) {
      s.close();
      throw e;
    }
    UdpFaultPeer peer = new UdpFaultPeer(s, script);
    peer.receiver.start();
    return peer;
  }

  public int port() {
    return socket.getLocalPort();
  }

  /** 127.0.0.1 and {@link #port()}: where a client under test sends its datagrams. */
  public InetSocketAddress address() {
    return new InetSocketAddress(Loopback.address(), port());
  }

  /** Sends a datagram now, from the peer's socket. */
  public void send(byte[] data, InetSocketAddress to) throws IOException {
    socket.send(new DatagramPacket(data, data.length, to));
    synchronized (this) {
      sent.add(System.nanoTime());
    }
  }

  /**
   * When each datagram left the peer (System.nanoTime(), in order): what a client actually
   * heard, and when, which on a busy machine may differ from what the script planned.
   */
  public synchronized List<Long> sentTimes() {
    return List.copyOf(sent);
  }

  /** Sends a datagram after {@code delay}, from the peer's socket (unless closed by then). */
  public void sendLater(byte[] data, InetSocketAddress to, Duration delay) {
    byte[] copy = data.clone();
    try {
      later.schedule(() -> {
        try {
          send(copy, to);
        } catch (IOException e) {
          if (!socket.isClosed()) scriptFailure = e;
        }
      }, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // the peer is closed: nothing is sent any more
    }
  }

  /**
   * Sends a datagram now from a fresh socket of its own (another port on 127.0.0.1): a
   * stranger, not the peer the client talks to.
   */
  public static void sendFromStranger(byte[] data, InetSocketAddress to) throws IOException {
    try (DatagramSocket stranger = new DatagramSocket(new InetSocketAddress(Loopback.address(), 0))) {
      stranger.send(new DatagramPacket(data, data.length, to));
    }
  }

  /** Every datagram received so far, in order of arrival. */
  public synchronized List<Received> received() {
    return List.copyOf(received);
  }

  /**
   * Waits until at least {@code count} datagrams have arrived, or {@code patience} has passed,
   * and returns what arrived.
   */
  public synchronized List<Received> awaitReceived(int count, Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (received.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) break;
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return List.copyOf(received);
  }

  /** Throws an AssertionError if the script failed on some datagram (a bug in the test). */
  public void assertScriptOk() {
    Throwable t = scriptFailure;
    if (t != null) throw new AssertionError("the test's UDP peer failed: " + t, t);
  }

  private void receiveLoop() {
    byte[] buf = new byte[MAX_PAYLOAD + 1];
    while (!socket.isClosed()) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(p);
      } catch (IOException e) {
        if (socket.isClosed()) return;
        continue;
      }
      long now = System.nanoTime();
      Received r;
      synchronized (this) {
        r = new Received(received.size(), now,
            Arrays.copyOfRange(p.getData(), p.getOffset(), p.getOffset() + p.getLength()),
            (InetSocketAddress) p.getSocketAddress());
        received.add(r);
        notifyAll();
      }
      try {
        script.onDatagram(r, this);
      } catch (Throwable t) {
        if (!socket.isClosed() && scriptFailure == null) scriptFailure = t;
      }
    }
  }

  /** Closes the socket, cancels delayed sends and waits (briefly) for both threads to end. */
  @Override
  public void close() {
    socket.close();
    later.shutdownNow();
    try {
      receiver.join(1000);
      later.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
