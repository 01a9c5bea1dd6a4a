// ALTERNATIVE: NIO DatagramChannels watched by one Selector thread instead of two blocking threads; peers in a synchronized TreeMap; text decoded with a strict decoder
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

public final class ChatPeer implements AutoCloseable {
  private final String nick;
  private final int discoveryPort;
  private final DatagramChannel chat;
  private final DatagramChannel discovery;
  private final Selector selector;
  private final Map<String, Integer> peers = new TreeMap<>();
  private final BlockingQueue<String> inbox = new ArrayBlockingQueue<>(10_000);
  private final Thread loop;
  private volatile boolean closing;

  public ChatPeer(String nick, int discoveryPort) throws IOException {
    if (!validNick(nick)) throw new IllegalArgumentException("bad nick: " + nick);
    if (discoveryPort <= 0 || discoveryPort >= 65536) throw new IllegalArgumentException("bad port: " + discoveryPort);
    this.nick = nick;
    this.discoveryPort = discoveryPort;
    chat = DatagramChannel.open();
    discovery = DatagramChannel.open();
    try {
      chat.bind(new InetSocketAddress("127.0.0.1", 0));
      chat.setOption(StandardSocketOptions.SO_BROADCAST, true);
      discovery.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      discovery.bind(new InetSocketAddress("127.255.255.255", discoveryPort));
    } catch (IOException e) {
      chat.close();
      discovery.close();
      throw e;
    }
    chat.configureBlocking(false);
    discovery.configureBlocking(false);
    selector = Selector.open();
    chat.register(selector, SelectionKey.OP_READ);
    discovery.register(selector, SelectionKey.OP_READ);
    loop = new Thread(this::serve, "peer-" + nick);
    loop.setDaemon(true);
    loop.start();
  }

  private static boolean validNick(String n) {
    if (n == null || n.isEmpty() || n.length() > 16) return false;
    for (char c : n.toCharArray()) {
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      if (!ok) return false;
    }
    return true;
  }

  public String nick() {
    return nick;
  }

  public int port() {
    try {
      return ((InetSocketAddress) chat.getLocalAddress()).getPort();
    } catch (IOException e) {
      return -1;
    }
  }

  public void announce() throws IOException {
    out("HELLO " + nick + " " + port(), new InetSocketAddress("127.255.255.255", discoveryPort));
  }

  public Map<String, Integer> peers() {
    synchronized (peers) {
      return new TreeMap<>(peers);
    }
  }

  public void send(String toNick, String text) throws IOException {
    Integer port;
    synchronized (peers) {
      port = toNick == null ? null : peers.get(toNick);
    }
    if (port == null) throw new IllegalArgumentException("unknown peer " + toNick);
    if (text == null || text.contains("\n") || text.contains("\r")) throw new IllegalArgumentException("bad text");
    String line = "MSG " + nick + " " + text;
    if (StandardCharsets.UTF_8.encode(line).remaining() > 512) throw new IllegalArgumentException("too long");
    out(line, new InetSocketAddress("127.0.0.1", port));
  }

  public String receive(Duration timeout) throws InterruptedException {
    return inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void out(String line, SocketAddress to) throws IOException {
    chat.send(StandardCharsets.UTF_8.encode(line), to);
  }

  private void serve() {
    ByteBuffer buf = ByteBuffer.allocate(65_536);
    try {
      while (!closing) {
        selector.select();
        for (SelectionKey key : selector.selectedKeys()) {
          DatagramChannel ch = (DatagramChannel) key.channel();
          while (true) {
            buf.clear();
            if (ch.receive(buf) == null) break;
            buf.flip();
            try {
              handle(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                  .onUnmappableCharacter(CodingErrorAction.REPORT).decode(buf).toString());
            } catch (CharacterCodingException notText) {
              // not UTF-8: ignored
            }
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException | ClosedSelectorException e) {
      // closed: the loop ends
    }
  }

  private void handle(String line) {
    int a = line.indexOf(' ');
    if (a < 0) return;
    int b = line.indexOf(' ', a + 1);
    if (b < 0) return;
    String word = line.substring(0, a);
    String from = line.substring(a + 1, b);
    String rest = line.substring(b + 1);
    if (!validNick(from)) return;
    if (word.equals("MSG")) {
      inbox.offer(from + ": " + rest);
      return;
    }
    if (!word.equals("HELLO") && !word.equals("HERE")) return;
    if (from.equals(nick) || rest.isEmpty() || rest.length() > 5 || !rest.chars().allMatch(Character::isDigit)
        || rest.chars().anyMatch(c -> c > '9')) return;
    int port;
    try {
      port = Integer.parseInt(rest);
    } catch (NumberFormatException e) {
      return;
    }
    if (port < 1 || port > 65535) return;
    synchronized (peers) {
      peers.put(from, port);
    }
    if (word.equals("HELLO")) {
      try {
        out("HERE " + nick + " " + port(), new InetSocketAddress("127.0.0.1", port));
      } catch (IOException e) {
        // the newcomer is gone
      }
    }
  }

  @Override
  public void close() {
    closing = true;
    try {
      selector.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    try {
      chat.close();
      discovery.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    try {
      loop.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
