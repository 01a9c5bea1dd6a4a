// ALTERNATIVE: a cached thread pool (one pool thread per connected client) instead of new Thread per client; lines cut from raw bytes by hand instead of BufferedReader.readLine; a ConcurrentHashMap set of sockets
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A line echo server whose clients are served by a cached thread pool: a pool thread per
 * connected client, so no client waits for another. Each client's bytes are cut into lines at
 * '\n' by hand; the bytes of a line are sent back unchanged (UTF-8 stays UTF-8 without being
 * decoded), a trailing '\r' dropped and one '\n' added.
 */
public final class LineEchoServer implements AutoCloseable {

  private final ServerSocket listener = new ServerSocket();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger names = new AtomicInteger();
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "echo-" + names.incrementAndGet());
    t.setDaemon(true);
    return t;
  });
  private volatile boolean closed;
  private boolean started; // guarded by this

  public LineEchoServer(int port) throws IOException {
    try {
      listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
    } catch (IOException e) {
      listener.close();
      pool.shutdownNow();
      throw e;
    }
  }

  public int port() {
    return listener.getLocalPort();
  }

  public synchronized void start() {
    if (started || closed) throw new IllegalStateException("start() once, before close()");
    started = true;
    pool.execute(this::acceptClients); // the accepting loop is a pool thread too
  }

  private void acceptClients() {
    while (!closed) {
      Socket s;
      try {
        s = listener.accept();
      } catch (IOException e) {
        if (closed) return;
        continue;
      }
      open.add(s);
      if (closed) { // close() may have missed it
        closeQuietly(s);
        return;
      }
      try {
        pool.execute(() -> echo(s));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        closeQuietly(s); // the pool was shut down meanwhile
      }
    }
  }

  private void echo(Socket s) {
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      byte[] buf = new byte[4096];
      for (int n; (n = in.read(buf)) != -1; ) {
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            sendLine(out, line);
          } else {
            line.write(buf[i]);
          }
        }
      }
      if (line.size() > 0) sendLine(out, line); // the unfinished last line
    } catch (IOException e) {
      // reset, broken pipe or close(): this client only
    } finally {
      open.remove(s);
    }
  }

  private static void sendLine(OutputStream out, ByteArrayOutputStream line) throws IOException {
    byte[] b = line.toByteArray();
    int len = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
    byte[] reply = new byte[len + 1];
    System.arraycopy(b, 0, reply, 0, len);
    reply[len] = '\n';
    out.write(reply);
    out.flush();
    line.reset();
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(listener);
    for (Socket s : open) closeQuietly(s);
    pool.shutdownNow();
    try {
      pool.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // already closed
    }
  }
}
