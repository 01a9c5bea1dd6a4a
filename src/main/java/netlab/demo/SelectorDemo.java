package netlab.demo;

import static netlab.core.Msg.get;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lesson 09: the same 200 clients served twice, first by one thread with a {@link Selector},
 * then by one thread per client, with the threads and memory each way costs side by side.
 */
public final class SelectorDemo implements Demo {
  static final int CLIENTS = 200;

  /** What one phase measured, for the side-by-side table. */
  record Phase(String name, int clients, int served, int peakConnections, List<String> threads,
      long heapBefore, long heapPeak, long rssBefore, long rssPeak) {}

  @Override
  public String name() {
    return "selector";
  }

  @Override
  public int lesson() {
    return 9;
  }

  @Override
  public String summary() {
    return netlab.core.Msg.get("demo.selector.summary");
  }

  @Override
  public boolean listening() {
    return false;
  }

  @Override
  public void start(DemoContext ctx) throws Exception {
    var log = ctx.log();
    int n = clientsAllowedByFdLimit(ctx);
    log.info(get("demo.selector.setup", n));
    if (!ctx.pause(300)) return;

    log.highlight(get("demo.selector.phase1"));
    Phase nio = selectorPhase(ctx, n);
    if (nio == null || !ctx.pause(400)) return;

    log.highlight(get("demo.selector.phase2"));
    Phase tpc = threadPerClientPhase(ctx, n);
    if (tpc == null || !ctx.pause(300)) return;

    table(ctx, nio, tpc);
  }

  // ---- phase 1 -------------------------------------------------------------------------------

  private Phase selectorPhase(DemoContext ctx, int n) throws IOException, InterruptedException {
    var log = ctx.log();
    long heapBefore = liveHeap();
    long rssBefore = rss();
    Selector selector = ctx.own(Selector.open());
    ServerSocketChannel server = ctx.own(ServerSocketChannel.open());
    // a backlog above n: all clients connect before the server has accepted any of them
    server.bind(new InetSocketAddress(ctx.loopback(), 0), n + 50);
    server.configureBlocking(false);
    server.register(selector, SelectionKey.OP_ACCEPT);
    int port = server.socket().getLocalPort();
    log.event("server", get("demo.selector.nioListening", port));
    AtomicInteger open = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    Thread loop = ctx.thread("nio-loop", () -> selectLoop(ctx, selector, server, open, peak));

    List<Socket> clients = new ArrayList<>();
    try {
      int ok = runClients(ctx, port, n, clients);
      if (ok < 0) return null;
      List<String> threads = serverThreads("-nio-");
      Phase p = new Phase("selector", n, ok, peak.get(), threads, heapBefore, liveHeap(), rssBefore, rss());
      log.event("server", get("demo.selector.nioThreads", String.join(", ", threads), peak.get()));
      log.event("clients", get("demo.selector.verified", ok, n));
      return p;
    } finally {
      closeAll(clients);
      awaitZero(open); // the loop sees each EOF and closes its side
      server.close();
      selector.close(); // wakes select(); the loop ends on the closed selector
      loop.join(2000);
      log.info(get("demo.selector.phase1Over", n));
    }
  }

