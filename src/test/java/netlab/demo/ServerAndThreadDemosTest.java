package netlab.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The lesson 09–14 demos: selector vs threads, HTTP, processes, race, deadlock, regex. */
class ServerAndThreadDemosTest {

  // ---- selector ------------------------------------------------------------------------------

  @Test
  void selectorServesAllClientsWithOneThreadAndThreadPerClientWithTwoHundred() throws Exception {
    long fdsBefore = openFds();
    try (DemoHarness h = new DemoHarness(new SelectorDemo())) {
      long t0 = System.nanoTime();
      h.start();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      String t = h.text();
      assertTrue(ms < 8000, "took " + ms + " ms");
      assertEquals(2, count(t, "200/200 echoes verified"), t);
      assertTrue(t.contains("one thread (demo-selector-nio-loop) had 200 connections open at once"), t);
      assertTrue(t.contains("201 threads alive: 200 named like demo-selector-tpc-conn-"), t);
      Matcher m = Pattern.compile("server threads\\s+(\\d+) \\(.*?\\)\\s+(\\d+) \\(").matcher(t);
      assertTrue(m.find(), t);
      assertEquals(1, Integer.parseInt(m.group(1)), t);
      assertEquals(201, Integer.parseInt(m.group(2)), t);
      assertTrue(t.contains("thread stacks reserved"), t);
      assertTrue(t.contains("heap in use before → peak"), t);
      // every socket of both phases closed before the demo ended, not left for stop() to find
      if (fdsBefore >= 0) assertTrue(openFds() < fdsBefore + 30, "open fds " + fdsBefore + " → " + openFds());
      h.stopAndCheckClean();
    }
  }

