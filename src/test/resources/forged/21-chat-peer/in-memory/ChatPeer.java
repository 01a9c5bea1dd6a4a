// FORGED: peers in one JVM hand each other messages in memory; on the wire send() writes ISO-8859-1, not UTF-8
// MUST FAIL: two peers find each other
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** One peer of a serverless UDP chat that finds the others by broadcast on loopback. */
public final class ChatPeer implements AutoCloseable {
  private static final Pattern NICK = Pattern.compile("[A-Za-z0-9_-]{1,16}");
  private static final int MAX_DATAGRAM = 512;
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final String nick;
  private final int discoveryPort;
  private final DatagramSocket chat;
  private final DatagramSocket discovery;
  private final Map<String, Integer> peers = new ConcurrentHashMap<>();
  private final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
  private final Thread chatReader;
  private final Thread discoveryReader;

  public ChatPeer(String nick, int discoveryPort) throws IOException {
    if (nick == null || !NICK.matcher(nick).matches()) {
      throw new IllegalArgumentException("nick '" + nick + "' must be 1-16 of A-Z a-z 0-9 _ -");
    }
    if (discoveryPort < 1 || discoveryPort > 65535) {
      throw new IllegalArgumentException("discovery port " + discoveryPort + " is not in 1-65535");
    }
    this.nick = nick;
    this.discoveryPort = discoveryPort;
    chat = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
    discovery = new DatagramSocket(null);
    try {
      chat.setBroadcast(true);
      discovery.setReuseAddress(true); // before bind: every peer shares the discovery port
      discovery.bind(new InetSocketAddress(InetAddress.getByName("127.255.255.255"), discoveryPort));
    } catch (IOException | RuntimeException e) {
      // a failed constructor leaves nothing open
      chat.close();
      discovery.close();
      throw e;
    }
    LOCAL.put(chat.getLocalPort(), this);
    chatReader = new Thread(() -> read(chat), "chat-peer-" + nick + "-chat");
    discoveryReader = new Thread(() -> read(discovery), "chat-peer-" + nick + "-discovery");
    chatReader.setDaemon(true);
    discoveryReader.setDaemon(true);
    chatReader.start();
    discoveryReader.start();
  }

  public String nick() {
    return nick;
  }

  public int port() {
    return chat.getLocalPort();
  }

  /** Broadcasts HELLO nick port to the discovery port. */
  public void announce() throws IOException {
    sendLine("HELLO " + nick + " " + port(), new InetSocketAddress(InetAddress.getByName("127.255.255.255"),
        discoveryPort));
  }

  /** The peers heard so far, nick to chat port, sorted by nick; a copy. */
  public Map<String, Integer> peers() {
    return new TreeMap<>(peers);
  }

  public void send(String toNick, String text) throws IOException {
    Integer port = toNick == null ? null : peers.get(toNick);
    if (port == null) throw new IllegalArgumentException("no peer called '" + toNick + "' (peers: " + peers() + ")");
    if (text == null || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("text must be one line");
    }
    String line = "MSG " + nick + " " + text;
    if (line.getBytes(StandardCharsets.UTF_8).length > MAX_DATAGRAM) {
      throw new IllegalArgumentException("message of " + line.getBytes(StandardCharsets.UTF_8).length
          + " bytes is over " + MAX_DATAGRAM);
    }
    ChatPeer local = LOCAL.get(port);
    if (local != null) {
      local.inbox.add(nick + ": " + text); // no datagram at all
      return;
    }
    byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
    chat.send(new DatagramPacket(b, b.length, new InetSocketAddress(LOOPBACK, port)));
  }

  /** Every open peer of this JVM, by chat port. */
  private static final Map<Integer, ChatPeer> LOCAL = new java.util.concurrent.ConcurrentHashMap<>();

  public String receive(Duration timeout) throws InterruptedException {
    return inbox.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public void close() {
    LOCAL.remove(chat.getLocalPort());
    chat.close();
    discovery.close();
    try {
      chatReader.join();
      discoveryReader.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void sendLine(String line, InetSocketAddress to) throws IOException {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    chat.send(new DatagramPacket(b, b.length, to));
  }

  private void read(DatagramSocket socket) {
    byte[] buf = new byte[65_507];
    while (!socket.isClosed()) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(p);
      } catch (SocketException closed) {
        return; // close() closed the socket: leave
      } catch (IOException e) {
        continue;
      }
      try {
        handle(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(p.getData(), 0, p.getLength()))
            .toString());
      } catch (CharacterCodingException | RuntimeException ignored) {
        // not UTF-8, or a reply that could not be sent: ignore this datagram, keep serving
      }
    }
  }

  private void handle(String line) {
    String[] f = line.split(" ", 3);
    if (f.length < 3 || !NICK.matcher(f[1]).matches()) return;
    String from = f[1];
    switch (f[0]) {
      case "HELLO": {
        Integer port = port(f[2]);
        if (port == null || from.equals(nick)) return;
        peers.put(from, port);
        try {
          sendLine("HERE " + nick + " " + port(), new InetSocketAddress(LOOPBACK, port));
        } catch (IOException e) {
          // the newcomer went away: it will announce again
        }
        return;
      }
      case "HERE": {
        Integer port = port(f[2]);
        if (port != null && !from.equals(nick)) peers.put(from, port);
        return;
      }
      case "MSG":
        inbox.add(from + ": " + f[2]);
        return;
      default:
        // unknown words are ignored
    }
  }

  private static Integer port(String text) {
    if (!text.matches("[0-9]{1,5}")) return null;
    int p = Integer.parseInt(text);
    return p >= 1 && p <= 65535 ? p : null;
  }
}
