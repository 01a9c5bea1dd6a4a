import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program as a child process with a time limit, like a tiny build tool or grader: the
 * command is a list (no shell), stdin is empty, stdout and stderr are captured completely, and a
 * command that runs too long is killed together with every process it started.
 */
public final class ProcessRunner {

  /**
   * What happened to one command.
   *
   * @param pid the process id of the child that {@code run} started
   * @param exitCode its exit code: 0 success, 1-255 failure, 128 + N when killed by signal N
   *     (137 after SIGKILL); after a timeout, whatever the killed process reports
   * @param stdout everything the command (and its children) wrote to standard output, as UTF-8
   * @param stderr everything written to standard error, as UTF-8
   * @param timedOut true if the command was still running when the timeout expired and was killed
   * @param duration the wall-clock time {@code run} took, from start to the end of the output
   */
  public record Result(long pid, int exitCode, String stdout, String stderr, boolean timedOut,
      Duration duration) {}

  private ProcessRunner() {}

  /**
   * Runs {@code command} (program first, then its arguments, each passed exactly as given) with
   * an empty, closed stdin, and waits until it has exited and both of its output streams have
   * ended, or until {@code timeout} has passed. On a timeout it kills the whole process tree (the
   * child, its children, their children...) and returns with {@code timedOut() == true} and the
   * output written before the kill.
   *
   * @throws IllegalArgumentException if the command is empty or the timeout is not positive
   * @throws IOException if the program cannot be started (e.g. it does not exist); the message
   *     names the program
   * @throws InterruptedException if the calling thread is interrupted while waiting; the process
   *     tree is killed first
   */
  public static Result run(List<String> command, Duration timeout)
      throws IOException, InterruptedException {
    if (command == null || command.isEmpty()) {
      throw new IllegalArgumentException("the command is empty: give at least the program");
    }
    if (timeout == null || timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("the timeout must be positive, not " + timeout);
    }
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();

    // a list: every element is exactly one argument, nothing is split or expanded.
    // start() throws IOException ("Cannot run program ...") for a missing program.
    Process process = new ProcessBuilder(command).start();
    // stdin: close our end at once, so a program that reads it sees end-of-file, not a wait
    process.getOutputStream().close();

    // drain both pipes at the same time, each on its own thread: a child that fills one pipe
    // (about 64 KiB) while we wait on the other would otherwise block forever
    Drain out = Drain.start(process.getInputStream(), "stdout of pid " + process.pid());
    Drain err = Drain.start(process.getErrorStream(), "stderr of pid " + process.pid());

    boolean timedOut;
    try {
      timedOut = !process.waitFor(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (timedOut) {
        killTree(process);
      } else if (!out.finish(deadline) || !err.finish(deadline)) {
        // the child has exited, but a background process it started still holds a stream
        // open and runs on past the deadline. It was re-parented when the child exited, so it
        // is no longer among the child's descendants: report the timeout with what we have.
        timedOut = true;
      }
      // after a kill the pipes end as soon as the last holder is dead
      long grace = System.nanoTime() + 1_000_000_000L;
      out.finish(grace);
      err.finish(grace);
    } catch (InterruptedException e) {
      killTree(process);
      throw e;
    }
    int exitCode = process.waitFor(); // the root has exited or was killed: this returns at once
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    return new Result(process.pid(), exitCode, out.text(), err.text(), timedOut, took);
  }

  /**
   * Kills the process and everything below it. {@code descendants()} walks the parent links, so
   * it must be taken while the root is alive: once the root dies, its children are re-parented
   * (to PID 1 or a subreaper) and no longer appear below it.
   */
  private static void killTree(Process process) {
    List<ProcessHandle> tree = process.descendants().toList(); // snapshot first
    // SIGKILL, not SIGTERM: a process may ignore SIGTERM. Through the handle, because
    // Process.destroyForcibly() also closes our ends of the pipes and would lose the output.
    process.toHandle().destroyForcibly(); // the root first, so it starts nothing new
    for (ProcessHandle h : tree) {
      // anything a descendant started after the snapshot
      h.descendants().forEach(ProcessHandle::destroyForcibly);
      h.destroyForcibly();
    }
  }

  /** Reads one stream to its end on a background thread and keeps every byte. */
  private static final class Drain extends Thread {
    private final InputStream in;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private Drain(InputStream in, String name) {
      super(name);
      this.in = in;
      setDaemon(true); // a stream held open by an escaped process must not keep the JVM alive
    }

    static Drain start(InputStream in, String name) {
      Drain d = new Drain(in, name);
      d.start();
      return d;
    }

    @Override
    public void run() {
      byte[] buf = new byte[16 * 1024];
      try (in) {
        for (int n; (n = in.read(buf)) != -1; ) {
          synchronized (bytes) {
            bytes.write(buf, 0, n);
          }
        }
      } catch (IOException e) {
        // the stream was closed under us: keep what arrived
      }
    }

    /** Waits until the stream has ended or the deadline (System.nanoTime) has passed. */
    boolean finish(long deadlineNanos) throws InterruptedException {
      long left = deadlineNanos - System.nanoTime();
      if (left > 0) TimeUnit.NANOSECONDS.timedJoin(this, left);
      return !isAlive();
    }

    String text() {
      synchronized (bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
