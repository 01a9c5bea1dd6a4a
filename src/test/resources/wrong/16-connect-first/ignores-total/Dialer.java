// WRONG: gives every attempt the full perAttempt and never looks at the total budget
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
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
    Objects.requireNonNull(candidates, "candidates");
    Objects.requireNonNull(perAttempt, "perAttempt");
    Objects.requireNonNull(total, "total");
    for (InetSocketAddress c : candidates) Objects.requireNonNull(c, "a candidate is null");
    if (candidates.isEmpty()) throw new IllegalArgumentException("no candidates to connect to");
    if (perAttempt.isNegative() || perAttempt.isZero()) {
      throw new IllegalArgumentException("perAttempt must be positive, was " + perAttempt);
    }
    if (total.isNegative() || total.isZero()) throw new IllegalArgumentException("total must be positive, was " + total);

    long start = System.nanoTime();
    long budget = nanos(total);
    long each = nanos(perAttempt);
    List<IOException> failures = new ArrayList<>();
    List<String> tried = new ArrayList<>();
    for (InetSocketAddress candidate : candidates) {
      long left = budget - (System.nanoTime() - start);
      // less than a millisecond is nothing: a timed-out connect may end a fraction of a ms before
      // System.nanoTime says its time is up (measured on 17 and 25), which would leave a sliver
      // rounded up: an attempt cut short by the total must not end just before the total does
      int timeoutMs = (int) Math.min(Integer.MAX_VALUE, ceilMillis(each)); // always the full perAttempt
      Socket socket = new Socket();
      try {
        socket.connect(candidate, timeoutMs); // unresolved: UnknownHostException, no lookup
        return socket;
      } catch (IOException e) {
        socket.close(); // the JDK has closed its descriptor already; this makes it certain
        failures.add(e);
        tried.add(candidate + " (" + e + ")");
      }
    }
    ConnectException all = new ConnectException("could not connect: tried " + tried.size() + " of "
        + candidates.size() + " addresses: " + String.join(", ", tried));
    for (IOException e : failures) all.addSuppressed(e);
    throw all;
  }

  /** A duration in nanoseconds; beyond 292 years (where Duration.toNanos overflows), Long.MAX_VALUE. */
  private static long nanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  /** Whole milliseconds, rounded up; unlike (nanos + 999_999) / 1_000_000 it cannot overflow. */
  private static long ceilMillis(long nanos) {
    return -Math.floorDiv(-nanos, 1_000_000L);
  }
}
