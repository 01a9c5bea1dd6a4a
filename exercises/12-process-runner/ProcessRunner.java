import java.io.IOException;
import java.time.Duration;
import java.util.List;

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
    // TODO: check the arguments (IllegalArgumentException)
    // TODO: new ProcessBuilder(command).start(); close its stdin at once
    // TODO: read stdout and stderr at the same time (at least one on another thread), to the end
    // TODO: waitFor(timeout); if it did not finish: snapshot descendants(), then kill them all
    //       and the child with destroyForcibly() (through toHandle(), to keep the pipes open)
    throw new UnsupportedOperationException("TODO: ProcessRunner.run");
  }
}
