// ALTERNATIVE: blocking NIO channels (ServerSocketChannel, SocketChannel) with a thread per client from a cached pool; the request read into a ByteBuffer of 260 bytes; the file sent with FileChannel.transferTo
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/** The file server on blocking NIO channels: zero-copy transfers, one pool thread per client. */
public final class FileServer implements AutoCloseable {

  public static final int MAX_NAME_BYTES = 255;
  private static final int MAX_LINE = 4 + MAX_NAME_BYTES + 1;

  private final Path root;
  private final ServerSocketChannel listener;
  private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "files");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean closed;
  private boolean started;

  public FileServer(Path root, int port) throws IOException {
    if (!Files.isDirectory(root)) {
      pool.shutdown();
      throw new IOException("not a directory: " + root);
    }
    this.root = root.toRealPath();
    listener = ServerSocketChannel.open();
    try {
      listener.bind(new InetSocketAddress("127.0.0.1", port));
    } catch (IOException e) {
      listener.close();
      pool.shutdown();
      throw e;
    }
  }

  public int port() {
    return listener.socket().getLocalPort();
  }

  public synchronized void start() {
    if (started || closed) throw new IllegalStateException("start() once, before close()");
    started = true;
    pool.execute(this::acceptLoop);
  }

  private void acceptLoop() {
    while (!closed) {
      SocketChannel c;
      try {
        c = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      open.add(c);
      if (closed) {
        closeQuietly(c);
        return;
      }
      try {
        pool.execute(() -> serve(c));
      } catch (RejectedExecutionException e) {
        closeQuietly(c);
      }
    }
  }

  private void serve(SocketChannel c) {
    try (c) {
      String reply = answer(c);
      if (reply != null) c.write(ByteBuffer.wrap(reply.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      // the client went away
    } finally {
      open.remove(c);
    }
  }

  /** Sends the file and returns null, or returns the ERR line to send. */
  private String answer(SocketChannel c) throws IOException {
    ByteBuffer line = ByteBuffer.allocate(MAX_LINE);
    int newline = -1;
    while (newline < 0) {
      if (!line.hasRemaining()) return "ERR name too long\n";
      int before = line.position();
      if (c.read(line) < 0) return "ERR bad request: no newline\n";
      for (int i = before; i < line.position(); i++) {
        if (line.get(i) == '\n') {
          newline = i;
          break;
        }
      }
    }
    byte[] bytes = new byte[newline];
    line.get(0, bytes);
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return "ERR bad request: not UTF-8\n";
    }
    if (!text.startsWith("GET ") || text.length() == 4) return "ERR bad request\n";
    String name = text.substring(4);
    if (name.indexOf('\0') >= 0) return "ERR bad name\n";
    Path file;
    try {
      file = root.resolve(name).normalize();
    } catch (InvalidPathException e) {
      return "ERR bad name\n";
    }
    if (!file.startsWith(root) || file.equals(root)) return "ERR outside the root\n";
    if (!Files.exists(file)) return "ERR no such file\n";
    Path real = file.toRealPath();
    if (!real.startsWith(root)) return "ERR outside the root\n";
    if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) return "ERR not a file\n";
    try (FileChannel data = FileChannel.open(real, StandardOpenOption.READ)) {
      long size = data.size();
      ByteBuffer head = ByteBuffer.allocate(11).put("OK\n".getBytes(StandardCharsets.US_ASCII)).putLong(size).flip();
      while (head.hasRemaining()) c.write(head);
      for (long sent = 0; sent < size; ) sent += data.transferTo(sent, size - sent, c);
    }
    return null;
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(listener);
    for (SocketChannel c : open) closeQuietly(c);
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
