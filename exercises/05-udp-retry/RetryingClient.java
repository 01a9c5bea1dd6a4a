import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;

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

  /** Thrown by {@link #request(byte[])} when no try got an answer. Complete: nothing to do here. */
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

  // TODO: fields — the server's address, the timeout, maxTries, a DatagramSocket, the next id

  /**
   * Opens a client socket (any free local port) for talking to {@code server}.
   *
   * @param firstTimeout how long the first try waits for a reply; positive
   * @param maxTries how many times a request is sent at most; at least 1
   * @throws IllegalArgumentException if firstTimeout is not positive or maxTries is below 1
   * @throws SocketException if no socket can be opened
   */
  public RetryingClient(InetSocketAddress server, Duration firstTimeout, int maxTries) throws SocketException {
    // TODO: check the arguments, keep them, open a DatagramSocket
    throw new UnsupportedOperationException("TODO: RetryingClient(server, firstTimeout, maxTries)");
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
    // TODO: a new id; [id][payload] in one datagram; for each try: send, then receive until
    //  this try's deadline, skipping every datagram that is not the reply to this id
    throw new UnsupportedOperationException("TODO: RetryingClient.request");
  }

  /** Closes the socket. Safe to call twice. */
  @Override
  public void close() {
    // TODO
    throw new UnsupportedOperationException("TODO: RetryingClient.close");
  }
}
