// WRONG: never closes the child's stdin, so cat waits for input until the timeout
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command with a timeout (a plausible but wrong version, see the first line). */
public final class ProcessRunner {

  public record Result(long pid, int exitCode, String stdout, String stderr, boolean timedOut,
      Duration duration) {}

  private ProcessRunner() {}

  public static Result run(List<String> command, Duration timeout)
      throws IOException, InterruptedException {
    if (command == null || command.isEmpty()) throw new IllegalArgumentException("empty command");
    if (timeout == null || timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    long start = System.nanoTime();
    Process p = new ProcessBuilder(command).start();
    Drain out = new Drain(p.getInputStream());
    Drain err = new Drain(p.getErrorStream());
    boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!finished) {
      killTree(p);
    }
    int code = p.waitFor();
    out.join(1000);
    err.join(1000);
    return new Result(p.pid(), code, out.text(), err.text(), !finished,
        Duration.ofNanos(System.nanoTime() - start));
  }

  private static void killTree(Process p) {
    List<ProcessHandle> tree = p.descendants().toList();
    p.toHandle().destroyForcibly();
    tree.forEach(ProcessHandle::destroyForcibly);
  }

  /** Reads a stream to its end on a background thread. */
  private static final class Drain extends Thread {
    private final InputStream in;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    Drain(InputStream in) {
      this.in = in;
      setDaemon(true);
      start();
    }

    @Override
    public void run() {
      byte[] buf = new byte[8192];
      try (in) {
        for (int n; (n = in.read(buf)) != -1; ) {
          synchronized (bytes) {
            bytes.write(buf, 0, n);
          }
        }
      } catch (IOException e) {
        // closed
      }
    }

    String text() {
      synchronized (bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
