package netlab.demo;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a running demo may use: its log, its options, loopback, and threads and resources that
 * the context owns, so that stopping a demo closes every socket and ends every thread it made,
 * however the demo was written.
 */
public final class DemoContext {
  private final String name;
  private final DemoLog log;
  private final Map<String, String> options;
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();
  private final List<Process> processes = new CopyOnWriteArrayList<>();
  private volatile boolean stopping;
  private volatile Thread script;

  public DemoContext(String name, DemoLog log, Map<String, String> options) {
    this.name = name;
    this.log = log;
    this.options = options;
  }

  public DemoLog log() {
    return log;
  }

  public InetAddress loopback() {
    return InetAddress.getLoopbackAddress();
  }

  /** {@code --port N} if the student named one, else 0 (the kernel picks a free port). */
  public int port(String option) {
    String v = options.get(option);
    if (v == null) return 0;
    try {
      int p = Integer.parseInt(v);
      if (p < 0 || p > 65535) throw new NumberFormatException();
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(netlab.core.Msg.get("demo.badPort", option, v));
    }
  }

  public String option(String key, String fallback) {
    return options.getOrDefault(key, fallback);
  }

  /** Registers something to close when the demo stops (sockets, selectors, processes…). */
  public <T extends AutoCloseable> T own(T resource) {
    resources.add(resource);
    return resource;
  }

  /** A child process, killed with all it started when the demo stops. */
  public Process own(Process p) {
    resources.add(p::destroyForcibly);
    processes.add(p);
    return p;
  }

  /**
   * The ports this demo's listening sockets are bound to ("tcp 40123", "udp 40124"), so a test
   * can check that stopping the demo freed them. Read when asked, from the owned sockets.
   */
  public List<String> listeningPorts() {
    List<String> out = new ArrayList<>();
    for (AutoCloseable c : resources) {
      if (c instanceof java.net.ServerSocket s && s.getLocalPort() > 0) out.add("tcp " + s.getLocalPort());
      if (c instanceof java.net.DatagramSocket s && s.getLocalPort() > 0) out.add("udp " + s.getLocalPort());
      try {
        if (c instanceof java.nio.channels.ServerSocketChannel s && s.getLocalAddress() instanceof java.net.InetSocketAddress a) {
          out.add("tcp " + a.getPort());
        }
        if (c instanceof java.nio.channels.DatagramChannel s && s.getLocalAddress() instanceof java.net.InetSocketAddress a) {
          out.add("udp " + a.getPort());
        }
      } catch (IOException | RuntimeException ignored) {
        // closed
      }
    }
    return out;
  }

  /** A daemon thread, named for the demo, ended when the demo stops. */
  public Thread thread(String role, Runnable body) {
    Thread t = new Thread(() -> {
      try {
        body.run();
      } catch (RuntimeException e) {
        if (!stopping) log.warn(netlab.core.Msg.get("demo.roleFailed", role, e));
      }
    }, "demo-" + name + "-" + role);
    t.setDaemon(true);
    threads.add(t);
    t.start();
    return t;
  }

  /** Plays a scripted demo on a thread of its own, so the prompt stays usable. */
  void script(Runnable body) {
    script = thread("script", body);
  }

  /** A scripted demo whose script has ended. */
  boolean finished() {
    return script != null && !script.isAlive();
  }

  public boolean stopping() {
    return stopping;
  }

  /** Pauses a scripted demo between steps so a person can follow; returns false once stopping. */
  public boolean pause(long millis) {
    try {
      Thread.sleep(millis);
      return !stopping;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Closes every resource and ends every thread; returns the names of threads that would not end. */
  public List<String> stop() {
    stopping = true;
    List<AutoCloseable> toClose = new ArrayList<>(resources);
    java.util.Collections.reverse(toClose);
    for (Process p : processes) p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
    for (AutoCloseable c : toClose) {
      try {
        c.close();
      } catch (Exception ignored) {
        // closing is best effort; what matters is checked below
      }
    }
    for (Thread t : threads) t.interrupt();
    List<String> stuck = new ArrayList<>();
    long deadline = System.nanoTime() + 3_000_000_000L;
    for (Thread t : threads) {
      try {
        t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (t.isAlive() && t != Thread.currentThread()) stuck.add(t.getName());
    }
    return stuck;
  }

  /** Closes quietly, for demos' own finally blocks. */
  public static void closeQuietly(Closeable c) {
    try {
      if (c != null) c.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }
}
