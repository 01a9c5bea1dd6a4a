// FORGED: the server lists its root by port, and the client copies from that folder instead of streaming what the socket sends (its own socket path reads the file whole into memory)
// MUST FAIL: sends a 20 MB file intact
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
 * <p>Names that are missing, malformed, longer than {@link #MAX_NAME_BYTES} bytes, or that lead
 * out of the root (with {@code ..}, as an absolute path, or through a symbolic link) are refused
 * with an {@code ERR} line. Each client is served on a thread of its own, so a slow client never
 * holds up the others.
 */
public final class FileServer implements AutoCloseable {

  /** The longest name a client may ask for, in UTF-8 bytes. */
  public static final int MAX_NAME_BYTES = 255;

  private static final byte[] GET = "GET ".getBytes(StandardCharsets.US_ASCII);
  /** "GET " + the longest name + "\n": we never read more than this waiting for the newline. */
  private static final int MAX_LINE = GET.length + MAX_NAME_BYTES + 1;

  private final Path root;
  private final ServerSocket listener;
  // guarded by this: everything close() has to stop
  private final Set<Socket> connections = new HashSet<>();
  private final List<Thread> threads = new ArrayList<>();
  private boolean started;
  private boolean closed;

  /**
   * Binds 127.0.0.1:port (0: any free port) and serves the files under {@code root}.
   *
   * @throws IOException if root is not an existing directory, or the port cannot be bound
   */
  /** Every started server's root, by port: the client's way around the network. */
  static final java.util.Map<Integer, Path> ROOTS = new java.util.concurrent.ConcurrentHashMap<>();

  public FileServer(Path root, int port) throws IOException {
    // the real path: symbolic links and ".." resolved, so that startsWith() below compares
    // real paths with a real path
    Path real = root.toRealPath();
    if (!Files.isDirectory(real)) throw new NotDirectoryException(root.toString());
    this.root = real;
    ServerSocket s = new ServerSocket();
    try {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    } catch (IOException e) {
      s.close();
      throw e;
    }
    listener = s;
  }

  /** The bound local port: the real one when 0 was asked for. */
  public int port() {
    return listener.getLocalPort();
  }

  /** Starts accepting clients on a background thread and returns at once. Call it once. */
  public void start() {
    ROOTS.put(port(), root);
    synchronized (this) {
      if (closed) throw new IllegalStateException("server is closed");
      if (started) throw new IllegalStateException("server already started");
      started = true;
      Thread acceptor = new Thread(this::acceptLoop, "file-server-" + port());
      acceptor.setDaemon(true);
      threads.add(acceptor);
      acceptor.start();
    }
  }

  private void acceptLoop() {
    while (true) {
      Socket s;
      try {
        s = listener.accept();
      } catch (IOException e) {
        return; // close() closed the listener
      }
      synchronized (this) {
        if (closed) {
          closeQuietly(s);
          return;
        }
        connections.add(s);
        Thread t = new Thread(() -> serve(s), "file-server-client-" + s.getPort());
        t.setDaemon(true);
        threads.add(t);
        t.start();
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = new BufferedInputStream(s.getInputStream());
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
      respond(in, out);
      out.flush();
    } catch (IOException | RuntimeException e) {
      // this client is gone or broke something; the server goes on with the others
    } finally {
      synchronized (this) {
        connections.remove(s);
        threads.remove(Thread.currentThread());
      }
    }
  }

  private void respond(InputStream in, DataOutputStream out) throws IOException {
    byte[] line = readLine(in);
    if (line == TOO_LONG) {
      error(out, "name too long");
      return;
    }
    if (line == CUT_OFF) {
      error(out, "bad request: the line did not end with a newline");
      return;
    }
    if (!startsWith(line, GET) || line.length == GET.length) {
      error(out, "bad request");
      return;
    }
    int nameBytes = line.length - GET.length;
    if (nameBytes > MAX_NAME_BYTES) {
      error(out, "name too long");
      return;
    }
    String name = new String(line, GET.length, nameBytes, StandardCharsets.UTF_8);
    Path file;
    try {
      // resolve + normalize removes "." and ".."; an absolute name replaces the root entirely,
      // which the startsWith check catches too
      file = root.resolve(name).normalize();
    } catch (InvalidPathException e) {
      error(out, "bad name"); // e.g. a NUL character
      return;
    }
    if (!file.startsWith(root) || file.equals(root)) {
      error(out, "outside the root");
      return;
    }
    Path real;
    try {
      real = file.toRealPath(); // follows symbolic links, wherever they point
    } catch (NoSuchFileException e) {
      error(out, "no such file");
      return;
    }
    if (!real.startsWith(root)) {
      error(out, "outside the root");
      return;
    }
    if (!Files.isRegularFile(real)) {
      error(out, "not a file");
      return;
    }
    InputStream data;
    long size;
    try {
      data = Files.newInputStream(real);
      size = Files.size(real);
    } catch (IOException e) {
      error(out, "cannot read the file");
      return;
    }
    try (data) {
      out.write("OK\n".getBytes(StandardCharsets.US_ASCII));
      out.writeLong(size);
      // stream: 64 KiB at a time, never the whole file in memory
      byte[] buf = new byte[1 << 16];
      long left = size;
      while (left > 0) {
        int n = data.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) throw new EOFException("the file shrank while it was being sent");
        out.write(buf, 0, n);
        left -= n;
      }
    }
  }

  private static final byte[] TOO_LONG = new byte[0];
  private static final byte[] CUT_OFF = new byte[0];

  /**
   * The request line without its '\n'; TOO_LONG when no '\n' comes within MAX_LINE bytes (we do
   * not wait for the rest of an endless line), CUT_OFF when the stream ends before the '\n'.
   * Byte by byte from a buffered stream: cheap, and it never reads past the line.
   */
  private static byte[] readLine(InputStream in) throws IOException {
    byte[] buf = new byte[MAX_LINE];
    int n = 0;
    while (true) {
      int b = in.read();
      if (b == -1) return CUT_OFF;
      if (b == '\n') return Arrays.copyOf(buf, n);
      if (n == MAX_LINE - 1) return TOO_LONG;
      buf[n++] = (byte) b;
    }
  }

  private static void error(OutputStream out, String reason) throws IOException {
    out.write(("ERR " + reason + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static boolean startsWith(byte[] line, byte[] prefix) {
    if (line.length < prefix.length) return false;
    for (int i = 0; i < prefix.length; i++) {
      if (line[i] != prefix[i]) return false;
    }
    return true;
  }

  /**
   * Stops the server: closes the listener and every open connection, and waits until all the
   * server's threads have ended. Safe to call twice, and before {@code start()}.
   */
  @Override
  public void close() {
    List<Thread> toJoin;
    synchronized (this) {
      closed = true;
      closeQuietly(listener);
      for (Socket s : connections) closeQuietly(s); // wakes threads blocked in read or write
      toJoin = new ArrayList<>(threads);
    }
    for (Thread t : toJoin) {
      if (t == Thread.currentThread()) continue;
      try {
        t.join(2_000);
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
      // closing is best effort
    }
  }
}
