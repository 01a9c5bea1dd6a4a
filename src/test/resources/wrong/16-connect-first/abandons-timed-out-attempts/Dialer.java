// WRONG: bounds each attempt with Future.get(timeout) around a connect without a timeout; cancel(true) does not stop a platform thread in connect, so its thread and socket live on
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

public final class Dialer {
  private Dialer() {}

  public static Socket connectFirst(List<InetSocketAddress> candidates, Duration perAttempt, Duration total)
      throws IOException {
    Objects.requireNonNull(candidates, "candidates");
    Objects.requireNonNull(perAttempt, "perAttempt");
    Objects.requireNonNull(total, "total");
    for (InetSocketAddress c : candidates) Objects.requireNonNull(c, "a candidate is null");
    if (candidates.isEmpty()) throw new IllegalArgumentException("no candidates");
    if (perAttempt.isNegative() || perAttempt.isZero() || total.isNegative() || total.isZero()) {
      throw new IllegalArgumentException("durations must be positive");
    }
    ExecutorService pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "connect-attempt");
      t.setDaemon(true);
      return t;
    });
    long start = System.nanoTime();
    List<IOException> failures = new ArrayList<>();
    List<String> tried = new ArrayList<>();
    try {
      for (InetSocketAddress candidate : candidates) {
        long left = nanos(total) - (System.nanoTime() - start);
        if (left < 1_000_000) break;
        long wait = Math.min(nanos(perAttempt), left);
        Future<Socket> attempt = pool.submit(() -> {
          Socket s = new Socket();
          s.connect(candidate); // the future's timeout will bound it ... or so it seems
          return s;
        });
        IOException failure;
        try {
          return attempt.get(wait, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          attempt.cancel(true);
          failure = new SocketTimeoutException("connect to " + candidate + " timed out");
        } catch (ExecutionException e) {
          failure = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
        failures.add(failure);
        tried.add(candidate + " (" + failure + ")");
      }
    } finally {
      pool.shutdown(); // lets running tasks go on
    }
    ConnectException all = new ConnectException("could not connect: tried " + tried.size() + " of "
        + candidates.size() + ": " + String.join(", ", tried));
    failures.forEach(all::addSuppressed);
    throw all;
  }

  private static long nanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }
}
