// ALTERNATIVE: non-blocking SocketChannel connects watched by one Selector, each attempt's deadline kept by hand; the winner goes back to blocking mode and is returned as channel.socket()
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Connects to the first address of a list that answers, one address at a time, giving each
 * address at most {@code perAttempt} and the whole call at most {@code total}: a simple form of
 * what RFC 8305 ("Happy Eyeballs") asks of a client whose server name has several addresses.
 */
public final class Dialer {
  private static final long MS = 1_000_000L;

  private Dialer() {}

  /**
   * Tries the candidates in list order and returns a socket connected to the first one that
   * accepts the connection.
   *
   * <p>Each attempt waits at most {@code perAttempt}, or what is left of {@code total} if that is
   * less, rounded up to a whole millisecond, so an attempt cut short by the total ends when the
   * total does; no attempt starts with less than 1 ms of the total left. An attempt fails when the
   * connection is refused, times out, or the candidate is unresolved; connectFirst then goes on with
   * the next candidate. Sockets of failed attempts are closed; no thread is left running.
   *
   * @return a connected socket in blocking mode, with no read timeout set
   * @throws ConnectException if no candidate accepted: it says "tried N of M" and names every
   *     candidate tried, and it carries one suppressed exception per attempt, in order
   * @throws IllegalArgumentException if candidates is empty or a duration is not positive
   * @throws NullPointerException if an argument or a candidate is null
   */
  public static Socket connectFirst(List<InetSocketAddress> candidates, Duration perAttempt, Duration total)
      throws IOException {
    if (candidates == null || perAttempt == null || total == null) throw new NullPointerException("connectFirst takes no nulls");
    for (InetSocketAddress c : candidates) {
      if (c == null) throw new NullPointerException("candidate " + candidates.indexOf(null) + " is null");
    }
    if (candidates.isEmpty() || perAttempt.compareTo(Duration.ZERO) <= 0 || total.compareTo(Duration.ZERO) <= 0) {
      throw new IllegalArgumentException("need at least one candidate and positive durations, got "
          + candidates.size() + " candidates, perAttempt " + perAttempt + ", total " + total);
    }
    // a century is "forever" here, and keeps nanoTime arithmetic far from overflow
    Duration century = Duration.ofDays(36_525);
    long end = System.nanoTime() + (total.compareTo(century) > 0 ? century : total).toNanos();
    long each = (perAttempt.compareTo(century) > 0 ? century : perAttempt).toNanos();
    List<IOException> failures = new ArrayList<>();
    StringBuilder tried = new StringBuilder();
    try (Selector selector = Selector.open()) {
      for (InetSocketAddress candidate : candidates) {
        long now = System.nanoTime();
        if (end - now < MS) break;
        long deadline = now + Math.min(each, roundUpToMs(end - now));
        try {
          return attempt(selector, candidate, deadline);
        } catch (IOException e) {
          failures.add(e);
          tried.append(tried.length() == 0 ? "" : "; ").append(candidate).append(": ").append(e.getMessage());
        }
      }
    }
    ConnectException none = new ConnectException("no candidate answered (tried " + failures.size() + " of "
        + candidates.size() + "): " + tried);
    failures.forEach(none::addSuppressed);
    throw none;
  }

  /** One non-blocking connect, waited for with the selector until {@code deadline} (nanoTime). */
  private static Socket attempt(Selector selector, InetSocketAddress to, long deadline) throws IOException {
    if (to.isUnresolved()) throw new UnknownHostException(to.getHostString()); // NIO would throw unchecked
    SocketChannel channel = SocketChannel.open();
    try {
      channel.configureBlocking(false);
      if (!channel.connect(to)) {
        SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT);
        while (!channel.finishConnect()) { // throws ConnectException when refused
          long wait = deadline - System.nanoTime();
          if (wait <= 0) throw new SocketTimeoutException("connect to " + to + " timed out");
          selector.select(Math.max(1, roundUpToMs(wait) / MS)); // may wake early: the loop re-checks
          selector.selectedKeys().clear();
        }
        key.cancel();
        selector.selectNow(); // a channel leaves blocking mode for good only once its key is gone
      }
      channel.configureBlocking(true);
      return channel.socket();
    } catch (IOException | RuntimeException e) {
      channel.close(); // also ends a connect still in SYN_SENT
      throw e;
    }
  }

  private static long roundUpToMs(long nanos) {
    return (nanos + MS - 1) / MS * MS;
  }
}
