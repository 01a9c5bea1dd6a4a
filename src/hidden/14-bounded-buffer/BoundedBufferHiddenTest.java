import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import netlab.grade.api.Points;
import netlab.grade.support.Timing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Hidden tests for exercise 14, bounded-buffer. The concurrent tests run rounds of 8 producers
 * and 8 consumers on a tiny buffer, so that nearly every put and take waits and wakes, with
 * every item unique: a lost, duplicated or reordered item is found, and so is a size() above the
 * capacity. A round that stops making progress (a lost wake-up) fails with where the threads
 * wait instead of hanging.
 */
class BoundedBufferHiddenTest {

  private final List<Thread> started = new ArrayList<>();

  @AfterEach
  void stopThreads() {
    // threads still waiting in put or take (after a failure) leave with InterruptedException
    for (Thread t : started) t.interrupt();
  }

  @Test
  @DisplayName("FIFO order, size(), wrap-around; refuses null items and capacity < 1, capacity 1 works")
  @Points(1)
  void basics() throws Exception {
    BoundedBuffer<String> buf = new BoundedBuffer<>(3);
    assertEquals(3, buf.capacity(), "new BoundedBuffer<>(3).capacity()");
    assertEquals(0, buf.size(), "size() of a new buffer");
    buf.put("a");
    buf.put("b");
    buf.put("c");
    assertEquals(3, buf.size(), "size() after put a, b, c into a buffer of capacity 3");
    assertEquals("a", buf.take(), "take() after put a, b, c: first in, first out");
    assertEquals("b", buf.take(), "second take() after put a, b, c");
    buf.put("d");
    buf.put("e");
    assertEquals(3, buf.size(), "size() after put a, b, c, take, take, put d, e");
    List<String> rest = List.of(buf.take(), buf.take(), buf.take());
    assertEquals(List.of("c", "d", "e"), rest, "the last three take() calls after put a, b, c,"
        + " take, take, put d, e (the items wrap around the end of a capacity-3 ring)");
    assertEquals(0, buf.size(), "size() after taking everything");
    expectThrows(NullPointerException.class, () -> new BoundedBuffer<String>(2).put(null),
        "put(null): null is not an item (poll returns null for \"nothing\")");
    BoundedBuffer<String> two = new BoundedBuffer<>(2);
    expectThrows(NullPointerException.class, () -> two.offer(null, 10, TimeUnit.MILLISECONDS),
        "offer(null, 10 ms): null is not an item (poll returns null for \"nothing\")");
    assertEquals(0, two.size(), "size() after the refused offer(null, 10 ms) on an empty buffer");
    BoundedBuffer<String> one = new BoundedBuffer<>(1);
    assertEquals(1, one.capacity(), "new BoundedBuffer<>(1).capacity(): 1 is the smallest capacity allowed");
    one.put("only");
    assertEquals(1, one.size(), "size() after put(\"only\") into a buffer of capacity 1");
    assertFalse(one.offer("more", 0, TimeUnit.MILLISECONDS), "offer(\"more\", 0 ms) on the full"
        + " capacity-1 buffer [only] should return false");
    assertEquals("only", one.take(), "take() from the capacity-1 buffer [only]");
    expectThrows(IllegalArgumentException.class, () -> new BoundedBuffer<String>(0),
        "new BoundedBuffer<>(0)");
    expectThrows(IllegalArgumentException.class, () -> new BoundedBuffer<String>(-1),
        "new BoundedBuffer<>(-1)");
  }

  @Test
  @DisplayName("put() waits while the buffer is full and finishes after a take()")
  @Points(1)
  void putBlocksWhenFull() throws Exception {
    BoundedBuffer<String> buf = new BoundedBuffer<>(2);
    buf.put("a");
    buf.put("b");
    Call<Void> put = call("put(\"c\") on a full buffer [a, b]", () -> {
      buf.put("c");
      return null;
    });
    put.mustWait();
    assertEquals(2, buf.size(), "size() while put(\"c\") waits on the full buffer [a, b]");
    assertEquals("a", buf.take(), "take() from [a, b] while put(\"c\") waits");
    put.mustReturn("after a take() made room");
    assertEquals(List.of("b", "c"), List.of(buf.take(), buf.take()),
        "the items after put a, b, (waiting put c), take");
    assertEquals(0, buf.size(), "size() at the end");
  }

