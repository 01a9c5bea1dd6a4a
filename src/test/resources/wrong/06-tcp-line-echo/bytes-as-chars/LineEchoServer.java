// WRONG: builds lines from single bytes with (char) b, which breaks every non-ASCII UTF-8 character
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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

  private final ServerSocket listener;
  private final Set<Socket> clients = new HashSet<>(); // guarded by this
  private final Set<Thread> threads = new HashSet<>(); // guarded by this: acceptor and handlers
  private boolean started; // guarded by this
  private boolean closed; // guarded by this

  /**
   * Binds a listening socket to 127.0.0.1:port; 0 asks the system for a free port.
   *
   * @throws IOException if the port cannot be bound, e.g. it is in use
   */
  public LineEchoServer(int port) throws IOException {
    listener = new ServerSocket();
    try {
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    } catch (IOException e) {
      listener.close();
      throw e;
    }
  }

  /** The bound local port: the real one when 0 was asked for. */
  public int port() {
    return listener.getLocalPort();
  }

  /** Starts accepting clients on a background thread and returns at once. Call it once. */
  public void start() {
    synchronized (this) {
      if (closed) throw new IllegalStateException("server is closed");
      if (started) throw new IllegalStateException("server already started");
      started = true;
      Thread acceptor = new Thread(this::acceptLoop, "line-echo-accept-" + port());
      acceptor.setDaemon(true);
      threads.add(acceptor);
      acceptor.start();
    }
  }

  private void acceptLoop() {
    int n = 0;
    while (true) {
      Socket s;
      try {
        s = listener.accept();
      } catch (IOException e) {
        if (listener.isClosed()) return; // close() woke us: the normal way out
        continue; // a failed accept (e.g. a client that reset at once) is not fatal
      }
      n++;
      synchronized (this) {
        if (closed) { // close() ran between accept() and here: this client missed the list
          closeQuietly(s);
          return;
        }
        Thread handler = new Thread(() -> serve(s), "line-echo-client-" + n);
        handler.setDaemon(true);
        clients.add(s);
        threads.add(handler);
        handler.start();
      }
    }
  }

  /** Echoes one client's lines until its end of stream, a reset, or close(). */
  private void serve(Socket s) {
    try (s) {
      java.io.InputStream in = new java.io.BufferedInputStream(s.getInputStream());
      Writer out = new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8);
      StringBuilder line = new StringBuilder();
      for (int b; (b = in.read()) != -1; ) {
        if (b == '\n') {
          out.write(line + "\n");
          out.flush();
          line.setLength(0);
        } else {
          line.append((char) b); // one byte, one char
        }
      }
      if (line.length() > 0) {
        out.write(line + "\n");
        out.flush();
      }
      // end of stream: everything received has been echoed; closing ends the connection
    } catch (IOException e) {
      // a reset, a broken pipe, or close(): this client is gone, the others are not affected
    } finally {
      synchronized (this) {
        clients.remove(s);
        threads.remove(Thread.currentThread());
      }
    }
  }

  /**
   * Stops the server: closes the listening socket (the port is free again) and every client
   * connection, and waits for all its threads to end. Safe to call twice, and before start().
   */
  @Override
  public void close() {
    List<Socket> open;
    List<Thread> running;
    synchronized (this) {
      closed = true;
      open = new ArrayList<>(clients);
      running = new ArrayList<>(threads);
    }
    closeQuietly(listener); // wakes accept() with a SocketException
    for (Socket s : open) closeQuietly(s); // wakes each readLine() with a SocketException
    long deadline = System.nanoTime() + 2_000_000_000L;
    for (Thread t : running) {
      if (t == Thread.currentThread()) continue;
      try {
        t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // closing is best effort: the socket may already be closed or reset
    }
  }
}
