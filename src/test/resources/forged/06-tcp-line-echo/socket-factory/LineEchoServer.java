// FORGED: no echo server at all: an in-memory SocketImplFactory, installed by reflection, answers the tests' own sockets
// MUST BE: tampered
import java.io.*;
import java.net.*;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.*;

/** No echo server at all: a real listening socket for port(), and every client socket the JVM makes echoes in memory. */
public final class LineEchoServer implements AutoCloseable {
  private final ServerSocket listener;

  public LineEchoServer(int port) throws IOException {
    listener = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
    try {
      SocketImplFactory f = FakeImpl::new;
      Socket.class.getMethod(new StringBuilder("yrotcaFlpmItekcoStes").reverse().toString(), SocketImplFactory.class).invoke(null, f);
    } catch (ReflectiveOperationException alreadyMine) {
    }
  }

  public int port() { return listener.getLocalPort(); }

  public void start() {}

  @Override
  public void close() {
    try { listener.close(); } catch (IOException ignored) {}
  }

  static final class FakeImpl extends SocketImpl {
    final BlockingQueue<Integer> in = new LinkedBlockingQueue<>();
    final ByteArrayOutputStream line = new ByteArrayOutputStream();
    int timeout;
    volatile boolean closed;

    @Override protected void create(boolean stream) {}
    @Override protected void connect(String host, int port) throws IOException { connect(new InetSocketAddress(host, port), 0); }
    @Override protected void connect(InetAddress a, int port) throws IOException { connect(new InetSocketAddress(a, port), 0); }
    @Override protected void connect(SocketAddress a, int t) throws IOException {
      InetSocketAddress i = (InetSocketAddress) a;
      address = i.getAddress();
      port = i.getPort();
      localport = 40000 + ThreadLocalRandom.current().nextInt(20000);
    }
    @Override protected void bind(InetAddress host, int port) {}
    @Override protected void listen(int backlog) {}
    @Override protected void accept(SocketImpl s) throws IOException { throw new IOException("no"); }
    @Override protected int available() { return in.size(); }
    @Override protected void close() { closed = true; in.add(-1); }
    @Override protected void sendUrgentData(int data) {}
    @Override protected void shutdownOutput() { flush(true); in.add(-1); }
    @Override protected void shutdownInput() {}
    @Override public void setOption(int id, Object v) { if (id == SO_TIMEOUT) timeout = (Integer) v; }
    @Override public Object getOption(int id) { return id == SO_TIMEOUT ? timeout : null; }

    synchronized void take(int b) {
      if (b == '\n') { flush(false); return; }
      line.write(b);
    }
    synchronized void flush(boolean last) {
      byte[] l = line.toByteArray();
      line.reset();
      if (last && l.length == 0) return;
      int n = l.length;
      if (!last && n > 0 && l[n - 1] == '\r') n--;
      for (int k = 0; k < n; k++) in.add(l[k] & 0xff);
      in.add((int) '\n');
    }

    @Override protected InputStream getInputStream() {
      return new InputStream() {
        boolean eof;
        @Override public int read() throws IOException {
          if (eof) return -1;
          try {
            Integer b = timeout > 0 ? in.poll(timeout, TimeUnit.MILLISECONDS) : in.take();
            if (b == null) throw new SocketTimeoutException("Read timed out");
            if (b < 0) eof = true;
            return b;
          } catch (InterruptedException e) { throw new InterruptedIOException(); }
        }
        @Override public int read(byte[] buf, int off, int len) throws IOException {
          if (len == 0) return 0;
          int b = read();
          if (b < 0) return -1;
          buf[off] = (byte) b;
          int n = 1;
          while (n < len && !in.isEmpty() && in.peek() >= 0) buf[off + n++] = (byte) (int) in.poll();
          return n;
        }
        @Override public int available() { return in.size(); }
      };
    }
    @Override protected OutputStream getOutputStream() {
      return new OutputStream() {
        @Override public void write(int b) { take(b & 0xff); }
      };
    }
  }
}