  /** The whole server: one thread, woken by the selector for whichever channel is ready. */
  private static void selectLoop(DemoContext ctx, Selector selector, ServerSocketChannel server,
      AtomicInteger open, AtomicInteger peak) {
    try {
      while (selector.isOpen()) {
        selector.select();
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
          SelectionKey key = it.next();
          it.remove();
          if (!key.isValid()) continue;
          try {
            if (key.isAcceptable()) {
              SocketChannel c;
              while ((c = server.accept()) != null) { // accept every connection that is waiting
                ctx.own(c);
                c.configureBlocking(false);
                c.register(selector, SelectionKey.OP_READ, ByteBuffer.allocate(256));
                peak.accumulateAndGet(open.incrementAndGet(), Math::max);
              }
            } else if (key.isReadable()) {
              SocketChannel c = (SocketChannel) key.channel();
              ByteBuffer buf = (ByteBuffer) key.attachment();
              if (c.read(buf) == -1) {
                key.cancel();
                c.close();
                open.decrementAndGet();
                continue;
              }
              buf.flip();
              c.write(buf);
              if (buf.hasRemaining()) {
                key.interestOps(SelectionKey.OP_WRITE); // the peer is slow: finish writing before reading more
              } else {
                buf.clear();
              }
            } else if (key.isWritable()) {
              SocketChannel c = (SocketChannel) key.channel();
              ByteBuffer buf = (ByteBuffer) key.attachment();
              c.write(buf);
              if (!buf.hasRemaining()) {
                buf.clear();
                key.interestOps(SelectionKey.OP_READ);
              }
            }
          } catch (IOException e) {
            // one client's trouble must not stop the server: drop that connection only
            key.cancel();
            DemoContext.closeQuietly(key.channel());
            if (key.channel() instanceof SocketChannel) open.decrementAndGet();
          }
        }
      }
    } catch (ClosedSelectorException e) {
      // closed: the phase (or the demo) is over
    } catch (IOException e) {
      if (!ctx.stopping()) ctx.log().warn(get("demo.selector.error", e.getMessage()));
    }
  }

  // ---- phase 2 -------------------------------------------------------------------------------

  private Phase threadPerClientPhase(DemoContext ctx, int n) throws IOException, InterruptedException {
    var log = ctx.log();
    long heapBefore = liveHeap();
    long rssBefore = rss();
    ServerSocket server = ctx.own(new ServerSocket());
    server.bind(new InetSocketAddress(ctx.loopback(), 0), n + 50);
    int port = server.getLocalPort();
    log.event("server", get("demo.selector.tpcListening", port));
    List<Thread> handlers = new java.util.concurrent.CopyOnWriteArrayList<>();
    AtomicInteger open = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    Thread acceptor = ctx.thread("tpc-accept", () -> {
      int id = 0;
      while (!ctx.stopping()) {
        Socket s;
        try {
          s = ctx.own(server.accept());
        } catch (IOException e) {
          return; // closed: the phase is over
        }
        peak.accumulateAndGet(open.incrementAndGet(), Math::max);
        handlers.add(ctx.thread("tpc-conn-" + (++id), () -> echoBlocking(s, open)));
      }
    });

    List<Socket> clients = new ArrayList<>();
    try {
      int ok = runClients(ctx, port, n, clients);
      if (ok < 0) return null;
      List<String> threads = serverThreads("-tpc-");
      Phase p = new Phase("thread-per-client", n, ok, peak.get(), threads, heapBefore, liveHeap(), rssBefore, rss());
      long perClient = threads.stream().filter(t -> t.contains("-tpc-conn-")).count();
      log.event("server", get("demo.selector.tpcThreads", threads.size(), perClient, handlers.get(0).getName()));
      log.event("clients", get("demo.selector.verified", ok, n));
      return p;
    } finally {
      closeAll(clients); // each handler's read() returns -1 and its thread ends
      for (Thread t : handlers) t.join(2000);
      server.close();
      acceptor.join(2000);
      log.info(get("demo.selector.phase2Over", n, handlers.size()));
    }
  }

  /** One client's whole server: a thread that blocks in read() until that client sends or closes. */
  private static void echoBlocking(Socket s, AtomicInteger open) {
    byte[] buf = new byte[256];
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      int r;
      while ((r = in.read(buf)) != -1) out.write(buf, 0, r);
    } catch (IOException e) {
      // closed under us: the demo is stopping
    } finally {
      open.decrementAndGet();
    }
  }

  // ---- shared: clients, counting, memory -------------------------------------------------------

  /**
   * Connects n clients (all at once: every one stays open until the phase ends), has each write
   * one line, then reads every echo back. One thread drives them all; blocking sockets are fine
   * because each message fits in the socket buffers. Returns the echoes verified, -1 if stopped.
   */
  private static int runClients(DemoContext ctx, int port, int n, List<Socket> clients) throws IOException {
    var log = ctx.log();
    InetSocketAddress addr = new InetSocketAddress(ctx.loopback(), port);
    for (int i = 0; i < n; i++) {
      if (ctx.stopping()) return -1;
      Socket c = ctx.own(new Socket());
      clients.add(c);
      c.connect(addr, 3000);
      c.setSoTimeout(3000);
    }
    log.event("clients", get("demo.selector.connected", n));
    for (int i = 0; i < n; i++) clients.get(i).getOutputStream().write(message(i));
    log.bytes("client1", "server", message(0));
    log.info(get("demo.selector.more", n - 1));
    int ok = 0;
    for (int i = 0; i < n; i++) {
      if (ctx.stopping()) return -1;
      byte[] want = message(i);
      byte[] got = clients.get(i).getInputStream().readNBytes(want.length);
      if (Arrays.equals(want, got)) ok++;
      else log.warn(get("demo.selector.gotBack", i + 1, DemoLog.render(got, got.length)));
    }
    log.bytes("server", "client1", message(0));
    return ok;
  }

  private static byte[] message(int i) {
    return ("hello from client " + (i + 1) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static void closeAll(List<Socket> sockets) {
    for (Socket s : sockets) DemoContext.closeQuietly(s);
  }

  private static void awaitZero(AtomicInteger open) throws InterruptedException {
    long deadline = System.nanoTime() + 2_000_000_000L;
    while (open.get() > 0 && System.nanoTime() < deadline) Thread.sleep(5);
  }

  /** The live threads whose names carry this phase's marker, as the JVM's ThreadMXBean lists them. */
  static List<String> serverThreads(String marker) {
    var mx = ManagementFactory.getThreadMXBean();
    List<String> out = new ArrayList<>();
    for (ThreadInfo ti : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (ti != null && ti.getThreadName().contains(marker)) out.add(ti.getThreadName());
    }
    out.sort(java.util.Comparator.comparingInt(String::length).thenComparing(java.util.Comparator.naturalOrder()));
    return out;
  }

  /**
   * Each client needs two descriptors (its socket and the server's); stay well inside the
   * process's limit, which can be low (256 on some macOS shells).
   */
  private static int clientsAllowedByFdLimit(DemoContext ctx) {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
      long spare = os.getMaxFileDescriptorCount() - os.getOpenFileDescriptorCount() - 64;
      if (spare / 2 < CLIENTS) {
        int n = (int) Math.max(10, spare / 2);
        ctx.log().warn(get("demo.selector.fdLimit", os.getMaxFileDescriptorCount(), n, CLIENTS));
        return n;
      }
    }
    return CLIENTS;
  }

  /** -Xss: the stack each new thread reserves (virtual memory; pages are committed as used). */
  static String stackSize() {
    try {
      var hs = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
      var opt = hs.getVMOption("ThreadStackSize");
      long kb = Long.parseLong(opt.getValue());
      return get(opt.getOrigin() == com.sun.management.VMOption.Origin.DEFAULT ? "demo.selector.stackDefault"
          : "demo.selector.stackSet", kb);
    } catch (RuntimeException e) {
      return get("demo.selector.stackUsual");
    }
  }

  static long stackKb() {
    try {
      var hs = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
      return Long.parseLong(hs.getVMOption("ThreadStackSize").getValue());
    } catch (RuntimeException e) {
      return 1024;
    }
  }

  /** Heap in use after a collection: what is still reachable, not garbage waiting for the GC. */
  private static long liveHeap() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Resident memory from /proc/self/status (Linux), -1 elsewhere. */
  private static long rss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return -1;
  }

  private static String mb(long bytes) {
    return String.format("%.1f", bytes / 1048576.0) + " MB";
  }

  /** KB of stacks as whole MB, as the table shows them. */
  private static String wholeMb(long kb) {
    return kb / 1024 + " MB";
  }

  private static String delta(long before, long after) {
    if (before < 0 || after < 0) return get("demo.selector.na");
    long d = after - before;
    return mb(before) + " → " + mb(after) + " (" + (d >= 0 ? "+" : "") + mb(d) + ")";
  }

  /** A row of the table, padded by display width (a Chinese label takes two columns a character). */
  private static String row(Object label, Object selector, Object threads) {
    return "  " + netlab.markdown.Wrap.pad(String.valueOf(label), 26) + " " + netlab.markdown.Wrap.pad(String.valueOf(selector), 28) + " " + threads;
  }

  private static void table(DemoContext ctx, Phase a, Phase b) {
    var log = ctx.log();
    long kb = stackKb();
    log.highlight(get("demo.selector.sideBySide", a.clients()));
    log.info(row("", "selector", "thread-per-client"));
    log.info(row(get("demo.selector.rowThreads"), a.threads().size() + " (" + a.threads().get(0).replaceFirst("^demo-", "") + ")",
        get("demo.selector.tpcCell", b.threads().size(), b.threads().size() - 1)));
    log.info(row(get("demo.selector.rowConnections"), a.peakConnections(), b.peakConnections()));
    log.info(row(get("demo.selector.rowStacks"), wholeMb(a.threads().size() * kb), wholeMb(b.threads().size() * kb)));
    log.info("  " + " ".repeat(27) + get("demo.selector.stacksNote", stackSize()));
    log.info(row(get("demo.selector.rowHeap"), delta(a.heapBefore(), a.heapPeak()), delta(b.heapBefore(), b.heapPeak())));
    if (a.rssBefore() >= 0) {
      log.info(row(get("demo.selector.rowRss"), delta(a.rssBefore(), a.rssPeak()), delta(b.rssBefore(), b.rssPeak())));
    }
    log.info(row(get("demo.selector.rowVerified"), a.served() + "/" + a.clients(), b.served() + "/" + b.clients()));
    log.info(get("demo.selector.why"));
  }
}