  @Test
  @DisplayName("take() waits while the buffer is empty, then gets the next item")
  @Points(1)
  void takeBlocksWhenEmpty() throws Exception {
    BoundedBuffer<String> buf = new BoundedBuffer<>(2);
    Call<String> take = call("take() on an empty buffer", buf::take);
    take.mustWait();
    buf.put("x");
    String got = take.mustReturn("after put(\"x\")");
    assertEquals("x", got, "the waiting take() should return the item put afterwards");
    assertEquals(0, buf.size(), "size() after the waiting take() got the only item");
  }

  @Test
  @DisplayName("8 producers, 8 consumers: 14000 items, each taken once, in order")
  @Points(2)
  void everyItemExactlyOnce() throws Exception {
    // half the items of the first edition (28000): every wrong implementation this test caught
    // then it still catches in 40 of 40 gradings at --jobs 8 on 2 cores (bench/races.sh)
    stress(1, 1, 8, 8, 250, false);
    stress(2, 3, 8, 8, 500, false);
    stress(3, 10, 8, 8, 1_000, false);
  }

  @Test
  @DisplayName("size() never exceeds the capacity under 8 producers, 8 consumers")
  @Points(1)
  void capacityIsNeverExceeded() throws Exception {
    // half the items of the first edition, proven as above
    stress(1, 1, 8, 8, 200, true);
    stress(2, 2, 8, 8, 300, true);
    stress(3, 4, 8, 8, 500, true);
  }

  @Test
  @DisplayName("interrupted put()/take()/offer()/poll() throw InterruptedException, buffer intact")
  @Points(1)
  void interruption() throws Exception {
    BoundedBuffer<String> buf = new BoundedBuffer<>(2);
    Call<String> take = call("take() on an empty buffer", buf::take);
    take.mustWait();
    take.interrupt();
    take.mustThrowInterrupted();
    buf.put("a");
    assertEquals("a", buf.take(), "after an interrupted take(), put(\"a\") then take() should give \"a\"");
    assertEquals(0, buf.size(), "size() after put(\"a\"), take()");

    buf.put("a");
    buf.put("b");
    Call<Void> put = call("put(\"c\") on a full buffer [a, b]", () -> {
      buf.put("c");
      return null;
    });
    put.mustWait();
    put.interrupt();
    put.mustThrowInterrupted();
    assertEquals(2, buf.size(), "size() after an interrupted put(\"c\") on the full buffer [a, b]:"
        + " the item must not be added");
    assertEquals(List.of("a", "b"), List.of(buf.take(), buf.take()), "the items after an interrupted"
        + " put(\"c\") on [a, b]");
    assertNull(buf.poll(50, TimeUnit.MILLISECONDS), "after an interrupted put(\"c\") on [a, b] and"
        + " two takes, the buffer should be empty (\"c\" was never added)");

    // one of three waiting consumers is interrupted; the other two still get their items
    List<Call<String>> takers = new ArrayList<>();
    for (int i = 0; i < 3; i++) takers.add(call("take() number " + (i + 1) + " of 3 on an empty buffer", buf::take));
    for (Call<String> t : takers) t.mustWait();
    takers.get(0).interrupt();
    takers.get(0).mustThrowInterrupted();
    buf.put("x");
    buf.put("y");
    Set<String> got = new HashSet<>();
    for (int i = 1; i < 3; i++) got.add(takers.get(i).mustReturn("after put(\"x\"), put(\"y\"), with"
        + " the third waiting taker interrupted"));
    assertEquals(Set.of("x", "y"), got, "the two takers that were not interrupted");
    assertEquals(0, buf.size(), "size() after the two takers got x and y");

    // the timed calls, too: an interrupt ends the wait at once, long before the timeout
    Call<String> poll = call("poll(10 s) on an empty buffer", () -> buf.poll(10, TimeUnit.SECONDS));
    poll.mustWait();
    poll.interrupt();
    poll.mustThrowInterrupted();
    buf.put("p");
    assertEquals("p", buf.take(), "after an interrupted poll(10 s), put(\"p\") then take() should give \"p\"");

    buf.put("a");
    buf.put("b");
    Call<Boolean> offer = call("offer(\"c\", 10 s) on a full buffer [a, b]",
        () -> buf.offer("c", 10, TimeUnit.SECONDS));
    offer.mustWait();
    offer.interrupt();
    offer.mustThrowInterrupted();
    assertEquals(2, buf.size(), "size() after an interrupted offer(\"c\", 10 s) on the full buffer [a, b]:"
        + " the item must not be added");
    assertEquals(List.of("a", "b"), List.of(buf.take(), buf.take()), "the items after an interrupted"
        + " offer(\"c\", 10 s) on [a, b]");
    assertNull(buf.poll(0, TimeUnit.MILLISECONDS), "after an interrupted offer(\"c\", 10 s) on [a, b] and"
        + " two takes, the buffer should be empty (\"c\" was never added)");
  }

