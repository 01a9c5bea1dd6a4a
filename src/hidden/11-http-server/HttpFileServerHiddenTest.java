import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netlab.grade.api.Points;
import netlab.grade.support.ByteDiff;
import netlab.grade.support.Loopback;
import netlab.grade.support.OneByteAtATime;
import netlab.grade.support.Show;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hidden tests for exercise 11, http-server. The server is exercised with the JDK's
 * java.net.http.HttpClient (HTTP/1.1, to 127.0.0.1 only) and with raw sockets, which show the
 * exact bytes: keep-alive, pipelining, one byte at a time, HEAD, malformed requests.
 */
class HttpFileServerHiddenTest {

  private static final int READ_TIMEOUT_MS = 1000;
  private static final String INDEX = "<!doctype html>\n<h1>NetLab</h1>\n";
  private static final String HELLO = "Hello over HTTP\n";
  private static final String CSS = "h1 { color: teal; }\n";
  private static final String DOCS = "<h1>docs</h1>\n";
  private static final String SECRET = "TOP SECRET: outside the root\n";

  @TempDir
  Path tmp;
  private Path root;

  private final List<HttpFileServer> servers = new ArrayList<>();
  private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
  private final ExecutorService httpPool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "hidden-test-http");
    t.setDaemon(true);
    return t;
  });
  private Set<Thread> threadsBefore;

  @BeforeEach
  void makeFiles() throws IOException {
    threadsBefore = Thread.getAllStackTraces().keySet();
    root = Files.createDirectories(tmp.resolve("root"));
    Files.writeString(root.resolve("index.html"), INDEX);
    Files.writeString(root.resolve("hello.txt"), HELLO);
    Files.createDirectories(root.resolve("docs"));
    Files.writeString(root.resolve("docs").resolve("index.html"), DOCS);
    Files.writeString(root.resolve("docs").resolve("style.css"), CSS);
    Files.createDirectories(root.resolve("emptydir"));
    Files.writeString(tmp.resolve("secret.txt"), SECRET);
  }

  @AfterEach
  void cleanUp() throws InterruptedException {
    httpPool.shutdownNow();
    // HttpClient (Java 17 has no close()) keeps a selector thread until it is garbage
    // collected; interrupting it ends it now
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (!threadsBefore.contains(t) && t.getName().startsWith("HttpClient-")) t.interrupt();
    }
    synchronized (sockets) {
      for (Socket s : sockets) {
        try {
          s.close();
        } catch (IOException ignored) {
          // already closed or reset
        }
      }
    }
    Thread closer = new Thread(() -> {
      for (HttpFileServer s : servers) {
        try {
          s.close();
        } catch (Throwable ignored) {
          // the tests have already said what matters
        }
      }
    }, "hidden-test-cleanup");
    closer.setDaemon(true);
    closer.start();
    closer.join(1000);
  }

  @Test
  @DisplayName("HttpClient GET: 200, exact bytes, Content-Length in bytes, Content-Type by extension (any case), index.html for folders")
  @Points(1)
  void contentTypesAndBinaryBodies() throws Exception {
    Random random = new Random(11);
    byte[] png = new byte[200_000];
    random.nextBytes(png);
    for (int i = 0; i < 256; i++) png[i] = (byte) i;
    byte[] jpg = new byte[50_000];
    random.nextBytes(jpg);
    byte[] bin = new byte[3000];
    random.nextBytes(bin);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("page.html", "<p>page</p>\n".getBytes(StandardCharsets.UTF_8));
    files.put("utf8.txt", "你好, HTTP! Grüße\n".getBytes(StandardCharsets.UTF_8));
    files.put("style.css", CSS.getBytes(StandardCharsets.UTF_8));
    files.put("app.js", "console.log('hi');\n".getBytes(StandardCharsets.UTF_8));
    files.put("data.json", "{\"ok\": true}\n".getBytes(StandardCharsets.UTF_8));
    files.put("image.png", png);
    files.put("photo.jpg", jpg);
    files.put("SHOUT.PNG", png);
    files.put("archive.bin", bin);
    files.put("NOTICE", "no extension\n".getBytes(StandardCharsets.UTF_8));
    files.put("old.htm", "<p>old</p>\n".getBytes(StandardCharsets.UTF_8));
    files.put("picture.jpeg", jpg);
    files.put("LOUD.HTML", "<p>LOUD</p>\n".getBytes(StandardCharsets.UTF_8));
    files.put("Mixed.Css", CSS.getBytes(StandardCharsets.UTF_8));
    files.put("big.JPG", jpg);
    files.put("archive.tar.gz", bin);
    files.put("html", "a file named html, no extension\n".getBytes(StandardCharsets.UTF_8));
    String[] types = {"text/html", "text/plain", "text/css", "text/javascript", "application/json", "image/png",
        "image/jpeg", "image/png", "application/octet-stream", "application/octet-stream", "text/html", "image/jpeg",
        "text/html", "text/css", "image/jpeg", "application/octet-stream", "application/octet-stream"};
    int i = 0;
    for (Map.Entry<String, byte[]> f : files.entrySet()) Files.write(root.resolve(f.getKey()), f.getValue());
    int port = startedServer().port();
    HttpClient client = client();
    expectFile(client, port, "/index.html", INDEX.getBytes(StandardCharsets.UTF_8), "text/html");
    expectFile(client, port, "/hello.txt", HELLO.getBytes(StandardCharsets.UTF_8), "text/plain");
    expectFile(client, port, "/", INDEX.getBytes(StandardCharsets.UTF_8), "text/html");
    expectFile(client, port, "/docs/", DOCS.getBytes(StandardCharsets.UTF_8), "text/html");
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      expectFile(client, port, "/" + f.getKey(), f.getValue(), types[i++]);
    }
  }

  @Test
  @DisplayName("404 for missing files and for paths that climb out of the root")
  @Points(1)
  void notFoundAndTraversal() throws Exception {
    int port = startedServer().port();
    Raw c = raw(port);
    for (String path : List.of("/missing.txt", "/docs/missing.css", "/emptydir/")) {
      Response r = c.exchange(get(path), false);
      expectStatus(404, r, "GET " + path + " (" + (path.endsWith("/") ? "a folder without index.html" : "no such file")
          + ")");
      assertNotClosing(r, "GET " + path + " answered with 404");
    }
    Response ok = c.exchange(get("/hello.txt"), false);
    expectBody(HELLO.getBytes(StandardCharsets.UTF_8), ok, "GET /hello.txt on the same connection, after three 404s");

    for (String path : List.of("/../secret.txt", "/%2e%2e/secret.txt", "/docs/../../secret.txt",
        "/docs/..%2f..%2fsecret.txt", "/%2E%2E%2Fsecret.txt", "/docs/%2e%2e/%2e%2e/secret.txt")) {
      Response r = raw(port).exchange(get(path), false);
      String body = new String(r.body(), StandardCharsets.UTF_8);
      assertTrue(!body.contains(SECRET.trim()), () -> "GET " + path + " sent the contents of secret.txt, a file"
          + " OUTSIDE the root folder: decode the path, normalize() it and check startsWith(root)");
      expectStatus(404, r, "GET " + path + " (after decoding and normalizing, it leads out of the root; this"
          + " server answers 404 for such paths)");
    }
  }

  @Test
  @DisplayName("percent-decodes paths (UTF-8); '+' stays '+'; ?query ignored")
  @Points(1)
  void percentDecodesPaths() throws Exception {
    Files.writeString(root.resolve("hello world.txt"), "space\n");
    Files.writeString(root.resolve("a+b.txt"), "plus\n");
    Files.writeString(root.resolve("你好.txt"), "nihao\n");
    Files.writeString(root.resolve("100%.txt"), "percent\n");
    Files.writeString(root.resolve("tab\tname.txt"), "tab\n");
    int port = startedServer().port();
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("/hello%20world.txt", "space\n");
    cases.put("/a+b.txt", "plus\n");
    cases.put("/a%2Bb.txt", "plus\n");
    cases.put("/%E4%BD%A0%E5%A5%BD.txt", "nihao\n");
    cases.put("/100%25.txt", "percent\n");
    cases.put("/hello%2etxt", HELLO);
    cases.put("/hello.tx%74", HELLO);
    cases.put("/tab%09name.txt", "tab\n");
    cases.put("/%68ello.txt", HELLO);
    cases.put("/hello.txt?name=ann&x=%zz", HELLO);
    for (Map.Entry<String, String> e : cases.entrySet()) {
      Response r = raw(port).exchange(get(e.getKey()), false);
      String why = switch (e.getKey()) {
        case "/a+b.txt" -> " (file a+b.txt: in a path '+' is just '+'; URLDecoder, made for forms, turns it into a space)";
        case "/hello.txt?name=ann&x=%zz" -> " (the query after '?' is not part of the file name)";
        case "/%E4%BD%A0%E5%A5%BD.txt" -> " (file 你好.txt: the escapes are UTF-8 bytes)";
        case "/hello.tx%74", "/%68ello.txt" -> " (%74 is 't' and %68 is 'h': an escape may be the first or the last"
            + " thing in the path)";
        default -> "";
      };
      expectStatus(200, r, "GET " + e.getKey() + why);
      expectBody(e.getValue().getBytes(StandardCharsets.UTF_8), r, "GET " + e.getKey() + why);
    }
  }

  @Test
  @DisplayName("HEAD: GET's headers and no body; the connection stays usable")
  @Points(1)
  void headHasNoBody() throws Exception {
    byte[] png = new byte[100_000];
    new Random(12).nextBytes(png);
    Files.write(root.resolve("image.png"), png);
    int port = startedServer().port();
    Raw c = raw(port);
    Response head = c.exchange(request("HEAD", "/hello.txt"), true);
    expectStatus(200, head, "HEAD /hello.txt");
    expectHeader(head, "content-length", String.valueOf(HELLO.length()), "HEAD /hello.txt (the length GET would send)");
    expectMediaType(head, "text/plain", "HEAD /hello.txt");
    Response get = c.exchange(get("/hello.txt"), false,
        "right after the response to HEAD /hello.txt (a HEAD response has no body: were its bytes sent anyway?)");
    expectBody(HELLO.getBytes(StandardCharsets.UTF_8), get, "GET /hello.txt after a HEAD on the same connection");

    Response headPng = c.exchange(request("HEAD", "/image.png"), true);
    expectHeader(headPng, "content-length", "100000", "HEAD /image.png");
    Response headMissing = c.exchange(request("HEAD", "/missing.txt"), true,
        "right after the response to HEAD /image.png (100000 bytes that must not be sent)");
    expectStatus(404, headMissing, "HEAD /missing.txt");
    Response getPng = c.exchange(get("/image.png"), false, "right after the response to HEAD /missing.txt");
    expectBody(png, getPng, "GET /image.png after two HEADs on the same connection");
  }

  @Test
  @DisplayName("405 + Allow: GET, HEAD for other methods (case-sensitive); skips request bodies (any header case)")
  @Points(1)
  void methodNotAllowed() throws Exception {
    int port = startedServer().port();
    HttpClient client = client();
    URI uri = uri(port, "/hello.txt");
    List<HttpRequest> requests = List.of(
        HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("name=ann&age=7")).build(),
        HttpRequest.newBuilder(uri).PUT(HttpRequest.BodyPublishers.ofString("replacement")).build(),
        HttpRequest.newBuilder(uri).DELETE().build(),
        HttpRequest.newBuilder(uri).method("PATCH", HttpRequest.BodyPublishers.ofString("x")).build());
    for (HttpRequest req : requests) {
      String what = req.method() + " /hello.txt (HttpClient)";
      HttpResponse<byte[]> r = send(client, req, what);
      assertEquals(405, r.statusCode(), () -> what + ": expected status 405, got " + r.statusCode());
      String allow = r.headers().firstValue("allow").orElse(null);
      assertEquals(new TreeSet<>(List.of("GET", "HEAD")), tokens(allow), () -> what + ": a 405 response must"
          + " list the allowed methods, \"Allow: GET, HEAD\"; got " + (allow == null ? "no Allow header" : "Allow: " + allow));
    }
    Raw c = raw(port);
    c.send("POST /hello.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 11\r\n\r\nhello=world" + get("/hello.txt"));
    Response post = c.read(false, "POST /hello.txt with an 11-byte body, and a GET right behind it");
    expectStatus(405, post, "POST /hello.txt with the body \"hello=world\" (Content-Length: 11)");
    Response after = c.read(false, "GET /hello.txt sent right after the POST's 11-byte body (read the body away"
        + " first, or it looks like the start of the next request)");
    expectStatus(200, after, "GET /hello.txt right after a POST with an 11-byte body");
    expectBody(HELLO.getBytes(StandardCharsets.UTF_8), after, "GET /hello.txt right after a POST with a body");

    // header names ignore case: this Content-Length is spelled in mixed case
    c.send("PUT /hello.txt HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-LENGTH: 5\r\n\r\nhello" + get("/hello.txt"));
    Response put = c.read(false, "PUT /hello.txt with \"content-LENGTH: 5\" and a 5-byte body, and a GET right behind it");
    expectStatus(405, put, "PUT /hello.txt with the header \"content-LENGTH: 5\" and the body \"hello\"");
    Response afterPut = c.read(false, "GET /hello.txt sent right after a PUT whose \"content-LENGTH: 5\" header is"
        + " spelled in mixed case (README: header names are case-insensitive, so the 5 body bytes must be skipped)");
    expectBody(HELLO.getBytes(StandardCharsets.UTF_8), afterPut, "GET /hello.txt right after a PUT with"
        + " \"content-LENGTH: 5\" (header names are case-insensitive)");

    // a body cut short: the client announces 100 bytes, sends 5 and half-closes; the server must end the
    // connection (with or without an answer), not wait or spin on a stream that has ended
    Raw cut = raw(port);
    cut.send("POST /hello.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\nhello");
    cut.socket.shutdownOutput();
    cut.expectEnd("after POST /hello.txt with \"Content-Length: 100\" but only 5 bytes of body and then the end of"
        + " the client's stream");

    // methods are case-sensitive: "get" is another method, not GET
    for (String method : List.of("get", "Head", "OPTIONS")) {
      Response r = c.exchange(request(method, "/hello.txt"), false);
      expectStatus(405, r, method + " /hello.txt (methods are case-sensitive, RFC 9110 9.1: only GET and HEAD are"
          + " served, any other method is 405)");
      assertEquals(new TreeSet<>(List.of("GET", "HEAD")), tokens(r.headers().get("allow")), () -> method
          + " /hello.txt: a 405 response must say \"Allow: GET, HEAD\"; got " + r.headers().get("allow"));
      assertNotClosing(r, method + " /hello.txt answered with 405");
    }
    expectBody(HELLO.getBytes(StandardCharsets.UTF_8), c.exchange(get("/hello.txt"), false),
        "GET /hello.txt on the same connection after three 405 responses");
  }

  @Test
  @DisplayName("keep-alive, pipelining, Connection: close (any case, in a list, on errors too) and HTTP/1.0")
  @Points(1)
  void keepAliveAndClose() throws Exception {
    int port = startedServer().port();
    Raw c = raw(port);
    String[][] sequence = {{"/hello.txt", HELLO}, {"/docs/style.css", CSS}, {"/", INDEX}};
    for (String[] s : sequence) {
      Response r = c.exchange(get(s[0]), false, "request " + s[0] + " on a connection that already served others");
      expectBody(s[1].getBytes(StandardCharsets.UTF_8), r, "GET " + s[0] + " (on one kept-alive connection)");
      assertNotClosing(r, "GET " + s[0] + " with HTTP/1.1 and no Connection header");
    }

    Raw p = raw(port);
    p.send(get("/docs/style.css") + get("/hello.txt") + get("/index.html")); // three requests, one write
    p.socket.shutdownOutput(); // and nothing more: like printf ... | nc, the client half-closes
    String[][] pipelined = {{"/docs/style.css", CSS}, {"/hello.txt", HELLO}, {"/index.html", INDEX}};
    for (int i = 0; i < 3; i++) {
      String what = "response " + (i + 1) + " of 3 to GET /docs/style.css, /hello.txt and /index.html sent in"
          + " one write (pipelined: keep reading from the same buffered stream)";
      Response r = p.read(false, what);
      expectBody(pipelined[i][1].getBytes(StandardCharsets.UTF_8), r, what);
    }
    p.expectClosed("after the three responses to pipelined requests from a client that then half-closed its side"
        + " (its end of stream between requests ends the connection, with no further bytes)");

    Raw closing = raw(port);
    Response r = closing.exchange("GET /hello.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", false);
    expectBody(HELLO.getBytes(StandardCharsets.UTF_8), r, "GET /hello.txt with Connection: close");
    String conn = r.headers().get("connection");
    assertTrue(conn != null && tokens(conn).contains("CLOSE"), () -> "GET /hello.txt with \"Connection: close\":"
        + " the response should say \"Connection: close\" too; it had " + (conn == null ? "no Connection header"
        + " at all" : "Connection: " + conn));
    closing.expectClosed("after the response to a request with \"Connection: close\"");

    Raw old = raw(port);
    Response r10 = old.exchange("GET /hello.txt HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", false);
    expectBody(HELLO.getBytes(StandardCharsets.UTF_8), r10, "GET /hello.txt HTTP/1.0");
    old.expectClosed("after the response to an HTTP/1.0 request (no keep-alive by default in HTTP/1.0)");

    // Connection is a list of tokens, in any case (README: "the value may be a list: keep-alive, close;
    // ignore case"), and it applies to every response, errors included
    String[][] asksToClose = {
        {"GET /hello.txt", "CONNECTION: CLOSE", "200"},
        {"GET /hello.txt", "Connection: keep-alive, Close", "200"},
        {"GET /hello.txt", "connection: TE,close", "200"},
        {"GET /missing.txt", "Connection: close", "404"},
        {"DELETE /hello.txt", "Connection: close", "405"},
        {"HEAD /hello.txt", "Connection: close", "200"},
        {"GET /hello.txt", "Connection: close\r\nConnection: close", "200"},
    };
    for (String[] k : asksToClose) {
      String req = k[0] + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + k[1] + "\r\n\r\n";
      String what = k[0] + " with \"" + k[1].replace("\r\n", "\\r\\n") + "\"";
      Raw asking = raw(port);
      Response answer = asking.exchange(req, k[0].startsWith("HEAD"), "the response to " + what);
      expectStatus(Integer.parseInt(k[2]), answer, what);
      String said = answer.headers().get("connection");
      assertTrue(said != null && tokens(said).contains("CLOSE"), () -> what + ": the client asked to close, so the"
          + " response should say \"Connection: close\" too (README: names and values ignore case, the value may"
          + " be a list); it had " + (said == null ? "no Connection header" : "Connection: " + said));
      asking.expectClosed("after the response to " + what);
    }
    Raw http10 = raw(port);
    Response missing10 = http10.exchange("GET /missing.txt HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", false);
    expectStatus(404, missing10, "GET /missing.txt HTTP/1.0");
    http10.expectClosed("after the 404 response to an HTTP/1.0 request (HTTP/1.0 connections close after one"
        + " response, whatever the status)");
    Raw kept = raw(port);
    for (int i = 1; i <= 2; i++) {
      Response again = kept.exchange("GET /hello.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n",
          false, "request " + i + " with \"Connection: keep-alive\" on one connection");
      expectBody(HELLO.getBytes(StandardCharsets.UTF_8), again, "GET /hello.txt with \"Connection: keep-alive\", request " + i);
      assertNotClosing(again, "GET /hello.txt with \"Connection: keep-alive\"");
    }
  }

  @Test
  @DisplayName("reads a request head that arrives one byte at a time, twice")
  @Points(1)
  void requestOneByteAtATime() throws Exception {
    int port = startedServer().port();
    Raw c = raw(port);
    OutputStream slow = OneByteAtATime.output(c.socket.getOutputStream());
    String first = "GET /hello.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: one-byte-at-a-time\r\nAccept: */*\r\n\r\n";
    slow.write(first.getBytes(StandardCharsets.ISO_8859_1));
    Response r1 = c.read(false, "the response to GET /hello.txt, sent one byte per TCP segment");
    expectBody(HELLO.getBytes(StandardCharsets.UTF_8), r1, "GET /hello.txt sent one byte per TCP segment"
        + " (one read() may return a single byte: read until the empty line)");
    slow.write(get("/docs/style.css").getBytes(StandardCharsets.ISO_8859_1));
    Response r2 = c.read(false, "the response to a second request, again one byte per segment, same connection");
    expectBody(CSS.getBytes(StandardCharsets.UTF_8), r2, "GET /docs/style.css, one byte per segment, after"
        + " another request on the same connection");
  }

  @Test
  @DisplayName("400 and close for malformed requests (a head over 8 KiB, a bad version, escape or framing); 8 KiB exactly is served")
  @Points(1)
  void badRequests() throws Exception {
    int port = startedServer().port();
    String host = "Host: 127.0.0.1\r\n";
    List<String> bad = List.of(
        "GET /\r\n" + host + "\r\n",
        "GET / HTTP/1.1 extra\r\n" + host + "\r\n",
        "GET  / HTTP/1.1\r\n" + host + "\r\n",
        "GET hello.txt HTTP/1.1\r\n" + host + "\r\n",
        "GET / FTP/1.1\r\n" + host + "\r\n",
        "GET / HTTP/1.1\r\n" + host + "this line has no colon\r\n\r\n",
        "GET /%zz HTTP/1.1\r\n" + host + "\r\n",
        "GET /hello.txt% HTTP/1.1\r\n" + host + "\r\n",
        "GET /a%00b HTTP/1.1\r\n" + host + "\r\n",
        "\u0000\u0001\u0002\u00ff\r\n\r\n",
        "GET / HTTP/1.1\r\n" + host + "X-Big: " + "a".repeat(10_000) + "\r\n\r\n",
        headOf(MAX_HEAD + 1),
        "GET / HTTP/1.2\r\n" + host + "\r\n",
        "GET / HTTP/2.0\r\n" + host + "\r\n",
        "GET / http/1.1\r\n" + host + "\r\n",
        "GE(T / HTTP/1.1\r\n" + host + "\r\n",
        "GET /%FF.txt HTTP/1.1\r\n" + host + "\r\n",
        "GET /%C3 HTTP/1.1\r\n" + host + "\r\n",
        "GET /hello.txt%2 HTTP/1.1\r\n" + host + "\r\n",
        "POST /hello.txt HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n",
        "POST /hello.txt HTTP/1.1\r\n" + host + "Content-Length: abc\r\n\r\n",
        "GET /%g0%9F%98%80 HTTP/1.1\r\n" + host + "\r\n",
        " /hello.txt HTTP/1.1\r\n" + host + "\r\n");
    for (String req : bad) {
      String shown = Show.bytes(req.getBytes(StandardCharsets.ISO_8859_1));
      Raw c = raw(port);
      Response r = c.exchange(req, false, "the response to the malformed request " + shown);
      expectStatus(400, r, "sent the malformed request " + shown);
      c.expectClosed("after answering the malformed request " + shown + " with 400 (the server cannot know where"
          + " the next request would start)");
    }
    Response ok = raw(port).exchange(get("/hello.txt"), false);
    expectBody(HELLO.getBytes(StandardCharsets.UTF_8), ok, "GET /hello.txt on a new connection after "
        + bad.size() + " bad requests");
    // exactly at the limit: a head of 8192 bytes, every CRLF and the empty line included, is allowed
    Raw limit = raw(port);
    Response exact = limit.exchange(headOf(MAX_HEAD), false, "the response to GET /hello.txt with a head of exactly"
        + " 8192 bytes");
    expectBody(HELLO.getBytes(StandardCharsets.UTF_8), exact, "GET /hello.txt with a head of exactly 8192 bytes"
        + " (README: the whole head may be at most 8 KiB; this one is 8 KiB, so it is served)");
    expectBody(HELLO.getBytes(StandardCharsets.UTF_8), limit.exchange(get("/hello.txt"), false),
        "GET /hello.txt on the same connection after a request whose head was exactly 8192 bytes");
  }

  private static final int MAX_HEAD = 8 * 1024;

  /**
   * A GET /hello.txt whose whole head (request line, headers, their CRLFs and the empty line) is
   * exactly {@code bytes} long, padded with an X-Pad header.
   */
  private static String headOf(int bytes) {
    String start = "GET /hello.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: ";
    String end = "\r\n\r\n";
    String head = start + "p".repeat(bytes - start.length() - end.length()) + end;
    if (head.length() != bytes) throw new IllegalStateException("head of " + head.length() + " bytes");
    return head;
  }

  @Test
  @DisplayName("serves 10 HttpClient requests at once; close() ends all")
  @Points(1)
  void concurrentRequestsAndClose() throws Exception {
    Random random = new Random(13);
    byte[][] contents = new byte[10][];
    for (int i = 0; i < 10; i++) {
      contents[i] = new byte[100_000 + i];
      random.nextBytes(contents[i]);
      Files.write(root.resolve("file" + i + ".bin"), contents[i]);
    }
    HttpFileServer server = startedServer();
    int port = server.port();
    Raw idle = raw(port);
    expectBody(HELLO.getBytes(StandardCharsets.UTF_8), idle.exchange(get("/hello.txt"), false),
        "GET /hello.txt on a connection that then stays idle");

    HttpClient client = client();
    List<CompletableFuture<HttpResponse<byte[]>>> futures = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      futures.add(client.sendAsync(HttpRequest.newBuilder(uri(port, "/file" + i + ".bin")).build(),
          HttpResponse.BodyHandlers.ofByteArray()));
    }
    for (int i = 0; i < 10; i++) {
      String what = "GET /file" + i + ".bin, one of 10 requests sent at once by HttpClient (on several connections,"
          + " while another connection was open and idle)";
      HttpResponse<byte[]> r = await(futures.get(i), what);
      int n = i;
      assertEquals(200, r.statusCode(), () -> what + ": expected status 200, got " + r.statusCode());
      assertArrayEquals(contents[i], r.body(), () -> what + ": " + ByteDiff.describe(contents[n], r.body()));
    }

    assertTimeoutPreemptively(Duration.ofSeconds(1), () -> assertDoesNotThrow(server::close, "close() threw"),
        "close() did not return within 1 s while connections were open");
    idle.expectClosed("after close(), on a kept-alive connection that was idle");
    assertPortFree(port);
    assertNoThreadsLeft(threadsBefore);
    assertDoesNotThrow(server::close, "close() threw when called a second time");
  }

  @Test
  @DisplayName("new HttpFileServer: IOException for a missing root, a file or a port in use; binds 127.0.0.1 only; close() before start() is harmless")
  @Points(1)
  void constructorAndBinding() throws Exception {
    Path missing = tmp.resolve("no-such-folder");
    expectIOException(() -> new HttpFileServer(missing, 0), "new HttpFileServer(" + missing + ", 0): that root"
        + " does not exist");
    Path file = root.resolve("hello.txt");
    expectIOException(() -> new HttpFileServer(file, 0), "new HttpFileServer(" + file + ", 0): that root is a"
        + " file, not a directory");
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(Loopback.address(), 0));
      int busy = taken.getLocalPort();
      expectIOException(() -> new HttpFileServer(root, busy), "new HttpFileServer(root, " + busy + "): another"
          + " socket already listens on 127.0.0.1:" + busy);
    }

    HttpFileServer unstarted = new HttpFileServer(root, 0);
    servers.add(unstarted);
    int unstartedPort = unstarted.port();
    assertTrue(unstartedPort > 0 && unstartedPort < 65536, () -> "new HttpFileServer(root, 0).port() should be"
        + " the port really bound, not " + unstartedPort);
    assertTimeoutPreemptively(Duration.ofSeconds(1), () -> assertDoesNotThrow(unstarted::close,
        "close() before start() threw"), "close() before start() did not return within 1 s");
    assertDoesNotThrow(unstarted::close, "close() a second time, before start(), threw");
    assertPortFree(unstartedPort);

    HttpFileServer server = startedServer();
    int port = server.port();
    expectBody(HELLO.getBytes(StandardCharsets.UTF_8), raw(port).exchange(get("/hello.txt"), false),
        "GET /hello.txt on 127.0.0.1:" + port);
    // Linux routes all of 127.0.0.0/8 to the loopback interface: a server bound to 127.0.0.1 is not
    // reachable at 127.0.0.2, one bound to every address (0.0.0.0, ::) is. Where 127.0.0.2 is not
    // configured (macOS), this part proves nothing and is left out.
    InetAddress other = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
    boolean usable;
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(other, 0));
      usable = true;
    } catch (IOException e) {
      usable = false;
    }
    if (usable) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(other, port), 1000);
        fail("new HttpFileServer(root, 0) should bind 127.0.0.1 only, but a connection to 127.0.0.2:" + port
            + " was accepted: the server listens on every address (bind new InetSocketAddress("
            + "InetAddress.getLoopbackAddress(), port), not new ServerSocket(port))");
      } catch (ConnectException | SocketTimeoutException expected) {
        // refused: nothing listens there
      }
    }
  }

  private interface Construction {
    HttpFileServer run() throws Exception;
  }

  private void expectIOException(Construction c, String what) {
    try {
      HttpFileServer wrong = c.run();
      if (wrong != null) servers.add(wrong); // closed after the test
    } catch (IOException expected) {
      return;
    } catch (Throwable t) {
      throw new AssertionError(what + ": should throw IOException, but threw " + t, t);
    }
    fail(what + ": should throw IOException, but the constructor returned normally");
  }

  // --- helpers: server and HttpClient ----------------------------------------------------------

  private HttpFileServer startedServer() throws IOException {
    HttpFileServer server = new HttpFileServer(root, 0);
    servers.add(server);
    assertTimeoutPreemptively(Duration.ofSeconds(1), server::start,
        "start() did not return within 1 s: it must accept connections on a background thread");
    return server;
  }

  private HttpClient client() {
    return HttpClient.newBuilder()
        .executor(httpPool)
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(1))
        .build();
  }

  private static URI uri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static HttpResponse<byte[]> send(HttpClient client, HttpRequest req, String what) throws InterruptedException {
    return await(client.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray()), what);
  }

  private static <T> T await(CompletableFuture<T> f, String what) throws InterruptedException {
    try {
      return f.get(2, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError(what + ": HttpClient failed with " + e.getCause()
          + " (did the server close the connection without a complete response?)", e.getCause());
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new AssertionError(what + ": no complete response within 2 s (is Content-Length right, in bytes?)");
    }
  }

  private static void expectFile(HttpClient client, int port, String path, byte[] content, String type)
      throws InterruptedException {
    String what = "GET " + path + " (HttpClient)";
    HttpResponse<byte[]> r = send(client, HttpRequest.newBuilder(uri(port, path)).build(), what);
    assertEquals(200, r.statusCode(), () -> what + ": expected status 200, got " + r.statusCode());
    String length = r.headers().firstValue("content-length").orElse(null);
    assertEquals(String.valueOf(content.length), length, () -> what + ": expected \"Content-Length: " + content.length
        + "\" (the body's length in bytes), got " + (length == null ? "no Content-Length" : length));
    assertArrayEquals(content, r.body(), () -> what + ": the body differs from the file: "
        + ByteDiff.describe(content, r.body()));
    String ct = r.headers().firstValue("content-type").orElse(null);
    assertTrue(mediaTypeIs(ct, type), () -> what + ": expected Content-Type " + type + ", got "
        + (ct == null ? "no Content-Type header" : ct));
  }

  private static boolean mediaTypeIs(String header, String type) {
    if (header == null) return false;
    String media = header.split(";")[0].strip().toLowerCase(Locale.ROOT);
    return media.equals(type) || type.equals("text/javascript") && media.equals("application/javascript");
  }

  private static Set<String> tokens(String value) {
    Set<String> out = new TreeSet<>();
    if (value != null) {
      for (String t : value.split(",")) if (!t.isBlank()) out.add(t.strip().toUpperCase(Locale.ROOT));
    }
    return out;
  }

  // --- helpers: raw HTTP over a socket ---------------------------------------------------------

  private static String get(String path) {
    return request("GET", path);
  }

  private static String request(String method, String path) {
    return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  }

  /** A response as it came: status, header names in lower case, the body framed by Content-Length. */
  private record Response(int status, String statusLine, Map<String, String> headers, byte[] body) {}

  private Raw raw(int port) throws IOException {
    Socket s = Loopback.connect(port);
    sockets.add(s);
    s.setSoTimeout(READ_TIMEOUT_MS);
    s.setTcpNoDelay(true);
    return new Raw(s);
  }

  /** One client connection, read through one buffered stream like a real client does. */
  private static final class Raw {
    final Socket socket;
    final InputStream in;
    final OutputStream out;

    Raw(Socket socket) throws IOException {
      this.socket = socket;
      in = new BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    }

    void send(String request) throws IOException {
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }

    Response exchange(String request, boolean head) throws IOException {
      String line = request.substring(0, Math.max(0, request.indexOf("\r\n")));
      return exchange(request, head, "the response to " + line);
    }

    Response exchange(String request, boolean head, String what) throws IOException {
      send(request);
      return read(head, what);
    }

    /** Reads one response; a HEAD response (head == true) has headers only. */
    Response read(boolean head, String what) throws IOException {
      String statusLine = line(what, true);
      Matcher m = Pattern.compile("HTTP/1\\.[01] (\\d{3})(?: .*)?").matcher(statusLine);
      if (!m.matches()) {
        fail(what + ": expected a status line like \"HTTP/1.1 200 OK\", got " + quote(statusLine));
      }
      Map<String, String> headers = new LinkedHashMap<>();
      while (true) {
        String h = line(what + " (its headers)", false);
        if (h.isEmpty()) break;
        int colon = h.indexOf(':');
        if (colon <= 0) fail(what + ": expected a header line \"Name: value\", got " + quote(h));
        headers.merge(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip(),
            (a, b) -> a + ", " + b);
      }
      int status = Integer.parseInt(m.group(1));
      if (head) return new Response(status, statusLine, headers, new byte[0]);
      String length = headers.get("content-length");
      if (length == null || !length.matches("\\d{1,9}")) {
        fail(what + ": the response " + quote(statusLine) + " has " + (length == null ? "no Content-Length"
            : "Content-Length " + quote(length)) + "; every response with a body needs a Content-Length in"
            + " bytes, or the client cannot tell where it ends");
      }
      int n = Integer.parseInt(length);
      byte[] body = new byte[n];
      int off = 0;
      try {
        while (off < n) {
          int got = in.read(body, off, n - off);
          if (got < 0) fail(what + ": Content-Length is " + n + ", but the connection ended after " + off
              + " bytes of the body");
          off += got;
        }
      } catch (SocketTimeoutException e) {
        fail(what + ": Content-Length is " + n + ", but only " + off + " bytes of the body came within "
            + READ_TIMEOUT_MS + " ms (is the length counted in bytes?)");
      } catch (SocketException e) {
        fail(what + ": the connection was reset after " + off + " of the " + n + " bytes of the body");
      }
      return new Response(status, statusLine, headers, body);
    }

    /** A line that must end with CRLF, in ISO-8859-1. */
    private String line(String what, boolean first) throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      try {
        while (true) {
          int c = in.read();
          if (c == -1) {
            fail(what + ": the server closed the connection " + (first && b.size() == 0 ? "without a response"
                : "in the middle of a line: " + quote(b.toString(StandardCharsets.ISO_8859_1))));
          }
          if (c == '\n') {
            String s = b.toString(StandardCharsets.ISO_8859_1);
            if (!s.endsWith("\r")) {
              fail(what + (first ? ": expected a status line like \"HTTP/1.1 200 OK\\r\\n\", got " + quote(s + "\n")
                  : ": the line " + quote(s) + " ends with a bare \\n; HTTP lines end with \\r\\n"));
            }
            return s.substring(0, s.length() - 1);
          }
          b.write(c);
          if (b.size() > 16_384) fail(what + ": a line of more than 16 KiB without \\r\\n: " + quote(b.toString(StandardCharsets.ISO_8859_1)));
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError(what + ": " + (b.size() == 0 ? "no response" : "only " + quote(b.toString(
            StandardCharsets.ISO_8859_1))) + " within " + READ_TIMEOUT_MS + " ms");
      } catch (SocketException e) {
        throw new AssertionError(what + ": the connection was reset (" + e.getMessage() + ")"
            + (b.size() == 0 ? " without a response" : " after " + quote(b.toString(StandardCharsets.ISO_8859_1))));
      }
    }

    /** The server must end the connection within a second; whatever it sends before does not matter. */
    void expectEnd(String when) throws IOException {
      long deadline = System.nanoTime() + READ_TIMEOUT_MS * 1_000_000L;
      try {
        while (in.read() != -1) {
          if (System.nanoTime() > deadline) break;
        }
        if (System.nanoTime() <= deadline) return;
      } catch (SocketTimeoutException e) {
        // falls through to the failure
      } catch (SocketException e) {
        return; // reset: ended too
      }
      fail(when + ", the server should end the connection, but it was still open " + READ_TIMEOUT_MS + " ms later");
    }

    /** The server must close: the end of the stream (or a reset) within a second, nothing more. */
    void expectClosed(String when) throws IOException {
      try {
        int b = in.read();
        if (b != -1) {
          byte[] more = in.readNBytes(Math.min(in.available(), 60));
          fail(when + ", the server should close the connection, but sent more: "
              + Show.bytes(concat(new byte[] {(byte) b}, more)));
        }
      } catch (SocketTimeoutException e) {
        fail(when + ", the server should close the connection, but it was still open " + READ_TIMEOUT_MS + " ms later");
      } catch (SocketException e) {
        // reset: closed too
      }
    }
  }

  private static void expectStatus(int code, Response r, String what) {
    if (r.status() != code) {
      fail(what + ": expected status " + code + ", got " + quote(r.statusLine()));
    }
  }

  private static void expectBody(byte[] content, Response r, String what) {
    expectStatus(200, r, what);
    assertArrayEquals(content, r.body(), () -> what + ": expected the body " + Show.bytes(content) + ", got "
        + Show.bytes(r.body()) + ": " + ByteDiff.describe(content, r.body()));
  }

  private static void expectHeader(Response r, String name, String value, String what) {
    String got = r.headers().get(name);
    if (!value.equals(got)) {
      fail(what + ": expected the header " + name + ": " + value + ", got " + (got == null ? "no such header" : got));
    }
  }

  private static void expectMediaType(Response r, String type, String what) {
    String ct = r.headers().get("content-type");
    if (!mediaTypeIs(ct, type)) {
      fail(what + ": expected Content-Type " + type + ", got " + (ct == null ? "no Content-Type header" : ct));
    }
  }

  private static void assertNotClosing(Response r, String what) {
    String conn = r.headers().get("connection");
    if (conn != null && tokens(conn).contains("CLOSE")) {
      fail(what + ": the response says \"Connection: close\", but an HTTP/1.1 connection stays open unless"
          + " the client asks to close it");
    }
  }

  private static String quote(String s) {
    String shown = s.length() > 80 ? s.substring(0, 77) + "..." : s;
    return "\"" + shown.replace("\r", "\\r").replace("\n", "\\n") + "\"";
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  private static void assertPortFree(int port) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    while (true) {
      try (ServerSocket probe = new ServerSocket()) {
        probe.setReuseAddress(true);
        probe.bind(new InetSocketAddress(Loopback.address(), port));
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          fail("port " + port + " is still in use 1 s after close(): a new ServerSocket could not bind it ("
              + e.getMessage() + "); close() must close the listening socket");
        }
        Thread.sleep(10); // polling with a deadline
      }
    }
  }

  private static void assertNoThreadsLeft(Set<Thread> before) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    List<String> alive;
    while (true) {
      alive = lingering(before);
      if (alive.isEmpty()) return;
      if (System.nanoTime() > deadline) break;
      Thread.sleep(10); // polling for the threads to end, with a deadline
    }
    fail("1 s after close() these threads are still running: " + alive + "; close() must stop the accepting"
        + " thread and every connection thread (closing their sockets wakes them)");
  }

  /** Threads started during the test (not the test's own, nor HttpClient's) or running server code. */
  private static List<String> lingering(Set<Thread> before) {
    List<String> result = new ArrayList<>();
    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      Thread t = e.getKey();
      if (!t.isAlive() || t == Thread.currentThread()) continue;
      String name = t.getName();
      if (name.startsWith("hidden-test-") || name.startsWith("junit-") || name.startsWith("HttpClient-")) continue;
      boolean serverCode = Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().startsWith("HttpFileServer"));
      boolean commonPool = t instanceof ForkJoinWorkerThread w && w.getPool() == ForkJoinPool.commonPool();
      if (serverCode || !before.contains(t) && !commonPool) {
        String where = Arrays.stream(e.getValue()).filter(f -> f.getClassName().startsWith("HttpFileServer"))
            .findFirst().or(() -> Arrays.stream(e.getValue()).findFirst())
            .map(f -> ", in " + f.getClassName() + "." + f.getMethodName()).orElse("");
        result.add("\"" + name + "\" (" + t.getState() + where + ")");
      }
    }
    return result;
  }
}
