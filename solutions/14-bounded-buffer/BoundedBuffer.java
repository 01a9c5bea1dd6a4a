import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded blocking queue (a FIFO with a fixed capacity) for handing items from producer
 * threads to consumer threads, built from one lock and two conditions, the way
 * {@code java.util.concurrent.ArrayBlockingQueue} is built.
 *
 * <p>{@code put} waits while the buffer is full, {@code take} waits while it is empty. Every item
 * put in is taken out exactly once, in FIFO order, and the buffer never holds more than its
 * capacity. A thread waiting in any method leaves with {@link InterruptedException} when it is
 * interrupted, and the buffer is unchanged by the call it left.
 *
 * @param <T> the type of the items; null is not an item
 */
public final class BoundedBuffer<T> {

  private final Object[] items; // a ring: the next take at takeIndex, the next put at putIndex
  private int takeIndex; // guarded by lock
  private int putIndex; // guarded by lock
  private int count; // guarded by lock

  private final ReentrantLock lock = new ReentrantLock();
  /** Producers wait here while the buffer is full; a take signals it. */
  private final Condition notFull = lock.newCondition();
  /** Consumers wait here while the buffer is empty; a put signals it. */
  private final Condition notEmpty = lock.newCondition();

  /**
   * An empty buffer that holds at most {@code capacity} items.
   *
   * @throws IllegalArgumentException if capacity is less than 1
   */
  public BoundedBuffer(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity " + capacity + " is less than 1");
    items = new Object[capacity];
  }

  /** The most items the buffer can hold. */
  public int capacity() {
    return items.length;
  }

  /** How many items the buffer holds right now: always from 0 to {@link #capacity()}. */
  public int size() {
    lock.lock();
    try {
      return count;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Adds {@code item} at the end, waiting as long as necessary for space.
   *
   * @throws NullPointerException if item is null
   * @throws InterruptedException if interrupted while waiting; the item is then not added
   */
  public void put(T item) throws InterruptedException {
    if (item == null) throw new NullPointerException("null is not an item");
    lock.lockInterruptibly();
    try {
      // while, not if: after waking up, the space may be gone again (another producer took it
      // first), and a wait may also end without any signal at all (a spurious wake-up)
      while (count == items.length) {
        notFull.await();
      }
      insert(item);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Removes and returns the first item, waiting as long as necessary for one.
   *
   * @throws InterruptedException if interrupted while waiting; nothing is then removed
   */
  public T take() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (count == 0) {
        notEmpty.await();
      }
      return remove();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Adds {@code item} at the end, waiting at most {@code timeout} for space.
   *
   * @return true if the item was added, false if there was no space within the timeout (the item
   *     is then not added)
   * @throws NullPointerException if item is null
   * @throws InterruptedException if interrupted while waiting; the item is then not added
   */
  public boolean offer(T item, long timeout, TimeUnit unit) throws InterruptedException {
    if (item == null) throw new NullPointerException("null is not an item");
    long nanos = unit.toNanos(timeout);
    lock.lockInterruptibly();
    try {
      while (count == items.length) {
        if (nanos <= 0) return false;
        nanos = notFull.awaitNanos(nanos); // what is left of the time: wake-ups do not reset it
      }
      insert(item);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Removes and returns the first item, waiting at most {@code timeout} for one.
   *
   * @return the item, or null if none came within the timeout
   * @throws InterruptedException if interrupted while waiting; nothing is then removed
   */
  public T poll(long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    lock.lockInterruptibly();
    try {
      while (count == 0) {
        if (nanos <= 0) return null;
        nanos = notEmpty.awaitNanos(nanos);
      }
      return remove();
    } finally {
      lock.unlock();
    }
  }

  /** Call with the lock held and space free. */
  private void insert(T item) {
    items[putIndex] = item;
    putIndex = (putIndex + 1) % items.length;
    count++;
    // one new item is for one consumer. signal() is enough because only consumers wait on
    // notEmpty and any one of them can use it. A waiter interrupted before the signal is skipped
    // (the signal goes to the next one); one interrupted after it returns the item normally.
    notEmpty.signal();
  }

  /** Call with the lock held and an item present. */
  private T remove() {
    @SuppressWarnings("unchecked")
    T item = (T) items[takeIndex];
    items[takeIndex] = null; // do not keep a reference to an item that left
    takeIndex = (takeIndex + 1) % items.length;
    count--;
    notFull.signal(); // one free slot for one producer
    return item;
  }
}
