package netlab.demo;

import static netlab.core.Msg.get;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;

/**
 * Lesson 05: UDP chat. Each peer is one socket with its own receiver thread, so it can send at
 * any moment while it is receiving: full duplex. By default "you" and "bot" both run here; with
 * --port A --peer B this is one peer, to chat with another terminal.
 */
public final class UdpChatDemo implements Demo {
  private volatile DatagramSocket you;
  private volatile SocketAddress peer;
  private volatile String peerName;

  @Override
  public String name() {
    return "udp-chat";
  }

  @Override
  public int lesson() {
    return 5;
  }

  @Override
  public String summary() {
    return netlab.core.Msg.get("demo.udp-chat.summary");
  }

  @Override
  public boolean listening() {
    return true;
  }

  @Override
  public String options() {
    return "[--port A] [--peer B]";
  }

  @Override
  public void start(DemoContext ctx) throws Exception {
    var log = ctx.log();
    int peerPort = ctx.port("peer");
    DatagramSocket me = ctx.own(new DatagramSocket(null));
    me.bind(new InetSocketAddress(ctx.loopback(), ctx.port("port")));
    int myPort = me.getLocalPort();

    if (peerPort != 0) {
      // One peer of two: the other one runs in another terminal.
      String other = "peer:" + peerPort;
      you = me;
      peer = new InetSocketAddress(ctx.loopback(), peerPort);
      peerName = other;
      log.event("you", get("demo.udp-chat.boundTo", myPort, peerPort));
      ctx.thread("receiver", () -> receive(ctx, me, "you", port -> port == peerPort ? other : "127.0.0.1:" + port, false));
      log.highlight(get("demo.udp-chat.otherSide", peerPort, myPort));
      log.info(get("demo.udp-chat.typeLine", peerPort));
      return;
    }

    DatagramSocket bot = ctx.own(new DatagramSocket(new InetSocketAddress(ctx.loopback(), 0)));
    int botPort = bot.getLocalPort();
    you = me;
    peer = bot.getLocalSocketAddress();
    peerName = "bot";
    log.event("you", get("demo.udp-chat.bound", myPort));
    log.event("bot", get("demo.udp-chat.bound", botPort));
    ctx.thread("you-receiver", () -> receive(ctx, me, "you", port -> port == botPort ? "bot" : "127.0.0.1:" + port, false));
    ctx.thread("bot-receiver", () -> receive(ctx, bot, "bot", port -> port == myPort ? "you" : "127.0.0.1:" + port, true));
    log.info(get("demo.udp-chat.threads"));
    // The bot speaks first, unasked: either side may send whenever it likes.
    byte[] hi = get("demo.udp-chat.hi").getBytes(StandardCharsets.UTF_8);
    sent(ctx, "bot", "you", hi);
    bot.send(new DatagramPacket(hi, hi.length, me.getLocalSocketAddress()));
    log.highlight(get("demo.udp-chat.talk", botPort));
    log.highlight(get("demo.udp-chat.twoTerminals"));
  }

  /** A receiver thread: blocks in receive(), logs each arrival, and (for the bot) replies. */
  private static void receive(DemoContext ctx, DatagramSocket s, String me, IntFunction<String> name, boolean reply) {
    var log = ctx.log();
    byte[] buf = new byte[65_507];
    while (!ctx.stopping()) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        s.receive(p);
        String from = name.apply(p.getPort());
        log.bytes(from, me, p.getData(), p.getLength());
        if (reply) {
          String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8).strip();
          byte[] answer = get("demo.udp-chat.heard", text).getBytes(StandardCharsets.UTF_8);
          // Reply to the sender's address and port, taken from the datagram.
          sent(ctx, "bot", from, answer);
          s.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
        }
      } catch (IOException e) {
        return; // closed: the demo is stopping
      }
    }
  }

  @Override
  public void input(DemoContext ctx, String line) throws Exception {
    DatagramSocket s = you;
    if (s == null || s.isClosed()) throw new IllegalStateException(get("demo.udp-chat.notRunning"));
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    // UDP does not know whether anyone is listening: send() succeeds either way.
    sent(ctx, "you", peerName, b);
    s.send(new DatagramPacket(b, b.length, peer));
  }

  /** Logged before the send, so the receiver's line (the arrival, as "from → to") comes after it. */
  private static void sent(DemoContext ctx, String from, String to, byte[] data) {
    ctx.log().event(from, get("demo.udp-chat.send", to, DemoLog.render(data, data.length)));
  }
}
