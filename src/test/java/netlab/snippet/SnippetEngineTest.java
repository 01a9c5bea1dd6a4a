package netlab.snippet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import netlab.grade.WorkerSpec;
import netlab.grade.protocol.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JShell engine: output, values, errors, persistence, runaway snippets, exits, sockets. */
class SnippetEngineTest {
  static SnippetEngine engine;

  @BeforeAll
  static void start() {
    engine = new SnippetEngine(WorkerSpec.forThisJvm(null, "netlab.snippet.SnippetWorkerMain", "snippets"),
        Duration.ofSeconds(2), false);
    engine.prewarm();
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  /** Everything an evaluation showed, as plain lines. */
  static final class Seen implements SnippetEngine.Listener {
    final StringBuilder out = new StringBuilder();
    final List<Event> results = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    @Override
    public void out(String text) {
      out.append(text);
    }

    @Override
    public void result(Event e) {
      results.add(e);
    }

    @Override
    public void note(String text) {
      notes.add(text);
    }

    String messages() {
      StringBuilder b = new StringBuilder();
      for (Event e : results) {
        b.append(e.kind).append(": ").append(e.message).append('\n');
        if (e.detail != null) e.detail.forEach(d -> b.append("  ").append(d).append('\n'));
      }
      return b.toString();
    }
  }

  static Seen eval(String src) throws Exception {
    Seen s = new Seen();
    SnippetEngine.Outcome o = engine.eval(src, s);
    s.notes.add(0, "ok=" + o.ok() + (o.stopped() == null ? "" : " stopped=" + o.stopped()));
    return s;
  }

  @Test
  void valuesOutputAndDefinitionsPersist() throws Exception {
    Seen a = eval("int answer = 41 + 1;\nSystem.out.println(\"printed \" + answer);\nanswer * 2");
    assertEquals("printed 42\n", a.out.toString());
    assertTrue(a.messages().contains("value: answer ==> 42"), a.messages());
    assertTrue(a.messages().matches("(?s).*value: \\$\\d+ ==> 84.*"), a.messages());
    Seen b = eval("String twice(String s) { return s + s; }\nclass Box { int v = answer; }\ntwice(\"ab\") + new Box().v");
    assertTrue(b.messages().contains("created: created method twice(String)"), b.messages());
    assertTrue(b.messages().contains("created: created class Box"), b.messages());
    assertTrue(b.messages().contains("==> \"abab42\""), b.messages());
  }

  @Test
  void printfShowsWhatItPrintedWithoutEchoingTheStreamItReturns() throws Exception {
    Seen s = eval("System.out.printf(\"%d apples%n\", 3);\nvar sw = new java.io.StringWriter();\n"
        + "new java.io.PrintWriter(sw).append(\"x\");\nSystem.out.format(\"%s%n\", \"pears\")");
    assertEquals("3 apples\npears\n", s.out.toString(), s.messages() + s.notes);
    assertFalse(s.messages().contains("PrintStream"), s.messages());
    assertFalse(s.messages().contains("PrintWriter"), s.messages());
    assertTrue(s.messages().contains("value: sw ==> "), "a declared variable still shows: " + s.messages());
    // values a student asks for are still shown, streams included
    Seen text = eval("String.format(\"%d\", 5)");
    assertTrue(text.messages().matches("(?s).*\\$\\d+ ==> \"5\".*"), text.messages());
    Seen stream = eval("System.out");
    assertTrue(stream.messages().matches("(?s).*\\$\\d+ ==> java\\.io\\.PrintStream@.*"), stream.messages());
  }

  @Test
  void compileErrorsShowTheLineAndACaret() throws Exception {
    Seen s = eval("int broken = undefinedThing + 1;");
    assertEquals("ok=false", s.notes.get(0));
    Event e = s.results.get(0);
    assertEquals("error", e.kind);
    assertEquals("cannot find symbol", e.message);
    assertTrue(e.detail.contains("int broken = undefinedThing + 1;"), e.detail.toString());
    assertTrue(e.detail.contains("             ^------------^"), e.detail.toString());
  }

  @Test
  void exceptionsShowTheClassMessageAndSnippetFrames() throws Exception {
    Seen s = eval("void explode() { throw new IllegalStateException(\"boom\"); }\nexplode();");
    Event e = s.results.get(s.results.size() - 1);
    assertEquals("exception", e.kind);
    assertEquals("java.lang.IllegalStateException: boom", e.message);
    assertTrue(e.detail.get(0).startsWith("at explode (#"), e.detail.toString());
  }

  @Test
  void anEndlessLoopIsStoppedByTheTimeLimitAndTheEngineGoesOn() throws Exception {
    eval("int before = 7;");
    Seen s = eval("while (true) { }");
    assertTrue(s.notes.get(0).startsWith("ok=false stopped=stopped after 2 s"), s.notes.toString());
    Seen after = eval("before + 1");
    assertTrue(after.messages().contains("==> 8"), "definitions survive: " + after.messages() + after.notes);
  }

  @Test
  void systemExitLeavesTheLabAndTheDefinitionsAlive() throws Exception {
    eval("int kept = 5;");
    Seen s = eval("System.exit(0);");
    assertFalse(s.notes.get(0).equals("ok=true"), s.notes.toString());
    Seen after = eval("kept * 10");
    assertTrue(after.messages().contains("==> 50"), after.messages() + after.notes);
  }

  @Test
  void udpAndTcpOnLoopbackWorkAcrossSnippets() throws Exception {
    Seen udp = eval("""
        var rx = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        var tx = new DatagramSocket();
        byte[] msg = "ping".getBytes();
        tx.send(new DatagramPacket(msg, msg.length, InetAddress.getLoopbackAddress(), rx.getLocalPort()));
        var p = new DatagramPacket(new byte[100], 100);
        rx.receive(p);
        System.out.println(new String(p.getData(), 0, p.getLength()));
        """);
    assertTrue(udp.out.toString().contains("ping"), udp.out + udp.messages());
    eval("""
        var server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        var t = new Thread(() -> { try (var c = server.accept()) { c.getOutputStream().write("hello\\n".getBytes()); } catch (Exception e) { } });
        t.start();
        """);
    Seen client = eval("""
        try (var s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
          System.out.println(new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream())).readLine());
        }
        """);
    assertTrue(client.out.toString().contains("hello"), client.out + client.messages());
  }

  @Test
  void aServerStartedInOneSnippetServesTheNextAndItsLaterOutputIsShown() throws Exception {
    // JDK 17's own local engine waits for every thread earlier snippets left running: this hung
    Seen start = eval("""
        var srv = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        var accepting = new Thread(() -> {
          try { while (true) { try (var c = srv.accept()) { System.out.println("served " + c.getPort()); } } }
          catch (IOException e) { System.out.println("server stopped"); }
        });
        accepting.setDaemon(true);
        accepting.start();
        """);
    assertTrue(start.notes.get(0).equals("ok=true"), start.notes + start.messages());
    Seen use = eval("try (var c = new Socket(InetAddress.getLoopbackAddress(), srv.getLocalPort())) { c.getPort(); }");
    assertTrue(use.notes.get(0).equals("ok=true"), "the second snippet did not wait for the server thread: " + use.notes);
    Seen later = eval("srv.close(); accepting.join(2000);");
    assertTrue((use.out.toString() + later.out).contains("served "), use.out + " / " + later.out);
    assertTrue(later.out.toString().contains("server stopped"), later.out.toString());
  }

  @Test
  void resetClosesTheSocketsSnippetsOpened() throws Exception {
    Seen s = eval("var held = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());\nSystem.out.println(held.getLocalPort());");
    int port = Integer.parseInt(s.out.toString().trim());
    engine.reset();
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (true) {
      try (ServerSocket again = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
        break;
      } catch (java.net.BindException e) {
        if (System.nanoTime() > deadline) throw new AssertionError("port " + port + " still held after reset", e);
        Thread.sleep(20);
      }
    }
    assertTrue(engine.history().isEmpty());
  }

  @Test
  void requestsFromTwoThreadsEachGetTheirOwnAnswer() throws Exception {
    // the REPL's background warm-up may ask while a student's 'run' is on its way
    var other = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        for (int i = 0; i < 20; i++) engine.analyze("int q" + i + " = 1;");
        return true;
      } catch (Exception e) {
        return false;
      }
    });
    for (int i = 0; i < 10; i++) {
      Seen s = eval("System.out.println(\"round " + i + "\");");
      assertEquals("round " + i + "\n", s.out.toString(), s.notes.toString());
    }
    assertTrue(other.get());
  }

  @Test
  void aThreadPrintingWithItsInterruptFlagSetDoesNotEndTheEngine() throws Exception {
    // lesson 12 restores a thread's interrupt flag and then prints, as it should; the engine's
    // channel is an interruptible SocketChannel, which an interrupted writer would close. Over
    // 8 KB of output is sent from the printing thread itself, so this writes while interrupted.
    // one block: each top-level statement would run on a thread of its own
    Seen s = eval("{\n  Thread.currentThread().interrupt();\n  System.out.println(\"x\".repeat(10_000));\n"
        + "  System.out.println(\"still interrupted: \" + Thread.interrupted());\n}");
    assertTrue(s.notes.get(0).equals("ok=true"), s.notes + s.messages());
    assertTrue(s.out.toString().contains("x".repeat(10_000) + "\nstill interrupted: true\n"),
        s.out.length() + " chars: " + s.out.substring(Math.max(0, s.out.length() - 80)));
    Seen after = eval("System.out.println(\"alive\");");
    assertEquals("alive\n", after.out.toString(), "the same engine answers: " + after.notes);
    assertFalse(after.notes.toString().contains("fresh"), after.notes.toString());
  }

  @Test
  void completionAndCompletenessComeFromJShell() throws Exception {
    int[] anchor = new int[1];
    List<String> c = engine.complete("Strin", 5, anchor);
    assertTrue(c.contains("String"), c.toString());
    assertEquals(0, anchor[0]);
    assertEquals("DEFINITELY_INCOMPLETE", engine.analyze("class A {"));
    assertEquals("COMPLETE", engine.analyze("int q = 1;"));
    assertNotNull(engine.list());
  }
}
