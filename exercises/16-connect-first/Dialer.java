import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;

/**
 * Connects to the first address of a list that answers, one address at a time, giving each
 * address at most {@code perAttempt} and the whole call at most {@code total}: a simple form of
 * what RFC 8305 ("Happy Eyeballs") asks of a client whose server name has several addresses.
 * README.md has the whole contract.
 */
public final class Dialer {
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
    // TODO: check the arguments; then for each candidate, while 1 ms or more is left: a new Socket,
    //  connect(candidate, timeout) with timeout = min(perAttempt, left of total) in whole ms,
    //  rounded up; return it if it connects, close it and remember the exception if not.
    //  When none connected: one ConnectException with every failure added as suppressed.
    throw new UnsupportedOperationException("TODO: Dialer.connectFirst");
  }
}