  @Test
  @DisplayName("offer() and poll() with a timeout wait as long as asked, no longer")
  @Points(1)
  void timedOfferAndPoll() throws Exception {
    BoundedBuffer<String> buf = new BoundedBuffer<>(2);
    long t0 = System.nanoTime();
    String none = buf.poll(100, TimeUnit.MILLISECONDS);
    long ms = millisSince(t0);
    assertNull(none, "poll(100 ms) on an empty buffer should return null");
    assertTrue(ms >= 90 && ms < 1000, "poll(100 ms) on an empty buffer should wait about 100 ms;"
        + " it returned after " + ms + " ms");
    t0 = System.nanoTime();
    assertNull(buf.poll(100_000_000, TimeUnit.NANOSECONDS), "poll(100000000 ns) on an empty buffer");
    ms = millisSince(t0);
    assertTrue(ms >= 90 && ms < 1000, "poll(100000000, NANOSECONDS) on an empty buffer should wait about"
        + " 100 ms (convert with unit.toNanos(timeout)); it returned after " + ms + " ms");
    t0 = System.nanoTime();
    assertNull(buf.poll(0, TimeUnit.MILLISECONDS), "poll(0 ms) on an empty buffer");
    assertTrue(millisSince(t0) < 200, "poll(0 ms) on an empty buffer should return at once");

    buf.put("a");
    buf.put("b");
    t0 = System.nanoTime();
    boolean added = buf.offer("c", 100, TimeUnit.MILLISECONDS);
    long offerMs = millisSince(t0);
    assertFalse(added, "offer(\"c\", 100 ms) on the full buffer [a, b] should return false");
    assertTrue(offerMs >= 90 && offerMs < 1000, "offer(\"c\", 100 ms) on a full buffer should wait about"
        + " 100 ms; it returned after " + offerMs + " ms");
    assertEquals(2, buf.size(), "size() after a failed offer(\"c\") on [a, b]");
    t0 = System.nanoTime();
    assertFalse(buf.offer("c", 0, TimeUnit.SECONDS), "offer(\"c\", 0 s) on the full buffer [a, b]");
    assertTrue(millisSince(t0) < 200, "offer(\"c\", 0 s) on a full buffer should return at once (a timeout"
        + " of 0 does not wait)");
    // the unit counts: 100000 microseconds are 100 ms, not 0 ms and not 100000 ms
    t0 = System.nanoTime();
    assertFalse(buf.offer("c", 100_000, TimeUnit.MICROSECONDS), "offer(\"c\", 100000 µs) on the full"
        + " buffer [a, b]");
    long microMs = millisSince(t0);
    assertTrue(microMs >= 90 && microMs < 1000, "offer(\"c\", 100000, MICROSECONDS) on a full buffer should"
        + " wait about 100 ms (convert with unit.toNanos(timeout)); it returned after " + microMs + " ms");
    assertEquals(2, buf.size(), "size() after the failed offers of \"c\" on [a, b]");

    // room appears 50 ms into a 2 s offer: it must succeed soon after, not at the end
    Call<String> taker = call("take() after a 50 ms pause", () -> {
      Thread.sleep(50);
      return buf.take();
    });
    t0 = System.nanoTime();
    boolean later = buf.offer("d", 2, TimeUnit.SECONDS);
    long laterMs = millisSince(t0);
    assertTrue(later, "offer(\"d\", 2 s) on [a, b] while another thread takes after 50 ms should"
        + " return true");
    assertTrue(laterMs < 1000, "offer(\"d\", 2 s) should return as soon as there is room (about 50 ms);"
        + " it took " + laterMs + " ms");
    assertEquals("a", taker.mustReturn("after its pause"), "the other thread's take()");
    assertEquals(List.of("b", "d"), List.of(buf.take(), buf.take()), "the items after [a, b], take,"
        + " offer d");

    // an item arrives 50 ms into a 2 s poll
    Call<Void> putter = call("put(\"late\") after a 50 ms pause", () -> {
      Thread.sleep(50);
      buf.put("late");
      return null;
    });
    t0 = System.nanoTime();
    String late = buf.poll(2, TimeUnit.SECONDS);
    long pollMs = millisSince(t0);
    assertEquals("late", late, "poll(2 s) on an empty buffer while another thread puts \"late\""
        + " after 50 ms");
    assertTrue(pollMs < 1000, "poll(2 s) should return as soon as an item arrives (about 50 ms);"
        + " it took " + pollMs + " ms");
    putter.mustReturn("after its pause");
  }

