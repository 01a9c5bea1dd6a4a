// WRONG: a timed offer/poll woken by notifyAll() that finds nothing waits the whole timeout again, not the time left
import java.util.concurrent.TimeUnit;

/** A bounded buffer on the monitor of this object, with wait() and notifyAll(). */
public final class BoundedBuffer<T> {
  private final Object[] items;
  private int head;
  private int count;

  public BoundedBuffer(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity " + capacity);
    items = new Object[capacity];
  }

  public int capacity() {
    return items.length;
  }

  public synchronized int size() {
    return count;
  }

  public synchronized void put(T item) throws InterruptedException {
    if (item == null) throw new NullPointerException();
    while (count == items.length) wait();
    add(item);
  }

  public synchronized T take() throws InterruptedException {
    while (count == 0) wait();
    return remove();
  }

  public synchronized boolean offer(T item, long timeout, TimeUnit unit) throws InterruptedException {
    if (item == null) throw new NullPointerException();
    long ms = unit.toMillis(timeout);
    while (count == items.length) {
      if (ms <= 0) return false;
      long before = System.nanoTime();
      wait(ms); // the whole timeout, again after every wake-up
      boolean fullWait = System.nanoTime() - before >= TimeUnit.MILLISECONDS.toNanos(ms);
      if (count == items.length && fullWait) return false;
    }
    add(item);
    return true;
  }

  public synchronized T poll(long timeout, TimeUnit unit) throws InterruptedException {
    long ms = unit.toMillis(timeout);
    while (count == 0) {
      if (ms <= 0) return null;
      long before = System.nanoTime();
      wait(ms);
      boolean fullWait = System.nanoTime() - before >= TimeUnit.MILLISECONDS.toNanos(ms);
      if (count == 0 && fullWait) return null;
    }
    return remove();
  }

  private void add(T item) {
    items[(head + count) % items.length] = item;
    count++;
    notifyAll();
  }

  @SuppressWarnings("unchecked")
  private T remove() {
    T item = (T) items[head];
    items[head] = null;
    head = (head + 1) % items.length;
    count--;
    notifyAll();
    return item;
  }
}
