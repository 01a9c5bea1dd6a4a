// WRONG: waits for the process before reading its output (a full 64 KiB pipe blocks the child)
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
    p.getOutputStream().close();
    boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!finished) killTree(p);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = p.waitFor();
    return new Result(p.pid(), code, out, err, !finished, Duration.ofNanos(System.nanoTime() - start));
  }

  private static void killTree(Process p) {
    List<ProcessHandle> tree = p.descendants().toList();
    p.toHandle().destroyForcibly();
    tree.forEach(ProcessHandle::destroyForcibly);
  }
}