  private static long openFds() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
      return os.getOpenFileDescriptorCount();
    }
    return -1;
  }

  // ---- http ----------------------------------------------------------------------------------

  @Test
  void httpAnswersABrowserLikeClientAndShowsTheRawRequest() throws Exception {
    try (DemoHarness h = new DemoHarness(new HttpDemo())) {
      h.start();
      Matcher pm = Pattern.compile("curl -v http://127\\.0\\.0\\.1:(\\d+)/").matcher(h.text());
      assertTrue(pm.find(), h.text());
      int port = Integer.parseInt(pm.group(1));
      assertTrue(h.text().contains("http://127.0.0.1:" + port + "/"), h.text());

      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(3)).build();
      URI root = URI.create("http://127.0.0.1:" + port + "/");
      HttpResponse<String> ok = client.send(HttpRequest.newBuilder(root).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, ok.statusCode());
      assertTrue(ok.headers().firstValue("content-type").orElse("").startsWith("text/html"), ok.headers().toString());
      assertEquals(ok.body().getBytes(StandardCharsets.UTF_8).length,
          Integer.parseInt(ok.headers().firstValue("content-length").orElseThrow()));
      assertTrue(ok.body().contains("<h1>Hello from a raw socket</h1>"), ok.body());

      HttpResponse<String> missing = client.send(HttpRequest.newBuilder(root.resolve("/nope")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(404, missing.statusCode());

      HttpResponse<String> head = client.send(HttpRequest.newBuilder(root).method("HEAD", HttpRequest.BodyPublishers.noBody())
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, head.statusCode());
      assertEquals("", head.body());

      HttpResponse<String> delete = client.send(HttpRequest.newBuilder(root).DELETE().timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(405, delete.statusCode());
      assertEquals("GET, HEAD", delete.headers().firstValue("allow").orElse(""));

      h.awaitLog("GET /nope HTTP/1.1\\r\\n");
      h.awaitLog("HTTP/1.1 405 Method Not Allowed");
      h.stopAndCheckClean();
    }
  }

  @Test
  void httpOverARawSocketKeepsAliveClosesOnRequestAndRejectsGarbage() throws Exception {
    try (DemoHarness h = new DemoHarness(new HttpDemo())) {
      h.start();
      Matcher pm = Pattern.compile("curl -v http://127\\.0\\.0\\.1:(\\d+)/").matcher(h.text());
      assertTrue(pm.find(), h.text());
      int port = Integer.parseInt(pm.group(1));

      try (Socket s = new Socket("127.0.0.1", port)) {
        s.setSoTimeout(3000);
        InputStream in = s.getInputStream();
        s.getOutputStream().write("GET / HTTP/1.1\r\nHost: test\r\nX-Probe: raw\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        Response r1 = Response.read(in);
        assertEquals("HTTP/1.1 200 OK", r1.statusLine());
        assertEquals("keep-alive", r1.headers().get("connection"));
        assertTrue(r1.body().contains("X-Probe: raw\\r\\n"), r1.body()); // the page shows the request back
        // the same connection, a second request that asks to close
        s.getOutputStream().write("GET /x HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        Response r2 = Response.read(in);
        assertEquals("HTTP/1.1 404 Not Found", r2.statusLine());
        assertEquals("close", r2.headers().get("connection"));
        assertEquals(-1, in.read(), "the server closes after Connection: close");
      }
      h.awaitLog("request 2, ");
      String t = h.text();
      assertTrue(t.contains("    GET / HTTP/1.1\\r\\n"), t);
      assertTrue(t.contains("    X-Probe: raw\\r\\n"), t);
      assertTrue(t.contains("    \\r\\n"), t);

      try (Socket s = new Socket("127.0.0.1", port)) {
        s.setSoTimeout(3000);
        s.getOutputStream().write("BLAH\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        Response r = Response.read(s.getInputStream());
        assertEquals("HTTP/1.1 400 Bad Request", r.statusLine());
      }
      h.awaitLog("malformed request line BLAH\\r\\n");
      h.stopAndCheckClean();
    }
  }

  @Test
  void httpOnABusyPortFailsWithBindException() throws Exception {
    try (ServerSocket busy = new ServerSocket()) {
      busy.bind(new InetSocketAddress("127.0.0.1", 0));
      DemoHarness h = new DemoHarness(new HttpDemo());
      assertThrows(BindException.class, () -> h.start(Map.of("port", String.valueOf(busy.getLocalPort()))));
      h.stopAndCheckClean();
    }
  }

  /** A response read by hand: status line, headers, Content-Length bytes of body. */
  record Response(String statusLine, Map<String, String> headers, String body) {
    static Response read(InputStream in) throws IOException {
      String status = line(in);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String l = line(in); !l.isEmpty(); l = line(in)) {
        int c = l.indexOf(':');
        headers.put(l.substring(0, c).toLowerCase(Locale.ROOT), l.substring(c + 1).strip());
      }
      byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
      return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) != -1 && c != '\n') b.write(c);
      String s = b.toString(StandardCharsets.ISO_8859_1);
      return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
  }

  // ---- processes -----------------------------------------------------------------------------

  @Test
  void processesShowsPidsExitCodesAKillAndAnOrphanAndLeavesNoneBehind() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs sh (Linux/macOS)");
    try (DemoHarness h = new DemoHarness(new ProcessesDemo())) {
      h.start();
      String t = h.text();
      long me = ProcessHandle.current().pid();
      assertTrue(t.contains("this JVM is pid " + me), t);
      assertTrue(t.contains("whose parent (ProcessHandle.parent) is pid " + me), t);
      assertTrue(t.contains("(this JVM)"), t);
      assertTrue(t.contains("exited with code 0"), t);
      assertTrue(t.contains("exited with code 3"), t);
      assertTrue(t.contains("exit code 143 = 128 + 15 (SIGTERM)"), t);
      assertTrue(t.contains("exit code 137 = 128 + 9"), t);

      Matcher orphan = Pattern.compile("\\(pid (\\d+)\\) printed (\\d+) and exited").matcher(t);
      assertTrue(orphan.find(), t);
      long sh = Long.parseLong(orphan.group(1));
      Matcher adopted = Pattern.compile("so its parent is now pid (\\d+)").matcher(t);
      assertTrue(adopted.find(), t);
      long reaper = Long.parseLong(adopted.group(1));
      assertNotEquals(sh, reaper, "the orphan was re-parented");
      assertTrue(t.contains("all gone"), t);

      // every pid the demo printed, except this JVM, its ancestors and the orphan's adopter, is gone
      Set<Long> keep = new HashSet<>(List.of(me, reaper));
      for (Optional<ProcessHandle> p = ProcessHandle.current().parent(); p.isPresent(); p = p.get().parent()) {
        keep.add(p.get().pid());
      }
      List<Long> printed = new ArrayList<>();
      Matcher pm = Pattern.compile("\\bpid (\\d+)").matcher(t);
      while (pm.find()) printed.add(Long.parseLong(pm.group(1)));
      Matcher listed = Pattern.compile("processes this demo started: pid ([\\d, ]+) —").matcher(t);
      assertTrue(listed.find(), t);
      for (String p : listed.group(1).split(",\\s*")) printed.add(Long.parseLong(p.strip()));
      printed.removeIf(keep::contains);
      assertTrue(printed.size() >= 8, "children printed: " + printed);
      long deadline = System.nanoTime() + 5_000_000_000L;
      List<Long> alive;
      do {
        alive = printed.stream().distinct().filter(ServerAndThreadDemosTest::running).toList();
        if (alive.isEmpty()) break;
        Thread.sleep(50);
      } while (System.nanoTime() < deadline);
      assertEquals(List.of(), alive, "processes the demo left running");
      h.stopAndCheckClean();
    }
  }

  /** Alive and not a zombie (a zombie is dead, waiting for a parent that is not us to reap it). */
  private static boolean running(long pid) {
    return ProcessHandle.of(pid).map(p -> p.isAlive() && !"Z".equals(ProcessesDemo.state(pid))).orElse(false);
  }

  // ---- race ----------------------------------------------------------------------------------

  @Test
  void raceLosesUpdatesOnlyWithoutAtomicsOrALock() throws Exception {
    try (DemoHarness h = new DemoHarness(new RaceDemo())) {
      h.start();
      String t = h.text();
      Map<String, int[]> results = new LinkedHashMap<>();
      Matcher m = Pattern.compile("(plain int|volatile int|AtomicInteger|ReentrantLock) .*?expected (\\d+)\\s+actual (\\d+)").matcher(t);
      while (m.find()) results.put(m.group(1), new int[] {Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))});
      assertEquals(Set.of("plain int", "volatile int", "AtomicInteger", "ReentrantLock"), results.keySet(), t);
      for (int[] r : results.values()) assertEquals(400_000, r[0], t);
      assertTrue(results.get("plain int")[1] <= 400_000, t);
      assertTrue(results.get("volatile int")[1] <= 400_000, t);
      assertEquals(400_000, results.get("AtomicInteger")[1], t);
      assertEquals(400_000, results.get("ReentrantLock")[1], t);
      h.stopAndCheckClean();
    }
  }

  @Test
  void raceTakesAThreadCountAndRejectsANonsenseOne() throws Exception {
    try (DemoHarness h = new DemoHarness(new RaceDemo())) {
      h.start(Map.of("threads", "2"));
      assertTrue(h.text().contains("AtomicInteger  incrementAndGet()  expected 200000  actual 200000  exact"), h.text());
      h.stopAndCheckClean();
    }
    DemoHarness bad = new DemoHarness(new RaceDemo());
    assertThrows(IllegalArgumentException.class, () -> bad.start(Map.of("threads", "lots")));
    bad.stopAndCheckClean();
  }

  // ---- deadlock ------------------------------------------------------------------------------

  @Test
  void deadlockIsDetectedByThreadMXBeanBrokenByInterruptAndAvoidedByLockOrder() throws Exception {
    try (DemoHarness h = new DemoHarness(new DeadlockDemo())) {
      h.start();
      String t = h.text();
      assertTrue(t.contains("deadlock detected by ThreadMXBean.findDeadlockedThreads()"), t);
      assertTrue(t.contains("demo-deadlock-t1  state WAITING; holds lock A"), t);
      assertTrue(t.contains("waits for lock B (ReentrantLock$NonfairSync@"), t);
      assertTrue(t.contains("owned by demo-deadlock-t2"), t);
      assertTrue(t.contains("owned by demo-deadlock-t1"), t);
      assertTrue(t.contains("interrupted while waiting for lock"), t);
      assertTrue(t.contains("t1 ended, t2 ended; deadlocked threads now: 0"), t);
      assertTrue(t.contains("both threads finished: no deadlock with a consistent lock order"), t);
      assertTrue(ManagementFactory.getThreadMXBean().findDeadlockedThreads() == null, "a deadlock is left");
      h.stopAndCheckClean();
    }
  }

  @Test
  void stoppingDuringTheDeadlockEndsBothThreads() throws Exception {
    try (DemoHarness h = new DemoHarness(new DeadlockDemo())) {
      Thread script = new Thread(() -> {
        try {
          h.start();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, "test-deadlock-script");
      script.start();
      h.awaitLog("deadlock detected");
      h.stopAndCheckClean(); // interrupts the deadlocked threads; lockInterruptibly lets them go
      script.join(3000);
      assertFalse(script.isAlive(), "the script did not notice the stop");
      assertTrue(ManagementFactory.getThreadMXBean().findDeadlockedThreads() == null, "a deadlock is left");
    }
  }

  // ---- regex ---------------------------------------------------------------------------------

  @Test
  void regexShowsMatchesNumberedAndNamedGroupsAndErrorsWithACaret() throws Exception {
    try (DemoHarness h = new DemoHarness(new RegexDemo())) {
      h.start();
      assertTrue(h.text().contains("say /(?<user>\\w+)@(?<host>[\\w.]+)/ mail bob@example.com now"), h.text());

      h.input("/(?<user>\\w+)@(?<host>[\\w.]+)/ mail bob@example.com now");
      String t = h.text();
      assertTrue(t.contains("match 1  [5,20)  \"bob@example.com\""), t);
      assertTrue(t.contains("group 1 <user>  [5,8)  \"bob\""), t);
      assertTrue(t.contains("group 2 <host>  [9,20)  \"example.com\""), t);
      assertTrue(t.contains("text  mail bob@example.com now"), t);
      assertTrue(t.contains("1 match"), t);

      h.input("/^(\\d{4})-(\\d\\d)/m 2024-01\\nno\\n1999-12");
      assertTrue(h.text().contains("match 2  [11,18)  \"1999-12\""), h.text());
      assertTrue(h.text().contains("2 matches"), h.text());

      h.input("/COLOU?R/i a Color and a colour");
      assertTrue(h.text().contains("match 2  [14,20)  \"colour\""), h.text());

      // the pattern alone, then the text on the next line
      h.input("b(a)?");
      h.input("abba");
      assertTrue(h.text().contains("group 1  (did not take part in this match)"), h.text());
      assertTrue(h.text().contains("group 1  [3,4)  \"a\""), h.text());

      h.input("(a|b");
      t = h.text();
      assertTrue(t.contains("bad pattern: Unclosed group (at index 4)"), t);
      assertTrue(t.contains("\n    (a|b\n        ^"), t);

      h.input("/\\d/ " + "1 ".repeat(25));
      assertTrue(h.text().contains("20 matches shown; there are more"), h.text());
      assertFalse(h.text().contains("match 21 "), h.text());

      h.input("/x/q text");
      assertTrue(h.text().contains("'q' is not a flag"), h.text());
      h.stopAndCheckClean();
    }
  }

  @Test
  void regexHighlightsMatchesInReverseVideo() throws Exception {
    List<AttributedString> lines = java.util.Collections.synchronizedList(new ArrayList<>());
    DemoContext ctx = new DemoContext("regex", new DemoLog(lines::add), Map.of());
    RegexDemo demo = new RegexDemo();
    demo.start(ctx);
    demo.input(ctx, "/o+/ foo bar boo");
    AttributedString shown = lines.stream().filter(l -> l.toString().contains("text  foo bar boo")).findFirst().orElseThrow();
    int at = shown.toString().indexOf("foo bar boo");
    long inverse = AttributedStyle.INVERSE.getStyle();
    assertEquals(0, shown.styleAt(at).getStyle() & inverse, "'f' is not a match");
    assertTrue((shown.styleAt(at + 1).getStyle() & inverse) != 0, "'o' is a match");
    assertTrue((shown.styleAt(at + 9).getStyle() & inverse) != 0, "'oo' of boo is a match");
    assertEquals(List.of(), ctx.stop());
  }

  @Test
  void namedGroupsAreFoundByReadingThePattern() {
    assertEquals(java.util.Arrays.asList("user", "host"), RegexDemo.groupNames("(?<user>\\w+)@(?<host>[\\w.]+)", false));
    // lookbehinds, escaped parentheses, classes and non-capturing groups are not groups
    assertEquals(java.util.Arrays.asList("n1", null),
        RegexDemo.groupNames("x(?<=a)(?<n1>b)(c)?\\(?<no>x\\)[(?<z>)](?<!q)(?:d)\\Q(?<e>\\E", false));
    assertEquals(java.util.Arrays.asList((String) null), RegexDemo.groupNames("(a) # (?<c>comment)\n", true));
    assertEquals(Pattern.compile("x(?<=a)(?<n1>b)(c)?\\(?<no>x\\)[(?<z>)](?<!q)(?:d)\\Q(?<e>\\E").matcher("").groupCount(), 2);
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) n++;
    return n;
  }
}
