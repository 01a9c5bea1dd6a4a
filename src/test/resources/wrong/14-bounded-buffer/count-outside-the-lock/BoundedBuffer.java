// WRONG: the count is volatile and changed outside the lock ("volatile makes it thread-safe")
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** A bounded buffer whose lock protects the array, but not the count. */
public final class BoundedBuffer<T> {

  private final Object[] items;
  private int takeIndex;
  private int putIndex;
  private volatile int count; // volatile: every thread sees the latest value... but count++ is 3 steps

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notFull = lock.newCondition();
  private final Condition notEmpty = lock.newCondition();

  public BoundedBuffer(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity " + capacity);
    items = new Object[capacity];
  }

  public int capacity() {
    return items.length;
  }

  public int size() {
    return count;
  }

  public void put(T item) throws InterruptedException {
    if (item == null) throw new NullPointerException();
    lock.lockInterruptibly();
    try {
      while (count == items.length) notFull.await();
      items[putIndex] = item;
      putIndex = (putIndex + 1) % items.length;
    } finally {
      lock.unlock();
    }
    count++;
    signal(notEmpty);
  }

  public T take() throws InterruptedException {
    T item;
    lock.lockInterruptibly();
    try {
      while (count == 0) notEmpty.await();
      item = take0();
    } finally {
      lock.unlock();
    }
    count--;
    signal(notFull);
    return item;
  }

  public boolean offer(T item, long timeout, TimeUnit unit) throws InterruptedException {
    if (item == null) throw new NullPointerException();
    long nanos = unit.toNanos(timeout);
    lock.lockInterruptibly();
    try {
      while (count == items.length) {
        if (nanos <= 0) return false;
        nanos = notFull.awaitNanos(nanos);
      }
      items[putIndex] = item;
      putIndex = (putIndex + 1) % items.length;
    } finally {
      lock.unlock();
    }
    count++;
    signal(notEmpty);
    return true;
  }

  public T poll(long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    T item;
    lock.lockInterruptibly();
    try {
      while (count == 0) {
        if (nanos <= 0) return null;
        nanos = notEmpty.awaitNanos(nanos);
      }
      item = take0();
    } finally {
      lock.unlock();
    }
    count--;
    signal(notFull);
    return item;
  }

  @SuppressWarnings("unchecked")
  private T take0() {
    T item = (T) items[takeIndex];
    items[takeIndex] = null;
    takeIndex = (takeIndex + 1) % items.length;
    return item;
  }

  private void signal(Condition c) {
    lock.lock();
    try {
      c.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