  @Test
  @DisplayName("a timed poll() woken early by another consumer's item waits only the time that is left")
  @Points(1)
  void pollWokenEarlyWaitsTheTimeLeft() throws Exception {
    Timing.measured(() -> wokenEarly(false));
  }

  @Test
  @DisplayName("a timed offer() woken early by a take() another producer wins waits only the time that is left")
  @Points(1)
  void offerWokenEarlyWaitsTheTimeLeft() throws Exception {
    Timing.measured(() -> wokenEarly(true));
  }

  /** The timeout of the timed call in {@link #wokenEarly}, and when the wake-up comes. */
  private static final long TIMED_MS = 500;
  private static final long WAKE_AT_MS = 250;
  private static final int RIVALS = 4;

  /**
   * One timed call (poll on an empty buffer, or offer on a full one) waits while {@link #RIVALS}
   * other threads already wait for the same thing (takers, or producers in put). Halfway through
   * its timeout the state changes once (one put, or one take): a buffer with one condition per
   * kind of waiter wakes the rival that waited longest, one built on notifyAll() wakes everyone,
   * the timed call included, and a rival gets there first. Either way the timed call must end
   * after its timeout, and not later: a wake-up that finds nothing waits only for the time
   * left (README: "offer and poll wait in total at most the timeout"). If the timed call itself
   * wins the race, the measurement says nothing and is made again.
   */
  private void wokenEarly(boolean offer) throws Exception {
    BoundedBuffer<String> buf = new BoundedBuffer<>(1);
    if (offer) buf.put("full");
    List<Call<?>> rivals = new ArrayList<>();
    for (int i = 0; i < RIVALS; i++) {
      String item = "rival-" + i;
      Call<?> c = offer
          ? call("put(\"" + item + "\") on the full buffer", () -> {
            buf.put(item);
            return null;
          })
          : call("take() on the empty buffer", buf::take);
      c.mustBeParked(); // one after the other: with a fair condition, the rivals wait first
      rivals.add(c);
    }
    String what = offer
        ? "offer(\"timed\", " + TIMED_MS + " ms) on a full buffer of capacity 1, while " + RIVALS
            + " other producers waited in put()"
        : "poll(" + TIMED_MS + " ms) on an empty buffer, while " + RIVALS + " other consumers waited in take()";
    AtomicLong startedAt = new AtomicLong();
    AtomicLong endedAt = new AtomicLong();
    Call<Object> timed = call(what, () -> {
      startedAt.set(System.nanoTime());
      try {
        return offer ? buf.offer("timed", TIMED_MS, TimeUnit.MILLISECONDS) : buf.poll(TIMED_MS, TimeUnit.MILLISECONDS);
      } finally {
        endedAt.set(System.nanoTime());
      }
    });
    timed.mustBeParked();
    // the scenario itself: a change of state at a chosen moment into the timed wait
    long wakeAt = startedAt.get() + WAKE_AT_MS * 1_000_000;
    long pause = wakeAt - System.nanoTime();
    if (pause > 0) Thread.sleep(pause / 1_000_000, (int) (pause % 1_000_000));
    long woke = System.nanoTime();
    String change = offer ? "take()" : "put(\"item\")";
    if (offer) {
      assertEquals("full", buf.take(), "take() from the full buffer [full]");
    } else {
      buf.put("item");
    }
    Object result = timed.mustReturn("(its timeout is " + TIMED_MS + " ms)", TIMED_MS + 1500);
    long wokeMs = (woke - startedAt.get()) / 1_000_000;
    long tookMs = (endedAt.get() - startedAt.get()) / 1_000_000;

    // let the rivals finish, whoever won: each waiting one needs one more state change
    boolean timedWon = offer ? Boolean.TRUE.equals(result) : result != null;
    int stillWaiting = RIVALS - (timedWon ? 0 : 1);
    for (int i = 0; i < stillWaiting; i++) {
      // timed, so that a broken buffer fails below instead of hanging the test here
      if (offer) buf.poll(1, TimeUnit.SECONDS); else buf.offer("release-" + i, 1, TimeUnit.SECONDS);
    }
    for (Call<?> c : rivals) c.mustReturn("after the test released every waiting " + (offer ? "producer" : "consumer"));

    Timing.conclusiveOnlyIf(!timedWon && wokeMs <= TIMED_MS - 150,
        () -> "the timed call won the race, or the wake-up came late");
    assertTrue(offer ? Boolean.FALSE.equals(result) : result == null, () -> what + ": another thread got the"
        + " " + (offer ? "free slot" : "item") + " of the " + change + " at " + wokeMs + " ms, so the timed"
        + " call should end with " + (offer ? "false" : "null") + "; it returned " + result);
    assertTrue(tookMs >= TIMED_MS - 10, () -> what + ": a " + change + " at " + wokeMs + " ms served another"
        + " thread, and the timed call returned " + result + " after only " + tookMs + " ms: a wake-up that"
        + " finds the buffer still " + (offer ? "full" : "empty") + " must wait again, for the time that is left"
        + " (README: offer and poll wait in total at most the timeout, and as long as it allows)");
    long limit = TIMED_MS + wokeMs / 2;
    Timing.within(tookMs < limit, () -> what + ": a " + change + " at " + wokeMs + " ms served another thread,"
        + " and the timed call returned after " + tookMs + " ms, more than its " + TIMED_MS + " ms: after a"
        + " wake-up that finds the buffer still " + (offer ? "full" : "empty") + " it must wait only for the"
        + " time that is left (nanos = cond.awaitNanos(nanos) in a while loop), not start the whole"
        + " timeout again (README: offer and poll wait in total at most the timeout)");
  }

