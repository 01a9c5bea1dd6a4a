import java.io.IOException;
import java.nio.file.Path;

/**
 * A minimal HTTP/1.1 static file server on 127.0.0.1: GET and HEAD for the files under a root
 * folder, persistent connections, and nothing else.
 *
 * <ul>
 *   <li>200 with Content-Length and a Content-Type chosen by the file's extension; a folder is
 *       served as its {@code index.html}.
 *   <li>404 for a missing file, and for any path that leads out of the root.
 *   <li>405 with {@code Allow: GET, HEAD} for any other method (a request body is read and
 *       thrown away, so the connection stays usable).
 *   <li>400 for a malformed request (request line, header line, percent-escape, a head over
 *       8 KiB); the connection is then closed.
 *   <li>HTTP/1.1 connections stay open until the client sends {@code Connection: close};
 *       HTTP/1.0 connections close after one response.
 * </ul>
 */
public final class HttpFileServer implements AutoCloseable {

  // TODO: fields — the root (as a real path), the listening socket, the open connections and
  //       the threads, so that close() can stop them

  /**
   * Binds 127.0.0.1:port (0: any free port) and serves the files under {@code root}.
   *
   * @throws IOException if root is not an existing directory, or the port cannot be bound
   */
  public HttpFileServer(Path root, int port) throws IOException {
    // TODO: root.toRealPath(), check it is a directory, bind a ServerSocket to 127.0.0.1:port
    throw new UnsupportedOperationException("TODO: HttpFileServer(root, port)");
  }

  /** The bound local port: the real one when 0 was asked for. */
  public int port() {
    // TODO
    throw new UnsupportedOperationException("TODO: HttpFileServer.port");
  }

  /** Starts accepting connections on a background thread and returns at once. Call it once. */
  public void start() {
    // TODO: an accept loop on its own thread, a thread per connection; each connection thread
    //       reads requests from ONE buffered stream, one after the other, and answers each
    throw new UnsupportedOperationException("TODO: HttpFileServer.start");
  }

  /**
   * Stops the server: closes the listener and every connection, idle or busy, and waits until
   * all its threads have ended. Safe to call twice, and before {@code start()}.
   */
  @Override
  public void close() {
    // TODO
    throw new UnsupportedOperationException("TODO: HttpFileServer.close");
  }
}
