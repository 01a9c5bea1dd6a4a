import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * One peer of a serverless UDP chat that finds the others by broadcast on loopback. README.md has
 * the protocol: HELLO to 127.255.255.255:discoveryPort, HERE and MSG by unicast to 127.0.0.1.
 */
public final class ChatPeer implements AutoCloseable {

  /**
   * Binds the chat socket (127.0.0.1, a free port) and the discovery socket
   * (127.255.255.255:discoveryPort, SO_REUSEADDR set before bind), and starts the peer's threads.
   *
   * @throws IllegalArgumentException if {@code nick} is not 1-16 of A-Z a-z 0-9 _ - or the port is
   *     not in 1-65535
   */
  public ChatPeer(String nick, int discoveryPort) throws IOException {
    // TODO
    throw new UnsupportedOperationException("TODO: new ChatPeer");
  }

  /** This peer's nick. */
  public String nick() {
    // TODO
    throw new UnsupportedOperationException("TODO: ChatPeer.nick");
  }

  /** The chat socket's port on 127.0.0.1. */
  public int port() {
    // TODO
    throw new UnsupportedOperationException("TODO: ChatPeer.port");
  }

  /** Broadcasts {@code HELLO <nick> <port>} to 127.255.255.255:discoveryPort from the chat socket. */
  public void announce() throws IOException {
    // TODO
    throw new UnsupportedOperationException("TODO: ChatPeer.announce");
  }

  /** The peers heard so far, nick to chat port, sorted by nick, never this peer; a copy. */
  public Map<String, Integer> peers() {
    // TODO
    throw new UnsupportedOperationException("TODO: ChatPeer.peers");
  }

  /**
   * Sends {@code MSG <nick> <text>} to the peer {@code toNick}.
   *
   * @throws IllegalArgumentException for an unknown peer, a null text, a text with a line break,
   *     or a datagram over 512 bytes in UTF-8
   */
  public void send(String toNick, String text) throws IOException {
    // TODO
    throw new UnsupportedOperationException("TODO: ChatPeer.send");
  }

  /** The next chat line, {@code "<nick>: <text>"}, waiting at most {@code timeout}; null if none came. */
  public String receive(Duration timeout) throws InterruptedException {
    // TODO
    throw new UnsupportedOperationException("TODO: ChatPeer.receive");
  }

  /** Closes both sockets and returns when the peer's threads have ended; twice is harmless. */
  @Override
  public void close() {
    // TODO
    throw new UnsupportedOperationException("TODO: ChatPeer.close");
  }
}