  // --- the stress engine ---------------------------------------------------------------------

  private interface Work {
    void run(int index) throws Exception;
  }

  /**
   * One round: producers put unique items (producer p puts p * perProducer + i, i ascending),
   * consumers take exactly their share. Checks: no null, unknown or duplicated item; from one
   * producer, every consumer sees ascending items (FIFO); nothing lost; optionally size() within
   * 0..capacity at every look. Fails at once on a problem or when progress stops.
   */
  private void stress(int round, int capacity, int producers, int consumers, int perProducer,
      boolean watchSize) throws Exception {
    BoundedBuffer<Integer> buf = new BoundedBuffer<>(capacity);
    int total = producers * perProducer;
    int perConsumer = total / consumers;
    AtomicIntegerArray seen = new AtomicIntegerArray(total);
    AtomicLong taken = new AtomicLong();
    AtomicReference<String> problem = new AtomicReference<>();
    String what = "round " + round + ": " + producers + " producers each putting " + perProducer
        + " unique items into new BoundedBuffer<>(" + capacity + "), " + consumers
        + " consumers each taking " + perConsumer;
    Work producer = p -> {
      for (int i = 0; i < perProducer; i++) {
        buf.put(p * perProducer + i);
        if (watchSize) checkSize(buf, capacity, "right after a put()", problem);
      }
    };
    Work consumer = c -> {
      int[] last = new int[producers];
      Arrays.fill(last, -1);
      for (int i = 0; i < perConsumer; i++) {
        Integer item = buf.take();
        if (watchSize) checkSize(buf, capacity, "right after a take()", problem);
        if (item == null) {
          problem.compareAndSet(null, "take() returned null: it took from an empty buffer (a woken"
              + " consumer must check again in a while loop, not an if, and the count may only"
              + " change while holding the lock)");
          return;
        }
        if (item < 0 || item >= total) {
          problem.compareAndSet(null, "take() returned " + item + ", which nobody put");
          return;
        }
        if (seen.incrementAndGet(item) > 1) {
          problem.compareAndSet(null, "item " + item + " was taken twice");
          return;
        }
        int from = item / perProducer;
        if (item <= last[from]) {
          problem.compareAndSet(null, "one consumer took producer " + from + "'s item " + item
              + " after its item " + last[from] + ", which was put later: not first in, first out");
          return;
        }
        last[from] = item;
        taken.incrementAndGet();
      }
    };
    Work observer = o -> {
      while (taken.get() < total && problem.get() == null && !Thread.currentThread().isInterrupted()) {
        checkSize(buf, capacity, "seen by a thread that only calls size()", problem);
        // look often (thousands of times a second), but not at the cost of the producers and
        // consumers: yield() here kept two threads busy, a third of the test's CPU
        java.util.concurrent.locks.LockSupport.parkNanos(20_000);
      }
    };
    List<Thread> threads = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    for (int p = 0; p < producers; p++) threads.add(worker("producer-" + p, p, producer, go, problem));
    for (int c = 0; c < consumers; c++) threads.add(worker("consumer-" + c, c, consumer, go, problem));
    if (watchSize) {
      for (int o = 0; o < 2; o++) threads.add(worker("size-observer-" + o, o, observer, go, problem));
    }
    go.countDown();

    long deadline = System.nanoTime() + 3_500_000_000L;
    long lastProgress = System.nanoTime();
    long lastTaken = -1;
    while (threads.stream().anyMatch(Thread::isAlive)) {
      if (problem.get() != null) {
        threads.forEach(Thread::interrupt);
        fail(what + ": " + problem.get());
      }
      long now = System.nanoTime();
      if (taken.get() != lastTaken) {
        lastTaken = taken.get();
        lastProgress = now;
      }
      if (now - lastProgress > 1_000_000_000L || now > deadline) {
        String where = whereTheyWait(threads);
        int size = sizeOrUnknown(buf);
        threads.forEach(Thread::interrupt);
        fail(what + ": " + (now > deadline ? "not finished after 3.5 s" : "no item taken for 1 s")
            + ", with " + taken.get() + " of " + total + " items taken and size() = " + size
            + "; " + where + ". A thread waiting for a condition was never woken: after a put,"
            + " signal the condition the consumers wait on (and after a take, the producers'"
            + " one); with a single condition for both, use signalAll()");
      }
      for (Thread t : threads) {
        if (t.isAlive()) {
          t.join(10); // returns at once when that thread ends
          break;
        }
      }
    }
    if (problem.get() != null) fail(what + ": " + problem.get());
    for (int i = 0; i < total; i++) {
      if (seen.get(i) != 1) {
        int item = i;
        fail(what + ": item " + item + " was taken " + seen.get(item) + " times (lost)");
      }
    }
    assertEquals(0, buf.size(), what + ": every item was taken, so size() should be 0 at the end");
  }

