package netlab.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jline.utils.AttributedString;

/**
 * Runs a demo the way the lab does and checks what every demo owes: it starts, says what it
 * is showing, stops, frees its ports and leaves no thread behind.
 */
public final class DemoHarness implements AutoCloseable {
  private final List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
  private final DemoLog log = new DemoLog(s -> lines.add(s.toString()));
  private final Demo demo;
  private final Set<Thread> before = Thread.getAllStackTraces().keySet();
  private DemoContext ctx;

  public DemoHarness(Demo demo) {
    this.demo = demo;
  }

  /** Starts the demo: a listening one returns with its servers up; a scripted one plays to the end. */
  public DemoHarness start(Map<String, String> options) throws Exception {
    ctx = new DemoContext(demo.name(), log, options);
    demo.start(ctx);
    return this;
  }

  public DemoHarness start() throws Exception {
    return start(Map.of());
  }

  public void input(String line) throws Exception {
    demo.input(ctx, line);
  }

  public DemoContext context() {
    return ctx;
  }

  public String text() {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }

  /** Waits (bounded) until the log holds {@code what}. */
  public void awaitLog(String what) throws InterruptedException {
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (!text().contains(what)) {
      if (System.nanoTime() > deadline) throw new AssertionError("the demo never said '" + what + "':\n" + text());
      Thread.sleep(10);
    }
  }

  /** Stops the demo and checks that its ports are free and its threads gone. */
  public void stopAndCheckClean() throws Exception {
    List<String> ports = ctx.listeningPorts();
    List<String> stuck = ctx.stop();
    assertEquals(List.of(), stuck, "threads that did not stop");
    for (String p : ports) {
      int port = Integer.parseInt(p.substring(4));
      assertTrue(free(p.startsWith("tcp"), port), demo.name() + " left " + p + " bound");
    }
    long deadline = System.nanoTime() + 5_000_000_000L;
    List<String> left;
    do {
      left = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> !before.contains(t) && t.isAlive() && (t.getName().startsWith("demo-") || !jdkThread(t)))
          .map(Thread::getName).collect(Collectors.toList());
      if (left.isEmpty()) break;
      Thread.sleep(20);
    } while (System.nanoTime() < deadline);
    assertEquals(List.of(), left, demo.name() + " left threads running");
  }

  private static boolean jdkThread(Thread t) {
    String n = t.getName();
    return n.equals("process reaper") || n.startsWith("ForkJoinPool") || n.equals("Common-Cleaner")
        || n.startsWith("junit-") || n.equals("Attach Listener") || n.startsWith("HttpClient-") || n.startsWith("Keep-Alive")
        || n.startsWith("netlab-worker") || n.startsWith("JShell");
  }

  private static boolean free(boolean tcp, int port) throws InterruptedException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    long deadline = System.nanoTime() + 3_000_000_000L;
    while (true) {
      try {
        if (tcp) {
          try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(lo, port));
          }
        } else {
          try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(lo, port))) {
            s.getLocalPort();
          }
        }
        return true;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) return false;
        Thread.sleep(20);
      }
    }
  }

  @Override
  public void close() {
    if (ctx != null) ctx.stop();
  }

  public static String join(List<AttributedString> l) {
    return l.stream().map(AttributedString::toString).collect(Collectors.joining("\n"));
  }
}
