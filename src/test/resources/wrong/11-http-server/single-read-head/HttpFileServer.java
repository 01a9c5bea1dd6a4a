// WRONG: reads the request head with a single read(), as if a head always arrived in one piece (and one at a time)
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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

  private static final int MAX_HEAD = 8 * 1024;
  private static final String TCHARS = "!#$%&'*+-.^_`|~";
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT);
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "htm", "text/html; charset=utf-8",
      "txt", "text/plain; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "json", "application/json",
      "png", "image/png",
      "jpg", "image/jpeg",
      "jpeg", "image/jpeg");

  private final Path root;
  private final ServerSocket listener;
  // guarded by this
  private final Set<Socket> connections = new HashSet<>();
  private final Set<Thread> threads = new HashSet<>();
  private boolean started;
  private boolean closed;

  /** A malformed request: answered with 400, then the connection is closed. */
  private static final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;

    BadRequest(String why) {
      super(why, null, false, false);
    }
  }

  private record Request(String method, String target, String version, Map<String, String> headers) {}

  /**
   * Binds 127.0.0.1:port (0: any free port) and serves the files under {@code root}.
   *
   * @throws IOException if root is not an existing directory, or the port cannot be bound
   */
  public HttpFileServer(Path root, int port) throws IOException {
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

  /** Starts accepting connections on a background thread and returns at once. Call it once. */
  public void start() {
    synchronized (this) {
      if (closed) throw new IllegalStateException("server is closed");
      if (started) throw new IllegalStateException("server already started");
      started = true;
      spawn("http-acceptor-" + port(), this::acceptLoop);
    }
  }

  private synchronized boolean spawn(String name, Runnable body) {
    if (closed) return false;
    Thread t = new Thread(() -> {
      try {
        body.run();
      } finally {
        synchronized (this) {
          threads.remove(Thread.currentThread());
        }
      }
    }, name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
    return true;
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
        if (!spawn("http-connection-" + s.getPort(), () -> serve(s))) {
          closeQuietly(s);
          return;
        }
        connections.add(s);
      }
    }
  }

  /** One connection: requests one after the other, until either side wants to stop. */
  private void serve(Socket s) {
    try (s) {
      // one buffered stream for the whole connection: it may already hold the next
      // (pipelined) request when we finish this one
      InputStream in = new BufferedInputStream(s.getInputStream());
      OutputStream out = new BufferedOutputStream(s.getOutputStream(), 1 << 16);
      while (true) {
        Request r;
        try {
          r = readRequest(in);
        } catch (BadRequest e) {
          sendError(out, 400, "Bad Request", e.getMessage(), false, true);
          out.flush();
          return; // the framing can no longer be trusted
        }
        if (r == null) return; // the client closed the connection between requests
        boolean keepAlive = r.version().equals("HTTP/1.1") && !hasToken(r.headers().get("connection"), "close");
        keepAlive = respond(r, out, keepAlive);
        out.flush();
        if (!keepAlive) return;
      }
    } catch (IOException | RuntimeException e) {
      // the client went away, or reset: nothing to answer
    } finally {
      synchronized (this) {
        connections.remove(s);
      }
    }
  }

  /** The next request head, from ONE read(): assumes the whole head arrives in one piece. */
  private static Request readRequest(InputStream in) throws IOException, BadRequest {
    byte[] buf = new byte[MAX_HEAD];
    int n = in.read(buf);
    if (n < 0) return null;
    String text = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) throw new BadRequest("incomplete head"); // or it just has not all arrived yet...
    String[] lines = text.substring(0, end).split("\r\n");
    String[] parts = lines[0].split(" ", -1);
    if (parts.length != 3) throw new BadRequest("the request line must be: method SP target SP version");
    if (!isToken(parts[0])) throw new BadRequest("bad method");
    if (!parts[1].startsWith("/")) throw new BadRequest("the target must start with /");
    if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) throw new BadRequest("bad version");
    Map<String, String> headers = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0 || !isToken(lines[i].substring(0, colon))) throw new BadRequest("bad header line");
      headers.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
    }
    return new Request(parts[0], parts[1], parts[2], headers);
  }

  /**
   * A line ended by CRLF (or a bare LF), without the ending, in ISO-8859-1; null at the end of
   * the stream before its first byte. Counts against the head's byte budget.
   */
  private static String readLine(InputStream in, int[] budget) throws IOException, BadRequest {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b == -1) {
        if (line.size() == 0) return null;
        throw new BadRequest("the connection ended inside a line");
      }
      if (--budget[0] < 0) throw new BadRequest("the request head is over " + MAX_HEAD + " bytes");
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
    }
  }

  private static void skip(InputStream in, long n) throws IOException {
    byte[] buf = new byte[8192];
    while (n > 0) {
      int got = in.read(buf, 0, (int) Math.min(buf.length, n));
      if (got < 0) throw new IOException("the connection ended inside the body");
      n -= got;
    }
  }

  /** Answers one request; returns whether the connection stays open. */
  private boolean respond(Request r, OutputStream out, boolean keepAlive) throws IOException {
    boolean head = r.method().equals("HEAD");
    if (!head && !r.method().equals("GET")) {
      sendError(out, 405, "Method Not Allowed", "only GET and HEAD", head, !keepAlive);
      return keepAlive;
    }
    Path file;
    try {
      file = resolve(r.target());
    } catch (BadRequest e) {
      sendError(out, 400, "Bad Request", e.getMessage(), head, true);
      return false;
    }
    if (file == null) {
      sendError(out, 404, "Not Found", "no such file", head, !keepAlive);
      return keepAlive;
    }
    try (InputStream data = Files.newInputStream(file)) {
      long size = Files.size(file);
      writeHead(out, 200, "OK", Map.of("Content-Type", contentType(file), "Content-Length", String.valueOf(size)),
          !keepAlive);
      if (!head) {
        long copied = data.transferTo(out); // streamed, never the whole file in memory
        if (copied != size) throw new IOException("the file changed while it was sent");
      }
    }
    return keepAlive;
  }

  /** The file a target names, null when there is none (or it is outside the root). */
  private Path resolve(String target) throws BadRequest {
    int cut = target.indexOf('?');
    if (cut < 0) cut = target.indexOf('#');
    String path = percentDecode(cut < 0 ? target : target.substring(0, cut));
    if (path.indexOf('\0') >= 0) throw new BadRequest("NUL in the path");
    Path file;
    try {
      file = root.resolve(path.substring(1)).normalize();
    } catch (InvalidPathException e) {
      throw new BadRequest("bad path");
    }
    if (!file.startsWith(root)) return null; // ".." led out of the root
    if (Files.isDirectory(file)) file = file.resolve("index.html");
    try {
      Path real = file.toRealPath(); // symbolic links must not lead out either
      return real.startsWith(root) && Files.isRegularFile(real) ? real : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** %XX escapes to bytes, the bytes as UTF-8. A '+' stays a '+': that rule is for forms. */
  private static String percentDecode(String s) throws BadRequest {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) throw new BadRequest("a % must be followed by two hex digits");
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) throw new BadRequest("a % must be followed by two hex digits");
        bytes.write(hi << 4 | lo);
        i += 2;
      } else {
        bytes.write(c); // the request line was read as ISO-8859-1: one char per byte
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new BadRequest("the path is not UTF-8");
    }
  }

  private static String contentType(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return TYPES.getOrDefault(ext, "application/octet-stream");
  }

  private static void sendError(OutputStream out, int code, String reason, String detail, boolean head,
      boolean close) throws IOException {
    byte[] body = (code + " " + reason + ": " + detail + "\n").getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    headers.put("Content-Type", "text/plain; charset=utf-8");
    headers.put("Content-Length", String.valueOf(body.length));
    if (code == 405) headers.put("Allow", "GET, HEAD");
    writeHead(out, code, reason, headers, close);
    if (!head) out.write(body);
  }

  private static void writeHead(OutputStream out, int code, String reason, Map<String, String> headers,
      boolean close) throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append("HTTP/1.1 ").append(code).append(' ').append(reason).append("\r\n");
    sb.append("Date: ").append(HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n");
    for (Map.Entry<String, String> h : headers.entrySet()) {
      sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    if (close) sb.append("Connection: close\r\n");
    sb.append("\r\n");
    out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  private static boolean isToken(String s) {
    if (s.isEmpty()) return false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = c < 128 && (Character.isLetterOrDigit(c) || TCHARS.indexOf(c) >= 0);
      if (!ok) return false;
    }
    return true;
  }

  /** Whether a comma-separated header value holds token, ignoring case ("keep-alive, Close"). */
  private static boolean hasToken(String value, String token) {
    if (value == null) return false;
    for (String part : value.split(",")) {
      if (part.strip().equalsIgnoreCase(token)) return true;
    }
    return false;
  }

  /**
   * Stops the server: closes the listener and every connection, idle or busy, and waits until
   * all its threads have ended. Safe to call twice, and before {@code start()}.
   */
  @Override
  public void close() {
    List<Thread> toJoin;
    synchronized (this) {
      closed = true;
      closeQuietly(listener);
      for (Socket s : connections) closeQuietly(s);
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
