// ALTERNATIVE: time buckets (a TreeMap from due time to a FIFO ArrayDeque) instead of a PriorityQueue with sequence numbers; a HashSet of live ids; the real clock from System.currentTimeMillis
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

public final class EventLoop {

  public interface Task {
    long step() throws Exception;
  }

  public interface Clock {
    long now();

    void sleepUntil(long millis) throws InterruptedException;
  }

  private record Entry(int id, Task task) {}

  private final Clock clock;
  private final TreeMap<Long, ArrayDeque<Entry>> buckets = new TreeMap<>();
  private final Set<Integer> live = new HashSet<>();
  private final Map<Integer, Exception> failed = new LinkedHashMap<>();
  private int ids;
  private Integer current;
  private boolean currentCancelled;
  private boolean running;

  public EventLoop() {
    this(new Clock() {
      public long now() {
        return System.currentTimeMillis();
      }

      public void sleepUntil(long millis) throws InterruptedException {
        while (true) {
          long left = millis - System.currentTimeMillis();
          if (left <= 0) return;
          Thread.sleep(left);
        }
      }
    });
  }

  public EventLoop(Clock clock) {
    if (clock == null) throw new NullPointerException("a loop needs a clock");
    this.clock = clock;
  }

  public int spawn(Task task) {
    if (task == null) throw new NullPointerException("no task");
    ids++;
    live.add(ids);
    schedule(clock.now(), new Entry(ids, task));
    return ids;
  }

  private void schedule(long at, Entry e) {
    buckets.computeIfAbsent(at, k -> new ArrayDeque<>()).addLast(e);
  }

  public boolean cancel(int id) {
    if (current != null && current == id) {
      boolean first = !currentCancelled;
      currentCancelled = true;
      return first;
    }
    return live.remove(id);
  }

  public void run() throws InterruptedException {
    if (running) throw new IllegalStateException("nested run()");
    running = true;
    try {
      while (!buckets.isEmpty()) {
        Map.Entry<Long, ArrayDeque<Entry>> first = buckets.firstEntry();
        Entry e = first.getValue().peekFirst();
        if (!live.contains(e.id())) {
          drop(first);
          continue;
        }
        if (first.getKey() > clock.now()) {
          clock.sleepUntil(first.getKey());
          continue;
        }
        drop(first);
        live.remove(e.id());
        current = e.id();
        currentCancelled = false;
        long wait;
        try {
          wait = e.task().step();
        } catch (Exception ex) {
          failed.put(e.id(), ex);
          current = null;
          continue;
        }
        current = null;
        if (currentCancelled) continue;
        if (wait < -1) {
          failed.put(e.id(), new IllegalArgumentException("bad wait " + wait));
        } else if (wait >= 0) {
          live.add(e.id());
          schedule(clock.now() + wait, e);
        }
      }
    } finally {
      running = false;
    }
  }

  private void drop(Map.Entry<Long, ArrayDeque<Entry>> bucket) {
    bucket.getValue().pollFirst();
    if (bucket.getValue().isEmpty()) buckets.remove(bucket.getKey());
  }

  public Map<Integer, Exception> failures() {
    return new LinkedHashMap<>(failed);
  }
}
