import java.io.IOException;

/**
 * A multi-client chat server over TCP on 127.0.0.1, with a line protocol (UTF-8, one message per
 * line ending in {@code \n}):
 *
 * <pre>
 *   client: &lt;nickname&gt;          first line; 1-16 of A-Z a-z 0-9 _ -
 *   server: WELCOME &lt;nickname&gt;  to the new client: it has joined
 *       or: ERROR &lt;reason&gt;      nickname taken or invalid; then the server closes
 *   others: * &lt;nickname&gt; joined
 *   client: &lt;text&gt;              others get "&lt;nickname&gt;: &lt;text&gt;"; empty lines are ignored
 *   client: /quit               the server closes the connection
 *   others: * &lt;nickname&gt; left     after /quit, end of stream, reset, or a drop
 * </pre>
 *
 * <p>A slow or stalled client must never hold up the others: give every client a bounded
 * outgoing queue of {@code queueCapacity} lines and a writer thread that drains it; broadcasting
 * only {@code offer}s lines to the queues, and a client whose queue is full is dropped.
 */
public final class ChatServer implements AutoCloseable {

  // TODO: fields — the listening socket, the joined clients by nickname (each with its socket,
  //       queue and writer thread), every thread, so that close() can stop them all

  /**
   * Binds 127.0.0.1:port (0: any free port). Every client gets an outgoing queue of
   * {@code queueCapacity} lines; a client whose queue is full is dropped.
   *
   * @throws IllegalArgumentException if queueCapacity is less than 1
   * @throws IOException if the port cannot be bound
   */
  public ChatServer(int port, int queueCapacity) throws IOException {
    // TODO: check queueCapacity, bind a ServerSocket to 127.0.0.1 (InetAddress.getLoopbackAddress())
    throw new UnsupportedOperationException("TODO: ChatServer(port, queueCapacity)");
  }

  /** The bound local port: the real one when 0 was asked for. */
  public int port() {
    // TODO
    throw new UnsupportedOperationException("TODO: ChatServer.port");
  }

  /** Starts accepting clients on a background thread and returns at once. Call it once. */
  public void start() {
    // TODO: an accept loop on its own thread; a reader thread per connection (nickname, then
    //       messages); a writer thread per joined client (queue.take(), write, flush)
    throw new UnsupportedOperationException("TODO: ChatServer.start");
  }

  /**
   * Stops the server: closes the listener and every connection (clients see the end of the
   * stream) and waits until all its threads have ended. Safe to call twice, and before
   * {@code start()}.
   */
  @Override
  public void close() {
    // TODO
    throw new UnsupportedOperationException("TODO: ChatServer.close");
  }
}
