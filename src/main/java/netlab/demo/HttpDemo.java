package netlab.demo;

import static netlab.core.Msg.get;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lesson 10: HTTP is text over TCP. A tiny HTTP/1.1 server on a plain ServerSocket that shows
 * every request exactly as the bytes arrived (CRLFs and all) and answers 200, 404, 405 or 400.
 */
public final class HttpDemo implements Demo {
  /** METHOD SP request-target SP HTTP-version: exactly one space between the three. */
  private static final Pattern REQUEST_LINE = Pattern.compile("([!#$%&'*+.^_`|~0-9A-Za-z-]+) (\\S+) (HTTP/\\d\\.\\d)");
  private static final int MAX_LINE = 8192;
  private static final int MAX_HEADERS = 100;
  private static final int IDLE_MS = 30_000;

  /** A parsed request: the raw lines as received, and what the server needs from them. */
  record Request(List<String> rawLines, int rawBytes, String method, String target, String version,
      Map<String, String> headers) {}

  /** A request the server cannot read: answered with this status, then the connection closes. */
  static final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    BadRequest(int status, String why) {
      super(why);
      this.status = status;
    }
  }

  @Override
  public String name() {
    return "http";
  }

  @Override
  public int lesson() {
    return 10;
  }

  @Override
  public String summary() {
    return netlab.core.Msg.get("demo.http.summary");
  }

  @Override
  public boolean listening() {
    return true;
  }

  @Override
  public String options() {
    return "[--port N]";
  }

  @Override
  public void start(DemoContext ctx) throws Exception {
    var log = ctx.log();
    ServerSocket server = ctx.own(new ServerSocket());
    server.bind(new InetSocketAddress(ctx.loopback(), ctx.port("port")));
    int port = server.getLocalPort();
    log.event("server", get("demo.http.listening", port));
    log.highlight(get("demo.http.browser", port));
    log.highlight(get("demo.http.curl", port));
    log.info(get("demo.http.others", port));
    log.info(get("demo.http.raw", port));
    ctx.thread("accept", () -> {
      int n = 0;
      while (!ctx.stopping()) {
        Socket s;
        try {
          s = ctx.own(server.accept());
        } catch (IOException e) {
          return; // closed: the demo is stopping
        }
        String who = "client" + (++n);
        ctx.thread("conn-" + n, () -> serve(ctx, s, who));
      }
    });
  }

  /** One connection: requests one after another while the client keeps it alive. */
  private static void serve(DemoContext ctx, Socket s, String who) {
    var log = ctx.log();
    log.event("server", get("demo.http.accepted", who, s.getRemoteSocketAddress()));
    try (s) {
      s.setSoTimeout(IDLE_MS);
      InputStream in = new BufferedInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      for (int count = 1; !ctx.stopping(); count++) {
        Request req;
        try {
          req = read(in);
        } catch (BadRequest e) {
          log.warn(who + ": " + e.getMessage());
          respond(ctx, out, who, e.status, "GET", e.getMessage(), false);
          return;
        }
        if (req == null) {
          log.event("server", count > 1 ? get("demo.http.closedAfter", who, count - 1) : get("demo.http.closed", who));
          return;
        }
        log.event(arrow(who, "server"), get("demo.http.request", count, req.rawBytes()));
        for (String line : req.rawLines()) log.info("    " + visible(line));
        boolean keepAlive = keepAlive(req);
        int status = status(req);
        String body = status == 200 ? page(req) : "";
        respond(ctx, out, who, status, req.method(), body, keepAlive && status != 405);
        if (!keepAlive || status == 405) {
          log.event("server", get(status == 405 ? "demo.http.closing405" : "demo.http.closing", who));
          return;
        }
      }
    } catch (SocketTimeoutException e) {
      log.event("server", get("demo.http.idle", who, IDLE_MS / 1000));
    } catch (IOException e) {
      if (!ctx.stopping()) log.event("server", who + ": " + e.getMessage());
    }
  }

  /** Reads one request head (request line and headers, up to the empty line); null at a clean EOF. */
  static Request read(InputStream in) throws IOException, BadRequest {
    List<String> raw = new ArrayList<>();
    int bytes = 0;
    String first = readLine(in);
    while (first != null && (first.equals("\r\n") || first.equals("\n")) && raw.size() < 4) {
      raw.add(first); // a client may send stray CRLFs between requests; RFC 9112 says to ignore them
      bytes += first.length();
      first = readLine(in);
    }
    if (first == null) return null;
    raw.add(first);
    bytes += first.length();
    Matcher m = REQUEST_LINE.matcher(strip(first));
    if (!m.matches()) throw new BadRequest(400, get("demo.http.badRequestLine", visible(first)));
    if (!m.group(3).startsWith("HTTP/1.")) throw new BadRequest(505, get("demo.http.badVersion", m.group(3)));
    Map<String, String> headers = new LinkedHashMap<>();
    while (true) {
      String line = readLine(in);
      if (line == null) throw new BadRequest(400, get("demo.http.endInHeaders"));
      raw.add(line);
      bytes += line.length();
      String h = strip(line);
      if (h.isEmpty()) break;
      if (raw.size() > MAX_HEADERS) throw new BadRequest(431, get("demo.http.tooManyHeaders", MAX_HEADERS));
      int colon = h.indexOf(':');
      if (colon <= 0 || h.charAt(colon - 1) == ' ') throw new BadRequest(400, get("demo.http.badHeader", visible(line)));
      headers.put(h.substring(0, colon).toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
    }
    Request req = new Request(raw, bytes, m.group(1), m.group(2), m.group(3), headers);
    if (req.version().equals("HTTP/1.1") && !headers.containsKey("host")) {
      throw new BadRequest(400, get("demo.http.noHost"));
    }
    skipBody(in, req);
    return req;
  }

  /** A GET with a body is odd but legal: read it past, so the next request starts in the right place. */
  private static void skipBody(InputStream in, Request req) throws IOException, BadRequest {
    String cl = req.headers().get("content-length");
    if (cl == null || !(req.method().equals("GET") || req.method().equals("HEAD"))) return;
    try {
      long n = Long.parseLong(cl.strip());
      if (n < 0 || n > 1 << 20) throw new NumberFormatException();
      in.skipNBytes(n);
    } catch (NumberFormatException e) {
      throw new BadRequest(400, get("demo.http.badLength", cl));
    }
  }

  /** One line with its terminator (CRLF, or a bare LF that lenient servers accept); ISO-8859-1. */
  private static String readLine(InputStream in) throws IOException, BadRequest {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      line.write(b);
      if (b == '\n') break;
      if (line.size() > MAX_LINE) throw new BadRequest(431, get("demo.http.lineTooLong", MAX_LINE));
    }
    if (line.size() == 0) return null;
    if (b == -1) throw new BadRequest(400, get("demo.http.endInLine"));
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  private static String strip(String line) {
    if (line.endsWith("\r\n")) return line.substring(0, line.length() - 2);
    if (line.endsWith("\n")) return line.substring(0, line.length() - 1);
    return line;
  }

  /** The line with CR and LF (and any other control byte) made visible. */
  static String visible(String line) {
    StringBuilder b = new StringBuilder();
    for (char c : line.toCharArray()) {
      if (c == '\r') b.append("\\r");
      else if (c == '\n') b.append("\\n");
      else if (c == '\t') b.append("\\t");
      else if (c < 0x20 || c == 0x7f) b.append(String.format("\\x%02x", (int) c));
      else b.append(c);
    }
    return b.toString();
  }

  /** HTTP/1.1 keeps the connection unless told "close"; HTTP/1.0 closes unless told "keep-alive". */
  private static boolean keepAlive(Request req) {
    String c = req.headers().getOrDefault("connection", "").toLowerCase(Locale.ROOT);
    if (req.version().equals("HTTP/1.0")) return c.contains("keep-alive");
    return !c.contains("close");
  }

  private static int status(Request req) {
    if (!req.method().equals("GET") && !req.method().equals("HEAD")) return 405;
    String path = req.target();
    int q = path.indexOf('?');
    if (q >= 0) path = path.substring(0, q);
    return path.equals("/") ? 200 : 404;
  }

  static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 431 -> "Request Header Fields Too Large";
      case 505 -> "HTTP Version Not Supported";
      default -> "Error";
    };
  }

  /** Status line, headers, empty line, body (none for HEAD: same headers, Content-Length included). */
  private static void respond(DemoContext ctx, OutputStream out, String who, int status, String method, String detail,
      boolean keepAlive) throws IOException {
    String html = status == 200 ? detail
        : "<!doctype html>\n<html><head><title>" + status + " " + reason(status) + "</title></head>\n<body><h1>" + status
            + " " + reason(status) + "</h1>\n<p>" + escape(status == 404 ? "Only / is here." : detail)
            + "</p>\n<p><a href=\"/\">back to /</a></p></body></html>\n";
    byte[] body = html.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder();
    head.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
    head.append("Content-Type: text/html; charset=utf-8\r\n");
    head.append("Content-Length: ").append(body.length).append("\r\n");
    if (status == 405) head.append("Allow: GET, HEAD\r\n");
    head.append("Server: netlab-demo\r\n");
    head.append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n");
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    boolean withBody = !method.equals("HEAD");
    if (withBody) out.write(body);
    out.flush();
    ctx.log().event(arrow("server", who), get(withBody ? (keepAlive ? "demo.http.sentKeepAlive" : "demo.http.sentClose")
        : (keepAlive ? "demo.http.sentHeadKeepAlive" : "demo.http.sentHeadClose"), status, reason(status), body.length));
  }

  /** A log label: who sent to whom. */
  private static String arrow(String from, String to) {
    return from + " → " + to;
  }

  /** The page for "/": it shows the request back, so a browser's own headers are visible too. */
  private static String page(Request req) {
    StringBuilder b = new StringBuilder();
    b.append("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>NetLab tiny HTTP server</title></head>\n<body>\n");
    b.append("<h1>Hello from a raw socket</h1>\n");
    b.append("<p>This page was written by hand onto a TCP connection. Your request, as it arrived:</p>\n<pre>");
    for (String line : req.rawLines()) b.append(escape(visible(line))).append('\n');
    b.append("</pre>\n<p>Try <a href=\"/nope\">/nope</a> for a 404.</p>\n</body></html>\n");
    return b.toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