  private static void checkSize(BoundedBuffer<?> buf, int capacity, String when,
      AtomicReference<String> problem) {
    int s = buf.size();
    if (s < 0 || s > capacity) {
      problem.compareAndSet(null, "size() returned " + s + " " + when + ", outside 0.." + capacity
          + (s > capacity ? ": more items than the capacity. A producer that wakes up must check"
          + " again that there is room (while, not if), and the" : ". The")
          + " count may only be read and changed while holding the lock");
    }
  }

  private Thread worker(String name, int index, Work work, CountDownLatch go,
      AtomicReference<String> problem) {
    Thread t = new Thread(() -> {
      try {
        go.await();
        work.run(index);
      } catch (InterruptedException e) {
        // stopped by the test after a failure
      } catch (Throwable e) {
        problem.compareAndSet(null, Thread.currentThread().getName() + " got " + e
            + where(e.getStackTrace()));
      }
    }, "buffer-" + name);
    t.setDaemon(true);
    started.add(t);
    t.start();
    return t;
  }

  private static String whereTheyWait(List<Thread> threads) {
    int producersWaiting = 0;
    int consumersWaiting = 0;
    List<String> examples = new ArrayList<>();
    for (Thread t : threads) {
      if (!t.isAlive()) continue;
      StackTraceElement[] stack = t.getStackTrace();
      String frame = where(stack);
      if (t.getName().contains("producer")) producersWaiting++;
      if (t.getName().contains("consumer")) consumersWaiting++;
      if (examples.size() < 3 && !frame.isEmpty()) examples.add("'" + t.getName() + "' " + t.getState() + frame);
    }
    return producersWaiting + " producers and " + consumersWaiting + " consumers not finished"
        + (examples.isEmpty() ? "" : ", e.g. " + String.join(", ", examples));
  }

