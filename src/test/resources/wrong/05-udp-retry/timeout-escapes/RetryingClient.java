// WRONG: gives up by letting the last SocketTimeoutException escape instead of throwing NoReplyException
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A UDP client that asks a server a question and waits for the answer, the way DNS does:
 * stop-and-wait, with a timeout, retries and exponential backoff.
 *
 * <p>On the wire every request is {@code [8-byte big-endian request id][payload]}, and the
 * server's reply is {@code [the same 8-byte id][reply payload]}. Each call of
 * {@link #request(byte[])} uses a new id; all tries of one request carry the same id. A reply
 * counts only if it comes from the server's address and carries the id of the request in
 * progress: late duplicates, stale replies to earlier requests and malformed datagrams are
 * discarded.
 *
 * <p>Try 1 waits {@code firstTimeout} for a reply, try 2 twice as long, try 3 four times as
 * long, and so on; after {@code maxTries} tries without an answer, {@code request} throws
 * {@link NoReplyException}.
 */
public final class RetryingClient implements AutoCloseable {

  /** The largest payload of an IPv4 UDP datagram. */
  private static final int MAX_DATAGRAM = 65_507;

  /** Bytes of the request id in front of every request and reply. */
  private static final int ID_BYTES = 8;

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

  private final InetSocketAddress server;
  private final long firstTimeoutNanos;
  private final int maxTries;
  private final DatagramSocket socket;
  private long nextId = 1; // guarded by this

  /**
   * Opens a client socket (any free local port) for talking to {@code server}.
   *
   * @param firstTimeout how long the first try waits for a reply; positive
   * @param maxTries how many times a request is sent at most; at least 1
   * @throws IllegalArgumentException if firstTimeout is not positive or maxTries is below 1
   * @throws SocketException if no socket can be opened
   */
  public RetryingClient(InetSocketAddress server, Duration firstTimeout, int maxTries) throws SocketException {
    if (server == null) throw new IllegalArgumentException("server is null");
    if (firstTimeout == null || firstTimeout.isNegative() || firstTimeout.isZero()) {
      throw new IllegalArgumentException("firstTimeout must be positive, was " + firstTimeout);
    }
    if (maxTries < 1) throw new IllegalArgumentException("maxTries must be at least 1, was " + maxTries);
    this.server = server;
    this.firstTimeoutNanos = firstTimeout.toNanos();
    this.maxTries = maxTries;
    // not connect()ed: the source of every reply is checked below instead, and a connected
    // socket would turn an ICMP "port unreachable" into an exception in the middle of a try
    this.socket = new DatagramSocket();
  }

  /**
   * Sends {@code payload} to the server as one request and returns the payload of its reply
   * (without the id). Sends the request up to {@code maxTries} times, waiting firstTimeout,
   * then 2x, 4x ... as long for the reply; gives up with {@link NoReplyException}.
   *
   * @throws IllegalArgumentException if the payload does not fit one datagram with its id
   * @throws NoReplyException if no try got a reply; its message says how many tries were made
   * @throws IOException if the socket fails (for example after {@link #close()})
   */
  public synchronized byte[] request(byte[] payload) throws IOException {
    if (payload.length > MAX_DATAGRAM - ID_BYTES) {
      throw new IllegalArgumentException("a payload of " + payload.length + " bytes does not fit"
          + " one datagram with its " + ID_BYTES + "-byte id (at most " + (MAX_DATAGRAM - ID_BYTES) + ")");
    }
    long id = nextId++;
    byte[] out = ByteBuffer.allocate(ID_BYTES + payload.length).putLong(id).put(payload).array();
    DatagramPacket request = new DatagramPacket(out, out.length, server);
    // one byte more than any datagram: a reply is never cut short
    byte[] buf = new byte[MAX_DATAGRAM + 1];
    List<Long> waitedMs = new ArrayList<>();
    long timeout = firstTimeoutNanos;
    for (int attempt = 1; attempt <= maxTries; attempt++) {
      socket.send(request);
      // a deadline per try: a stale reply must not restart the clock
      long deadline = System.nanoTime() + timeout;
      waitedMs.add(Math.round(timeout / 1e6));
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) break;
        // setSoTimeout(0) would mean "wait forever": never less than 1 ms
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000)));
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
          socket.receive(p);
        } catch (SocketTimeoutException e) {
          if (attempt == maxTries) throw e; // out of tries
          break; // this try is over: send again
        }
        if (!server.equals(p.getSocketAddress())) continue; // not from the server
        if (p.getLength() < ID_BYTES) continue; // too short to carry an id: malformed
        ByteBuffer in = ByteBuffer.wrap(p.getData(), p.getOffset(), p.getLength());
        if (in.getLong() != id) continue; // a late duplicate or a stale reply: discard
        return Arrays.copyOfRange(p.getData(), p.getOffset() + ID_BYTES, p.getOffset() + p.getLength());
      }
      // exponential backoff: twice as long next time (without overflowing)
      timeout = timeout > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : timeout * 2;
    }
    throw new NoReplyException("no reply from " + server + " to request " + id + " after "
        + maxTries + (maxTries == 1 ? " try" : " tries") + " (waited " + waitedMs + " ms)", maxTries);
  }

  /** Closes the socket. Safe to call twice. */
  @Override
  public void close() {
    socket.close();
  }
}
