import java.util.concurrent.TimeUnit;

/**
 * A bounded blocking queue (a FIFO with a fixed capacity) for handing items from producer
 * threads to consumer threads, built from one lock and two conditions (or from
 * {@code synchronized} with {@code wait}/{@code notifyAll}) - not from a
 * {@code java.util.concurrent} queue.
 *
 * <p>{@code put} waits while the buffer is full, {@code take} waits while it is empty. Every item
 * put in is taken out exactly once, in FIFO order, and the buffer never holds more than its
 * capacity. A thread waiting in any method leaves with {@link InterruptedException} when it is
 * interrupted, and the buffer is unchanged by the call it left.
 *
 * @param <T> the type of the items; null is not an item
 */
public final class BoundedBuffer<T> {

  // TODO: the items (an Object[] used as a ring, or an ArrayDeque), a count, the lock and two
  //       conditions: one for "not full" (producers wait on it), one for "not empty"

  /**
   * An empty buffer that holds at most {@code capacity} items.
   *
   * @throws IllegalArgumentException if capacity is less than 1
   */
  public BoundedBuffer(int capacity) {
    // TODO
    throw new UnsupportedOperationException("TODO: BoundedBuffer(capacity)");
  }

  /** The most items the buffer can hold. */
  public int capacity() {
    // TODO
    throw new UnsupportedOperationException("TODO: BoundedBuffer.capacity");
  }

  /** How many items the buffer holds right now: always from 0 to {@link #capacity()}. */
  public int size() {
    // TODO: under the lock
    throw new UnsupportedOperationException("TODO: BoundedBuffer.size");
  }

  /**
   * Adds {@code item} at the end, waiting as long as necessary for space.
   *
   * @throws NullPointerException if item is null
   * @throws InterruptedException if interrupted while waiting; the item is then not added
   */
  public void put(T item) throws InterruptedException {
    // TODO: lock; while full, await "not full"; add; signal "not empty"; unlock in finally
    throw new UnsupportedOperationException("TODO: BoundedBuffer.put");
  }

  /**
   * Removes and returns the first item, waiting as long as necessary for one.
   *
   * @throws InterruptedException if interrupted while waiting; nothing is then removed
   */
  public T take() throws InterruptedException {
    // TODO: lock; while empty, await "not empty"; remove; signal "not full"; unlock in finally
    throw new UnsupportedOperationException("TODO: BoundedBuffer.take");
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
    // TODO: like put, but wait with awaitNanos and give up when the time is used up
    throw new UnsupportedOperationException("TODO: BoundedBuffer.offer");
  }

  /**
   * Removes and returns the first item, waiting at most {@code timeout} for one.
   *
   * @return the item, or null if none came within the timeout
   * @throws InterruptedException if interrupted while waiting; nothing is then removed
   */
  public T poll(long timeout, TimeUnit unit) throws InterruptedException {
    // TODO: like take, but wait with awaitNanos and return null when the time is used up
    throw new UnsupportedOperationException("TODO: BoundedBuffer.poll");
  }
}
