// ALTERNATIVE: a non-blocking DatagramChannel and a Selector instead of DatagramSocket.setSoTimeout; ids from an AtomicLong that starts at a random value; tries counted down, waits kept as a Duration
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stop-and-wait UDP client with retries and exponential backoff, written with NIO: the
 * channel is non-blocking and a Selector does the waiting, so the time left of a try is the
 * select timeout.
 */
public final class RetryingClient implements AutoCloseable {

  /** Thrown by {@link #request(byte[])} when no try got an answer. */
  public static final class NoReplyException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int tries;

    public NoReplyException(String message, int tries) {
      super(message);
      this.tries = tries;
    }

    /** How many times the request was sent before giving up. */
    public int tries() {
      return tries;
    }
  }

  private static final int HEADER = Long.BYTES;
  private static final int LARGEST = 65_507;

  private final SocketAddress server;
  private final Duration firstWait;
  private final int maxTries;
  private final DatagramChannel channel;
  private final Selector selector;
  private final AtomicLong ids = new AtomicLong(ThreadLocalRandom.current().nextLong());
  private final ByteBuffer inbox = ByteBuffer.allocate(LARGEST + 1);

  public RetryingClient(InetSocketAddress server, Duration firstTimeout, int maxTries) throws SocketException {
    if (firstTimeout.compareTo(Duration.ZERO) <= 0) {
      throw new IllegalArgumentException("the first timeout has to be longer than zero: " + firstTimeout);
    }
    if (maxTries <= 0) throw new IllegalArgumentException("need at least one try, got " + maxTries);
    this.server = server;
    this.firstWait = firstTimeout;
    this.maxTries = maxTries;
    try {
      channel = DatagramChannel.open();
      channel.bind(null);
      channel.configureBlocking(false);
      selector = Selector.open();
      channel.register(selector, SelectionKey.OP_READ);
    } catch (SocketException e) {
      throw e;
    } catch (IOException e) {
      SocketException s = new SocketException("cannot open a UDP channel: " + e.getMessage());
      s.initCause(e);
      throw s;
    }
  }

  public synchronized byte[] request(byte[] payload) throws IOException {
    if (HEADER + payload.length > LARGEST) {
      throw new IllegalArgumentException(payload.length + " payload bytes + " + HEADER
          + " id bytes exceed the " + LARGEST + " bytes of one datagram");
    }
    long id = ids.getAndIncrement();
    ByteBuffer datagram = ByteBuffer.allocate(HEADER + payload.length);
    datagram.putLong(id).put(payload).flip();
    Duration wait = firstWait;
    StringBuilder waits = new StringBuilder();
    for (int left = maxTries; left > 0; left--) {
      channel.send(datagram.duplicate(), server);
      waits.append(waits.length() == 0 ? "" : " + ").append(wait.toMillis()).append(" ms");
      byte[] answer = awaitReply(id, System.nanoTime() + wait.toNanos());
      if (answer != null) return answer;
      wait = wait.multipliedBy(2);
    }
    throw new NoReplyException("gave up on request #" + id + " to " + server + ": " + maxTries
        + " tries unanswered (" + waits + ")", maxTries);
  }

  /** The reply to {@code id} if it comes before {@code deadline} (System.nanoTime()), else null. */
  private byte[] awaitReply(long id, long deadline) throws IOException {
    while (true) {
      long nanosLeft = deadline - System.nanoTime();
      if (nanosLeft <= 0) return null;
      selector.select(Math.max(1, (nanosLeft + 999_999) / 1_000_000));
      selector.selectedKeys().clear();
      while (true) {
        inbox.clear();
        SocketAddress from = channel.receive(inbox);
        if (from == null) break; // drained: wait again, for what is left of this try
        inbox.flip();
        if (!from.equals(server) || inbox.remaining() < HEADER || inbox.getLong() != id) continue;
        byte[] answer = new byte[inbox.remaining()];
        inbox.get(answer);
        return answer;
      }
    }
  }

  @Override
  public void close() {
    try {
      selector.close();
      channel.close();
    } catch (IOException ignored) {
      // closing: nothing left to do with it
    }
  }
}