  private static String where(StackTraceElement[] stack) {
    return Arrays.stream(stack).filter(f -> f.getClassName().startsWith("BoundedBuffer")
            && !f.getClassName().startsWith("BoundedBufferHiddenTest"))
        .findFirst().map(f -> " in " + f.getClassName() + "." + f.getMethodName()
            + (f.getLineNumber() > 0 ? " line " + f.getLineNumber() : "")).orElse("");
  }

  private static int sizeOrUnknown(BoundedBuffer<?> buf) {
    // size() may itself wait for a lock that a stuck thread holds: ask on the side
    AtomicReference<Integer> size = new AtomicReference<>(-1);
    Thread t = new Thread(() -> size.set(buf.size()), "buffer-size-probe");
    t.setDaemon(true);
    t.start();
    try {
      t.join(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return size.get();
  }

  // --- one call on its own thread --------------------------------------------------------------

  private <V> Call<V> call(String what, Callable<V> body) {
    Call<V> c = new Call<>(what, body);
    started.add(c.thread);
    c.thread.start();
    return c;
  }

  /** A call of the student's code on a thread of its own, to watch it wait, return or throw. */
  private static final class Call<V> {
    final String what;
    final Thread thread;
    final AtomicReference<V> result = new AtomicReference<>();
    final AtomicReference<Throwable> thrown = new AtomicReference<>();
    volatile boolean done;

    Call(String what, Callable<V> body) {
      this.what = what;
      this.thread = new Thread(() -> {
        try {
          result.set(body.call());
        } catch (Throwable t) {
          thrown.set(t);
        } finally {
          done = true;
        }
      }, "buffer-call");
      thread.setDaemon(true);
    }

    /** Waits until the call is parked waiting (or 1 s); fails if it returned or threw instead. */
    void mustWait() throws InterruptedException {
      long deadline = System.nanoTime() + 1_000_000_000L;
      while (!done && System.nanoTime() < deadline) {
        Thread.State s = thread.getState();
        if ((s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) && inStudentCode()) break;
        Thread.sleep(2);
      }
      Thread.sleep(50); // and it stays there
      if (done) {
        Throwable t = thrown.get();
        fail(what + " should wait, but it " + (t != null ? "threw " + t : "returned " + result.get()));
      }
    }

    /** Waits (polling, up to 1 s) until the call is parked inside BoundedBuffer; no extra pause. */
    void mustBeParked() throws InterruptedException {
      long deadline = System.nanoTime() + 1_000_000_000L;
      while (!done && System.nanoTime() < deadline) {
        Thread.State s = thread.getState();
        if ((s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) && inStudentCode()) return;
        Thread.sleep(1);
      }
      Throwable t = thrown.get();
      fail(what + " should wait, but it " + (!done ? "was not waiting after 1 s"
          : t != null ? "threw " + t : "returned " + result.get()));
    }

    private boolean inStudentCode() {
      return Arrays.stream(thread.getStackTrace()).anyMatch(f -> f.getClassName().equals("BoundedBuffer"));
    }

    void interrupt() {
      thread.interrupt();
    }

    V mustReturn(String after) throws InterruptedException {
      return mustReturn(after, 1000);
    }

    V mustReturn(String after, long patienceMs) throws InterruptedException {
      thread.join(patienceMs);
      if (!done) {
        fail(what + " was still waiting " + patienceMs + " ms " + after + where(thread.getStackTrace())
            + ": it must wake up (signal the waiting threads when the state changes)");
      }
      if (thrown.get() != null) {
        throw new AssertionError(what + " threw " + thrown.get() + " " + after, thrown.get());
      }
      return result.get();
    }

    void mustThrowInterrupted() throws InterruptedException {
      thread.join(1000);
      if (!done) {
        fail(what + " was interrupted, but 1 s later it was still waiting" + where(thread.getStackTrace())
            + ": let InterruptedException out of await()/wait() instead of catching it and waiting"
            + " again");
      }
      Throwable t = thrown.get();
      if (!(t instanceof InterruptedException)) {
        fail(what + " was interrupted while waiting; it should throw InterruptedException, but it "
            + (t != null ? "threw " + t : "returned " + result.get()));
      }
    }
  }

  private static long millisSince(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private static void expectThrows(Class<? extends Throwable> type, Executable call, String what) {
    try {
      call.execute();
    } catch (Throwable t) {
      if (type.isInstance(t)) return;
      throw new AssertionError(what + ": should throw " + type.getSimpleName() + ", but threw " + t, t);
    }
    fail(what + ": should throw " + type.getSimpleName() + ", but returned normally");
  }
}
