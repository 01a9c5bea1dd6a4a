import java.io.IOException;
import java.nio.file.Path;

/**
 * A file server on 127.0.0.1: a client connects, asks for one file of the root directory by
 * name, gets it, and the server closes the connection.
 *
 * <pre>
 *   client: GET &lt;name&gt;\n                          (UTF-8, one line)
 *   server: OK\n &lt;8-byte big-endian length&gt; &lt;bytes&gt;   then closes
 *       or: ERR &lt;reason&gt;\n                            then closes
 * </pre>
 *
 * <p>Refused with an {@code ERR} line, and the server goes on serving: a missing file or a
 * directory; a malformed request line (not {@code "GET " + name + "\n"}, an empty name, a NUL
 * character, a line cut off by the end of the stream); a name longer than
 * {@link #MAX_NAME_BYTES} bytes; a name that leads out of the root directory, with {@code ..},
 * as an absolute path, or through a symbolic link. Every client is served on a thread of its
 * own, so a slow client never holds up the others.
 */
public final class FileServer implements AutoCloseable {

  /** The longest name a client may ask for, in UTF-8 bytes. */
  public static final int MAX_NAME_BYTES = 255;

  // TODO: fields — the root (as a real path), the listening socket, the open connections and
  //       the threads, so that close() can stop them

  /**
   * Binds 127.0.0.1:port (0: any free port) and serves the files under {@code root}.
   *
   * @throws IOException if root is not an existing directory, or the port cannot be bound
   */
  public FileServer(Path root, int port) throws IOException {
    // TODO: root.toRealPath(), check it is a directory, bind a ServerSocket to 127.0.0.1:port
    throw new UnsupportedOperationException("TODO: FileServer(root, port)");
  }

  /** The bound local port: the real one when 0 was asked for. */
  public int port() {
    // TODO
    throw new UnsupportedOperationException("TODO: FileServer.port");
  }

  /** Starts accepting clients on a background thread and returns at once. Call it once. */
  public void start() {
    // TODO: a thread that accepts in a loop and starts a thread per client; each client thread
    //       reads the request line (never more than "GET " + 255 bytes + "\n"), checks the
    //       name, answers OK + length + bytes (streamed, not read whole into memory) or ERR,
    //       and closes the connection
    throw new UnsupportedOperationException("TODO: FileServer.start");
  }

  /**
   * Stops the server: closes the listener and every open connection, and waits until all the
   * server's threads have ended. Safe to call twice, and before {@code start()}.
   */
  @Override
  public void close() {
    // TODO
    throw new UnsupportedOperationException("TODO: FileServer.close");
  }
}
