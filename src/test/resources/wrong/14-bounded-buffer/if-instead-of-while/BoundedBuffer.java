// WRONG: waits with "if" instead of "while": a woken thread does not check again
import java.util.concurrent.TimeUnit;

/** A bounded buffer on the monitor of this object, with wait() and notifyAll(). */
public final class BoundedBuffer<T> {

  private final Object[] items;
  private int takeIndex;
  private int putIndex;
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
    if (count == items.length) {
      wait();
    }
    insert(item);
  }

  public synchronized T take() throws InterruptedException {
    if (count == 0) {
      wait();
    }
    return remove();
  }

  public synchronized boolean offer(T item, long timeout, TimeUnit unit) throws InterruptedException {
    if (item == null) throw new NullPointerException();
    if (count == items.length) {
      wait(Math.max(1, unit.toMillis(timeout)));
      if (count == items.length) return false;
    }
    insert(item);
    return true;
  }

  public synchronized T poll(long timeout, TimeUnit unit) throws InterruptedException {
    if (count == 0) {
      if (timeout <= 0) return null;
      wait(Math.max(1, unit.toMillis(timeout)));
      if (count == 0) return null;
    }
    return remove();
  }

  private void insert(T item) {
    items[putIndex] = item;
    putIndex = (putIndex + 1) % items.length;
    count++;
    notifyAll();
  }

  @SuppressWarnings("unchecked")
  private T remove() {
    T item = (T) items[takeIndex];
    items[takeIndex] = null;
    takeIndex = (takeIndex + 1) % items.length;
    count--;
    notifyAll();
    return item;
  }
}
