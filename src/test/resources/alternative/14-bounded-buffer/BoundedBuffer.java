// ALTERNATIVE: the object's own monitor with wait()/notifyAll() and an ArrayDeque instead of a lock, two conditions and a ring; timed waits against a deadline
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/** A bounded FIFO buffer; see the README of exercise 14. */
public final class BoundedBuffer<T> {
  private final int capacity;
  private final ArrayDeque<T> items; // guarded by this

  public BoundedBuffer(int capacity) {
    if (capacity <= 0) throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    this.capacity = capacity;
    this.items = new ArrayDeque<>(Math.min(capacity, 1024));
  }

  public int capacity() {
    return capacity;
  }

  public synchronized int size() {
    return items.size();
  }

  public synchronized void put(T item) throws InterruptedException {
    if (item == null) throw new NullPointerException();
    while (items.size() >= capacity) wait();
    items.addLast(item);
    notifyAll(); // producers and consumers share one wait set: wake them all, each re-checks
  }

  public synchronized T take() throws InterruptedException {
    while (items.isEmpty()) wait();
    T item = items.removeFirst();
    notifyAll();
    return item;
  }

  public synchronized boolean offer(T item, long timeout, TimeUnit unit) throws InterruptedException {
    if (item == null) throw new NullPointerException();
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (items.size() >= capacity) {
      long left = deadline - System.nanoTime();
      if (left <= 0) return false;
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    items.addLast(item);
    notifyAll();
    return true;
  }

  public synchronized T poll(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (items.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) return null;
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    T item = items.removeFirst();
    notifyAll();
    return item;
  }
}
