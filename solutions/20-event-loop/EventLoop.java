import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Cooperative tasks on one thread: each step runs to its next yield point and says how long to
 * wait; the loop runs whichever task is due next and sleeps only when nobody is ready.
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

  /** The real clock: System.nanoTime in milliseconds, Thread.sleep. */
  private static final Clock REAL = new Clock() {
    @Override
    public long now() {
      return System.nanoTime() / 1_000_000;
    }

    @Override
    public void sleepUntil(long millis) throws InterruptedException {
      Thread.sleep(Math.max(0, millis - now()));
    }
  };

  private record Due(long at, long seq, int id, Task task) {}

  private final Clock clock;
  private final PriorityQueue<Due> queue = new PriorityQueue<>((a, b) ->
      a.at() != b.at() ? Long.compare(a.at(), b.at()) : Long.compare(a.seq(), b.seq()));
  // ids that are waiting in the queue (not finished, failed or cancelled)
  private final Map<Integer, Task> waiting = new LinkedHashMap<>();
  private final Map<Integer, Exception> failures = new LinkedHashMap<>();
  private long seq;
  private int lastId;
  private int running; // the id whose step is running, 0 when none
  private boolean cancelledWhileRunning;
  private boolean inRun;

  public EventLoop() {
    this(REAL);
  }

  public EventLoop(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Schedules {@code task} now, after every task already due now; returns its id. */
  public int spawn(Task task) {
    Objects.requireNonNull(task, "task");
    int id = ++lastId;
    waiting.put(id, task);
    queue.add(new Due(clock.now(), seq++, id, task));
    return id;
  }

  /** Removes a waiting task; false when it is unknown, finished, failed or cancelled already. */
  public boolean cancel(int id) {
    if (id == running && running != 0) {
      if (cancelledWhileRunning) return false;
      cancelledWhileRunning = true;
      return true;
    }
    return waiting.remove(id) != null;
  }

  /** Runs until no task is left. */
  public void run() throws InterruptedException {
    if (inRun) throw new IllegalStateException("run() is already running (called from a task's step)");
    inRun = true;
    try {
      while (!queue.isEmpty()) {
        Due next = queue.peek();
        if (!waiting.containsKey(next.id())) {
          queue.poll(); // cancelled while it waited
          continue;
        }
        if (next.at() > clock.now()) {
          clock.sleepUntil(next.at()); // may throw: the task stays queued
          continue; // the earliest may have changed (nothing else runs meanwhile, but be exact)
        }
        queue.poll();
        waiting.remove(next.id());
        running = next.id();
        cancelledWhileRunning = false;
        long pause;
        try {
          pause = next.task().step();
        } catch (Exception e) {
          failures.put(next.id(), e);
          continue;
        } finally {
          running = 0;
        }
        if (cancelledWhileRunning || pause == -1) continue;
        if (pause < -1) {
          failures.put(next.id(), new IllegalArgumentException("step() returned " + pause + ": a wait is 0 or more, or -1 when finished"));
          continue;
        }
        waiting.put(next.id(), next.task());
        queue.add(new Due(clock.now() + pause, seq++, next.id(), next.task()));
      }
    } finally {
      inRun = false;
    }
  }

  /** The failed tasks' ids and exceptions, in the order they failed; a copy. */
  public Map<Integer, Exception> failures() {
    return new LinkedHashMap<>(failures);
  }
}
