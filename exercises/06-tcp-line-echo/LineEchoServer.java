import java.io.IOException;

/**
 * A TCP line echo server on 127.0.0.1: every line a client sends comes back to that client,
 * followed by {@code "\n"}. One thread accepts connections; each client gets a thread of its
 * own, so a slow or silent client never holds up the others.
 *
 * <p>Lines are UTF-8 text ending in {@code "\n"} (a {@code "\r\n"} ending comes back as
 * {@code "\n"}). A last line without a newline before the client's end of stream is echoed too,
 * with a {@code "\n"} added. When a client ends its output (close or {@code shutdownOutput()}),
 * the server echoes what it received and then closes that connection.
 */
public final class LineEchoServer implements AutoCloseable {

  // TODO: fields — the ServerSocket, the client sockets and threads (for close()), a closed flag

  /**
   * Binds a listening socket to 127.0.0.1:port; 0 asks the system for a free port.
   *
   * @throws IOException if the port cannot be bound, e.g. it is in use
   */
  public LineEchoServer(int port) throws IOException {
    // TODO: a ServerSocket bound to InetAddress.getLoopbackAddress() and port
    throw new UnsupportedOperationException("TODO: LineEchoServer(port)");
  }

  /** The bound local port: the real one when 0 was asked for. */
  public int port() {
    // TODO
    throw new UnsupportedOperationException("TODO: LineEchoServer.port");
  }

  /** Starts accepting clients on a background thread and returns at once. Call it once. */
  public void start() {
    // TODO: a thread that loops on accept() and starts one more thread per client; each client
    //  thread reads lines and writes every one back with "\n", until the end of the stream
    throw new UnsupportedOperationException("TODO: LineEchoServer.start");
  }

  /**
   * Stops the server: closes the listening socket (the port is free again) and every client
   * connection, and waits for all its threads to end. Safe to call twice, and before start().
   */
  @Override
  public void close() {
    // TODO
    throw new UnsupportedOperationException("TODO: LineEchoServer.close");
  }
}
