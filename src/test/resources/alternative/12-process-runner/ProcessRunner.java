// ALTERNATIVE: output to temp files and stdin from /dev/null (no pipes, no reader threads), waits with onExit(), kills SIGTERM then SIGKILL after a grace period, walks children() itself
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/** Runs a command with a time limit; see the README of exercise 12. */
public final class ProcessRunner {

  public record Result(long pid, int exitCode, String stdout, String stderr, boolean timedOut,
      Duration duration) {}

  private static final long GRACE_MS = 100;

  private ProcessRunner() {}

  public static Result run(List<String> command, Duration timeout)
      throws IOException, InterruptedException {
    if (command.size() == 0) throw new IllegalArgumentException("no program given");
    if (timeout.compareTo(Duration.ZERO) <= 0) throw new IllegalArgumentException("timeout " + timeout);
    long t0 = System.nanoTime();
    Path out = Files.createTempFile("runner", ".out");
    Path err = Files.createTempFile("runner", ".err");
    try {
      // files never fill up, so nobody has to read while the child writes
      ProcessBuilder pb = new ProcessBuilder(command)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(out.toFile())
          .redirectError(err.toFile());
      Process p = pb.start();
      CompletableFuture<Process> exit = p.onExit();
      boolean timedOut = false;
      try {
        exit.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        timedOut = true;
        stopTree(p);
      } catch (ExecutionException e) {
        throw new IOException(e.getCause());
      } catch (InterruptedException e) {
        stopTree(p);
        throw e;
      }
      int code = p.waitFor();
      return new Result(p.pid(), code, Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8), timedOut, Duration.ofNanos(System.nanoTime() - t0));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** SIGTERM to the whole tree, then SIGKILL to whatever still lives after a short grace. */
  private static void stopTree(Process p) {
    List<ProcessHandle> tree = new ArrayList<>();
    Deque<ProcessHandle> todo = new ArrayDeque<>();
    todo.add(p.toHandle());
    while (!todo.isEmpty()) { // breadth first over children(), taken while the root lives
      ProcessHandle h = todo.poll();
      tree.add(h);
      h.children().forEach(todo::add);
    }
    tree.forEach(ProcessHandle::destroy);
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MS);
    while (System.nanoTime() < until && tree.stream().anyMatch(ProcessHandle::isAlive)) {
      LockSupport.parkNanos(5_000_000); // not interruptible: the kill must go on
    }
    for (ProcessHandle h : tree) {
      if (h.isAlive()) h.destroyForcibly();
    }
  }
}
