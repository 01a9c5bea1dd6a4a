import java.util.Map;

/**
 * Cooperative tasks on one thread: each step runs to its next yield point and says how long to
 * wait; the loop runs whichever task is due next and sleeps only when nobody is ready.
 * README.md has the whole contract.
 */
public final class EventLoop {

  /** A cooperative task. */
  public interface Task {
    /** Runs to the next yield point; returns the milliseconds to wait (0 or more), or -1 when finished. */
    long step() throws Exception;
  }

  /** Time as the loop sees it, in milliseconds. */
  public interface Clock {
    long now();

    void sleepUntil(long millis) throws InterruptedException;
  }

  /** A loop on the real clock: System.nanoTime() in milliseconds, and Thread.sleep. */
  public EventLoop() {
    // TODO: a Clock built from System.nanoTime and Thread.sleep
    throw new UnsupportedOperationException("TODO: new EventLoop()");
  }

  /**
   * A loop on {@code clock}.
   *
   * @throws NullPointerException if {@code clock} is null
   */
  public EventLoop(Clock clock) {
    // TODO: remember the clock; a PriorityQueue ordered by due time, then by a growing sequence
    throw new UnsupportedOperationException("TODO: new EventLoop(clock)");
  }

  /**
   * Makes {@code task} due now, after every task already due now; returns its id (1, 2, 3, ...).
   *
   * @throws NullPointerException if {@code task} is null
   */
  public int spawn(Task task) {
    // TODO
    throw new UnsupportedOperationException("TODO: EventLoop.spawn");
  }

  /** Removes a waiting task (true); false when the id is unknown, finished, failed or cancelled. */
  public boolean cancel(int id) {
    // TODO
    throw new UnsupportedOperationException("TODO: EventLoop.cancel");
  }

  /**
   * Runs until no task is left: the earliest due task first (ties: first come, first served),
   * sleeping with {@code clock.sleepUntil} only when nobody is due.
   *
   * @throws IllegalStateException if called from inside a task's step
   * @throws InterruptedException if the sleep is interrupted; waiting tasks stay scheduled
   */
  public void run() throws InterruptedException {
    // TODO
    throw new UnsupportedOperationException("TODO: EventLoop.run");
  }

  /** Each failed task's id and exception, in the order they failed; a copy. */
  public Map<Integer, Exception> failures() {
    // TODO
    throw new UnsupportedOperationException("TODO: EventLoop.failures");
  }
}
