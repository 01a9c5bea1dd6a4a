// ALTERNATIVE: NIO channels in blocking mode (ServerSocketChannel, a ByteBuffer reader, FileChannel.transferTo), a cached thread pool, regex-parsed heads in a case-insensitive TreeMap, lower-case response header names, no Date header, bare LF accepted
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
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
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A static file server for HTTP/1.1 on 127.0.0.1; see the README of exercise 11. */
public final class HttpFileServer implements AutoCloseable {
  private static final int LIMIT = 8192;
  private static final String TOKEN = "[!#$%&'*+\\-.^_`|~0-9A-Za-z]+";
  private static final Pattern REQUEST_LINE = Pattern.compile("(" + TOKEN + ") (/[^ ]*) (HTTP/1\\.[01])");
  private static final Pattern HEADER = Pattern.compile("(" + TOKEN + "):[ \t]*(.*?)[ \t]*");

  private final Path root;
  private final ServerSocketChannel server;
  private final int port;
  private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();
  private volatile ExecutorService pool;
  private volatile boolean closed;

  public HttpFileServer(Path root, int port) throws IOException {
    if (!Files.isDirectory(root)) throw new IOException("not a directory: " + root);
    this.root = root.toRealPath();
    ServerSocketChannel ch = ServerSocketChannel.open();
    try {
      ch.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port));
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    server = ch;
    this.port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
  }

  public int port() {
    return port;
  }

  public synchronized void start() {
    if (pool != null || closed) throw new IllegalStateException("start() once, before close()");
    pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "alt-http");
      t.setDaemon(true);
      return t;
    });
    pool.execute(this::accept);
  }

  private void accept() {
    try {
      while (true) {
        SocketChannel c = server.accept();
        clients.add(c);
        try {
          pool.execute(() -> serve(c));
        } catch (RejectedExecutionException e) {
          quietly(c);
          return;
        }
        if (closed) quietly(c);
      }
    } catch (IOException e) {
      // the server channel was closed
    }
  }

  /** Reads bytes from a channel through one buffer, kept for the whole connection. */
  private static final class Input {
    final SocketChannel ch;
    final ByteBuffer buf = ByteBuffer.allocate(4096).flip();

    Input(SocketChannel ch) {
      this.ch = ch;
    }

    int next() throws IOException {
      if (!buf.hasRemaining()) {
        buf.clear();
        int n = ch.read(buf);
        buf.flip();
        if (n < 0) return -1;
      }
      return buf.get() & 0xff;
    }
  }

  private static final class Bad extends Exception {
    Bad(String why) {
      super(why);
    }
  }

  private void serve(SocketChannel c) {
    try (c) {
      Input in = new Input(c);
      boolean open = true;
      while (open) {
        int[] left = {LIMIT};
        String line;
        boolean headRequest = false;
        try {
          line = line(in, left);
          if (line == null) return;
          Matcher rl = REQUEST_LINE.matcher(line);
          if (!rl.matches()) throw new Bad("request line");
          headRequest = rl.group(1).equals("HEAD");
          Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
          for (String h = line(in, left); ; h = line(in, left)) {
            if (h == null) throw new Bad("end of stream in the head");
            if (h.isEmpty()) break;
            Matcher hm = HEADER.matcher(h);
            if (!hm.matches()) throw new Bad("header line");
            headers.merge(hm.group(1), hm.group(2), (a, b) -> a + ", " + b);
          }
          if (headers.containsKey("Transfer-Encoding")) throw new Bad("transfer-encoding");
          String length = headers.get("Content-Length");
          if (length != null) {
            if (!length.matches("\\d{1,15}")) throw new Bad("content-length");
            for (long n = Long.parseLong(length); n > 0; n--) {
              if (in.next() < 0) return;
            }
          }
          boolean http11 = rl.group(3).endsWith("1.1");
          boolean close = !http11;
          for (String token : headers.getOrDefault("Connection", "").split(",")) {
            if (token.trim().toLowerCase(Locale.ROOT).equals("close")) close = true;
          }
          answer(c, rl.group(1), rl.group(2), close && http11, close);
          open = !close;
        } catch (Bad e) {
          send(c, 400, "Bad Request", Map.of(), true, headRequest);
          return;
        }
      }
    } catch (IOException e) {
      // gone or closed by close()
    } finally {
      clients.remove(c);
    }
  }

  /** A line up to LF (a CR before it dropped), null at a clean end; every byte counts against the head. */
  private static String line(Input in, int[] left) throws IOException, Bad {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int x = in.next(); ; x = in.next()) {
      if (x < 0) {
        if (b.size() == 0) return null;
        throw new Bad("end of stream in a line");
      }
      if (--left[0] < 0) throw new Bad("head too long");
      if (x == '\n') break;
      b.write(x);
    }
    String s = b.toString(StandardCharsets.ISO_8859_1);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  private void answer(SocketChannel c, String method, String target, boolean sayClose, boolean closing)
      throws IOException, Bad {
    boolean head = "HEAD".equals(method);
    if (!head && !"GET".equals(method)) {
      send(c, 405, "Method Not Allowed", Map.of("allow", "GET, HEAD"), sayClose, false);
      return;
    }
    Path file = find(target);
    if (file == null) {
      send(c, 404, "Not Found", Map.of(), sayClose, head);
      return;
    }
    try (FileChannel f = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = f.size();
      String head1 = "HTTP/1.1 200 OK\r\ncontent-length: " + size + "\r\ncontent-type: " + type(file) + "\r\n"
          + (sayClose ? "connection: close\r\n" : "") + "\r\n";
      write(c, head1.getBytes(StandardCharsets.ISO_8859_1));
      if (!head) {
        for (long at = 0; at < size; ) at += f.transferTo(at, size - at, c);
      }
    }
  }

  private Path find(String target) throws Bad {
    int q = target.indexOf('?');
    String raw = q < 0 ? target : target.substring(0, q);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < raw.length(); i++) {
      char ch = raw.charAt(i);
      if (ch != '%') {
        bytes.write(ch);
        continue;
      }
      if (i + 3 > raw.length() || !raw.substring(i + 1, i + 3).matches("[0-9A-Fa-f]{2}")) throw new Bad("escape");
      bytes.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
      i += 2;
    }
    String path;
    try {
      path = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new Bad("not UTF-8");
    }
    if (path.contains("\0")) throw new Bad("NUL");
    Path p;
    try {
      p = root.resolve(path.substring(1)).normalize();
    } catch (InvalidPathException e) {
      throw new Bad("path");
    }
    if (!p.startsWith(root)) return null;
    if (Files.isDirectory(p)) p = p.resolve("index.html");
    return Files.isRegularFile(p) ? p : null;
  }

  private static String type(Path file) {
    String name = file.getFileName().toString();
    String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
    switch (ext) {
      case "html": case "htm": return "text/html; charset=utf-8";
      case "txt": return "text/plain; charset=utf-8";
      case "css": return "text/css; charset=utf-8";
      case "js": return "text/javascript; charset=utf-8";
      case "json": return "application/json";
      case "png": return "image/png";
      case "jpg": case "jpeg": return "image/jpeg";
      default: return "application/octet-stream";
    }
  }

  private static void send(SocketChannel c, int code, String reason, Map<String, String> extra, boolean sayClose,
      boolean head) throws IOException {
    byte[] body = (reason + "\n").getBytes(StandardCharsets.UTF_8);
    StringBuilder b = new StringBuilder("HTTP/1.1 ").append(code).append(' ').append(reason).append("\r\n");
    b.append("content-type: text/plain; charset=utf-8\r\ncontent-length: ").append(body.length).append("\r\n");
    extra.forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
    if (sayClose) b.append("connection: close\r\n");
    b.append("\r\n");
    write(c, b.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (!head) write(c, body);
  }

  private static void write(SocketChannel c, byte[] bytes) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    while (buf.hasRemaining()) c.write(buf);
  }

  @Override
  public void close() {
    ExecutorService p;
    synchronized (this) {
      closed = true;
      p = pool;
    }
    quietly(server);
    for (SocketChannel c : clients) quietly(c);
    if (p != null) {
      p.shutdownNow();
      try {
        p.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void quietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // best effort
    }
  }
}
