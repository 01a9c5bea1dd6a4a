package netlab.demo;

import static netlab.core.Msg.get;

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
    log.info(get("demo.handshake.watching"));
    List<Step> steps = new ArrayList<>();
    ServerSocket server = ctx.own(new ServerSocket());
    server.bind(new InetSocketAddress(ctx.loopback(), 0), 50);
    int sport = server.getLocalPort();
    String listen = KernelSockets.listening(sport).map(KernelSockets.Entry::state).orElse("?");
    log.event("server", get("demo.handshake.listen", sport, listen));
    steps.add(new Step(get("demo.handshake.step.listen"), "", listen));
    if (!ctx.pause(500)) return;

    Socket client = ctx.own(new Socket());
    client.connect(new InetSocketAddress(ctx.loopback(), sport), 2000);
    int cport = client.getLocalPort();
    String c1 = await(cport, sport, s -> s.equals("ESTABLISHED"));
    String s1 = await(sport, cport, s -> s.equals("ESTABLISHED"));
    log.event("client", get("demo.handshake.connected"));
    log.event("kernel", get("demo.handshake.queued", cport, c1, sport, s1));
    steps.add(new Step(get("demo.handshake.step.connect"), c1, s1));
    if (!ctx.pause(500)) return;

    Socket accepted = ctx.own(server.accept());
    log.event("server", get("demo.handshake.accepted"));
    client.getOutputStream().write("hi\n".getBytes());
    byte[] got = accepted.getInputStream().readNBytes(3);
    log.bytes("client", "server", got);
    steps.add(new Step(get("demo.handshake.step.data"), state(cport, sport), state(sport, cport)));
    if (!ctx.pause(500)) return;

    client.close();
    String c2 = await(cport, sport, s -> s.equals("FIN_WAIT2"));
    String s2 = await(sport, cport, s -> s.equals("CLOSE_WAIT"));
    log.event("client", get("demo.handshake.close"));
    log.event("kernel", get("demo.handshake.halfClosed", c2, s2));
    steps.add(new Step(get("demo.handshake.step.clientClose"), c2, s2));
    if (!ctx.pause(500)) return;

    accepted.close();
    String c3 = await(cport, sport, s -> s.equals("TIME_WAIT"));
    String s3 = awaitGone(sport, cport);
    log.event("server", get("demo.handshake.close"));
    log.event("kernel", get("demo.handshake.closed", c3, s3));
    steps.add(new Step(get("demo.handshake.step.serverClose"), c3, s3));
    server.close();

    log.line(new org.jline.utils.AttributedString(""));
    log.highlight(get("demo.handshake.timeline"));
    log.info(row(get("demo.handshake.col.step"), get("demo.handshake.col.client"), get("demo.handshake.col.server")));
    for (Step s : steps) log.info(row(s.action(), s.client(), s.server()));
    log.line(new org.jline.utils.AttributedString(""));
    log.highlight(get("demo.handshake.diagram"));
    for (String line : diagram(cport, sport)) log.info(line);
    log.info(c3.equals("TIME_WAIT") ? get("demo.handshake.timeWait") : get("demo.handshake.timeWaitOther", c3));
    log.info(get("demo.handshake.seeIt", cport));
  }

  /** One row of the timeline, its columns aligned by display width (a Chinese step is wider). */
  private static String row(String step, String client, String server) {
    return "  " + netlab.markdown.Wrap.pad(step, 42) + " " + netlab.markdown.Wrap.pad(client, 12) + " " + server;
  }

  private static String state(int local, int remote) {
    return KernelSockets.state(local, remote).orElse(get("demo.handshake.gone"));
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
    return s.orElse("CLOSED " + get("demo.handshake.gone"));
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
        // "client" and 客户端 take six columns alike, so the diagram stays aligned in both
        String.format("   %s :%-5d                              %s :%-5d", get("demo.handshake.col.client"), cport,
            get("demo.handshake.col.server"), sport),
        "   CLOSED                                     LISTEN",
        "   SYN_SENT      ---- SYN seq=x --------->    SYN_RECV",
        "   ESTABLISHED   <--- SYN-ACK seq=y ack=x+1",
        "                 ---- ACK ack=y+1 -------->   ESTABLISHED",
        "                 ---- data \"hi\\n\" -------->",
        "   FIN_WAIT_1    ---- FIN ---------------->   CLOSE_WAIT",
        "   FIN_WAIT_2    <--- ACK -----------------",
        "                 <--- FIN -----------------   LAST_ACK",
        "   TIME_WAIT     ---- ACK ---------------->   CLOSED",
        "   " + get("demo.handshake.fast"));
  }

  /** Not Linux: the same story, said to be a simulation. */
  private static void simulate(DemoContext ctx) {
    var log = ctx.log();
    log.warn(get("demo.handshake.simulation"));
    for (String line : diagram(50000, 8080)) log.info(line);
  }
}
