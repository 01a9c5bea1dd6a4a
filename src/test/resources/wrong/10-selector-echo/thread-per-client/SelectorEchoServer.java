// WRONG: blocking I/O with a thread per client instead of one Selector loop
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** An echo server with a thread per client: simple, correct, but not what was asked for. */
public final class SelectorEchoServer implements AutoCloseable {

  private final ServerSocket listener;
  private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  private Thread acceptor;

  public SelectorEchoServer(int port) throws IOException {
    listener = new ServerSocket(port, 256, InetAddress.getLoopbackAddress());
  }

  public int port() {
    return listener.getLocalPort();
  }

  public void start() {
    acceptor = new Thread(this::acceptLoop, "echo-acceptor");
    acceptor.setDaemon(true);
    threads.add(acceptor);
    acceptor.start();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket s = listener.accept();
        clients.add(s);
        Thread t = new Thread(() -> echo(s), "echo-client");
        t.setDaemon(true);
        threads.add(t);
        t.start();
        if (closed) s.close();
      } catch (IOException e) {
        if (listener.isClosed()) return;
      }
    }
  }

  private void echo(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      byte[] buf = new byte[16 * 1024];
      for (int n; (n = in.read(buf)) != -1; ) out.write(buf, 0, n);
    } catch (IOException e) {
      // this client is gone
    } finally {
      clients.remove(s);
      threads.remove(Thread.currentThread());
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException ignored) {
      // best effort
    }
    for (Socket s : clients) {
      try {
        s.close();
      } catch (IOException ignored) {
        // best effort
      }
    }
    for (Thread t : threads) {
      try {
        t.join(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
