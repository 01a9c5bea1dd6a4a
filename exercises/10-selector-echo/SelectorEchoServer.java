import java.io.IOException;

/**
 * A TCP echo server on 127.0.0.1 that serves every client from ONE thread with a NIO
 * {@link java.nio.channels.Selector}: every byte a client sends comes back to that client, in
 * order.
 *
 * <p>All channels are non-blocking. Each connection keeps a buffer as its key's attachment. A
 * write may take only part of the buffer; the rest waits for {@code OP_WRITE}, and while it
 * waits the server stops reading from that client, so a client that sends faster than it reads
 * is slowed down by TCP instead of filling the server's memory. When a client ends its output
 * (read returns -1), everything it sent has already been echoed, and the server closes the
 * connection.
 */
public final class SelectorEchoServer implements AutoCloseable {

  // TODO: fields — a Selector, a ServerSocketChannel, the loop thread, a volatile running flag

  /**
   * Binds a listening channel to 127.0.0.1:port (0: any free port) and registers it with a new
   * selector. Nothing runs until {@link #start()}.
   *
   * @throws IOException if the port cannot be bound, e.g. it is in use
   */
  public SelectorEchoServer(int port) throws IOException {
    // TODO: Selector.open(); ServerSocketChannel.open(), bind, configureBlocking(false),
    //  register(selector, OP_ACCEPT)
    throw new UnsupportedOperationException("TODO: SelectorEchoServer(port)");
  }

  /** The bound local port: the real one when 0 was asked for. */
  public int port() {
    // TODO
    throw new UnsupportedOperationException("TODO: SelectorEchoServer.port");
  }

  /** Starts the event loop on one new thread and returns at once. Call it once. */
  public void start() {
    // TODO: one thread running: while (running) { select(); for each selected key: remove it,
    //  then accept / read / write }; on the way out close every channel and the selector
    throw new UnsupportedOperationException("TODO: SelectorEchoServer.start");
  }

  /**
   * Stops the server: ends the loop (flag + {@code wakeup()}), which closes every connection,
   * the listening channel (the port is free again) and the selector; waits for the thread.
   * Safe to call twice, and before start().
   */
  @Override
  public void close() {
    // TODO
    throw new UnsupportedOperationException("TODO: SelectorEchoServer.close");
  }
}
