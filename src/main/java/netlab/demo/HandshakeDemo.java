package netlab.demo;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Lesson 07: a real connection's states, read from the kernel at every step: LISTEN, the
 * handshake, data, each side's close, and TIME_WAIT on the side that closed first.
 */
public final class HandshakeDemo implements Demo {
  /** One observation: what was done, and the state the kernel reported for each end. */
  record Step(String action, String client, String server) {}

  @Override
  public String name() {
    return "handshake";
  }

  @Override
  public int lesson() {
    return 7;
  }

  @Override
  public String summary() {
    return netlab.core.Msg.get("demo.handshake.summary");
  }

  @Override
  public boolean listening() {
    return false;
  }

  @Override
  public void start(DemoContext ctx) throws Exception {
    var log = ctx.log();
    if (!KernelSockets.available()) {
      simulate(ctx);
      return;
    }
    log.info("Watching the kernel's socket table (/proc/net/tcp, /proc/net/tcp6) at every step.");
    List<Step> steps = new ArrayList<>();
    ServerSocket server = ctx.own(new ServerSocket());
    server.bind(new InetSocketAddress(ctx.loopback(), 0), 50);
    int sport = server.getLocalPort();
    String listen = KernelSockets.listening(sport).map(KernelSockets.Entry::state).orElse("?");
    log.event("server", "bind + listen on 127.0.0.1:" + sport + "  → kernel: " + listen);
    steps.add(new Step("server: listen()", "", listen));
    if (!ctx.pause(500)) return;

    Socket client = ctx.own(new Socket());
    client.connect(new InetSocketAddress(ctx.loopback(), sport), 2000);
    int cport = client.getLocalPort();
    String c1 = await(cport, sport, s -> s.equals("ESTABLISHED"));
    String s1 = await(sport, cport, s -> s.equals("ESTABLISHED"));
    log.event("client", "connect() returned: SYN →, ← SYN-ACK, ACK → done by the kernels");
    log.event("kernel", "client :" + cport + " " + c1 + "   server :" + sport + " " + s1
        + "  (in the accept queue: accept() has not been called)");
    steps.add(new Step("client: connect() — three-way handshake", c1, s1));
    if (!ctx.pause(500)) return;

    Socket accepted = ctx.own(server.accept());
    log.event("server", "accept() took the established connection off the accept queue");
    client.getOutputStream().write("hi\n".getBytes());
    byte[] got = accepted.getInputStream().readNBytes(3);
    log.bytes("client", "server", got);
    steps.add(new Step("data: client → server", state(cport, sport), state(sport, cport)));
    if (!ctx.pause(500)) return;

    client.close();
    String c2 = await(cport, sport, s -> s.equals("FIN_WAIT2"));
    String s2 = await(sport, cport, s -> s.equals("CLOSE_WAIT"));
    log.event("client", "close(): FIN →, ← ACK");
    log.event("kernel", "client " + c2 + "   server " + s2 + "  (the server has not closed yet)");
    steps.add(new Step("client: close() — FIN, ACK", c2, s2));
    if (!ctx.pause(500)) return;

    accepted.close();
    String c3 = await(cport, sport, s -> s.equals("TIME_WAIT"));
    String s3 = awaitGone(sport, cport);
    log.event("server", "close(): FIN →, ← ACK");
    log.event("kernel", "client " + c3 + "   server " + s3);
    steps.add(new Step("server: close() — FIN, ACK", c3, s3));
    server.close();

    log.line(new org.jline.utils.AttributedString(""));
    log.highlight("Timeline, states as the kernel reported them:");
    log.info(String.format("  %-42s %-12s %s", "step", "client", "server"));
    for (Step s : steps) log.info(String.format("  %-42s %-12s %s", s.action(), s.client(), s.server()));
    log.line(new org.jline.utils.AttributedString(""));
    log.highlight("The same exchange as a sequence diagram:");
    for (String line : diagram(cport, sport)) log.info(line);
    log.info(c3.equals("TIME_WAIT")
        ? "TIME_WAIT is on the client, the side that closed first; it lasts 60 s on Linux (2 × MSL)."
        : "TIME_WAIT belongs to the side that closes first; the kernel reported " + c3 + " here.");
    log.info("See it yourself while it lasts:  ss -tan 'sport = :" + cport + "'");
  }

  private static String state(int local, int remote) {
    return KernelSockets.state(local, remote).orElse("(gone)");
  }

  /** Polls the kernel until the state matches (transitions take a moment), up to one second. */
  private static String await(int local, int remote, Predicate<String> wanted) {
    long deadline = System.nanoTime() + 1_000_000_000L;
    String s = state(local, remote);
    while (!wanted.test(s) && System.nanoTime() < deadline) {
      sleep();
      s = state(local, remote);
    }
    return s;
  }

  private static String awaitGone(int local, int remote) {
    long deadline = System.nanoTime() + 1_000_000_000L;
    Optional<String> s = KernelSockets.state(local, remote);
    while (s.isPresent() && System.nanoTime() < deadline) {
      sleep();
      s = KernelSockets.state(local, remote);
    }
    return s.orElse("CLOSED (gone)");
  }

  private static void sleep() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static List<String> diagram(int cport, int sport) {
    return List.of(
        String.format("   client :%-5d                              server :%-5d", cport, sport),
        "   CLOSED                                     LISTEN",
        "   SYN_SENT      ---- SYN seq=x --------->    SYN_RECV",
        "   ESTABLISHED   <--- SYN-ACK seq=y ack=x+1",
        "                 ---- ACK ack=y+1 -------->   ESTABLISHED",
        "                 ---- data \"hi\\n\" -------->",
        "   FIN_WAIT_1    ---- FIN ---------------->   CLOSE_WAIT",
        "   FIN_WAIT_2    <--- ACK -----------------",
        "                 <--- FIN -----------------   LAST_ACK",
        "   TIME_WAIT     ---- ACK ---------------->   CLOSED",
        "   (SYN_SENT, SYN_RECV, FIN_WAIT_1 and LAST_ACK pass in microseconds on loopback)");
  }

  /** Not Linux: the same story, said to be a simulation. */
  private static void simulate(DemoContext ctx) {
    var log = ctx.log();
    log.warn("SIMULATION: this system has no /proc/net/tcp, so the states below are what TCP does,"
        + " not what the kernel reported. Run it on Linux to watch the real thing.");
    for (String line : diagram(50000, 8080)) log.info(line);
  }
}
