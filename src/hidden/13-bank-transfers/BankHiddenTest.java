import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import netlab.grade.api.Points;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Hidden tests for exercise 13, bank-transfers. The concurrent tests run several rounds of many
 * threads hammering few accounts (maximum contention). A deadlock is found with
 * ThreadMXBean.findDeadlockedThreads() and reported at once; every round has a deadline, so a
 * test fails with a message instead of hanging.
 */
class BankHiddenTest {

  private final List<Thread> started = new ArrayList<>();

  @AfterEach
  void stopWorkers() {
    // threads stuck in a deadlock cannot be freed (they are daemons); the others are asked to
    // stop, and a round's threads never outlive their test otherwise
    for (Thread t : started) t.interrupt();
  }

  @Test
  @DisplayName("moves money and returns true, also the whole balance")
  @Points(1)
  void movesMoney() {
    Bank bank = new Bank(100, 50, 0);
    assertEquals(3, bank.accounts(), "new Bank(100, 50, 0).accounts()");
    assertBalances(bank, new long[] {100, 50, 0}, "new Bank(100, 50, 0)");
    assertTrue(bank.transfer(0, 2, 30), "new Bank(100, 50, 0).transfer(0, 2, 30) should return true");
    assertBalances(bank, new long[] {70, 50, 30}, "after transfer(0, 2, 30)");
    assertTrue(bank.transfer(2, 1, 30), "transfer(2, 1, 30) moves all of account 2's 30 and should"
        + " return true (a balance may reach exactly 0)");
    assertBalances(bank, new long[] {70, 80, 0}, "after transfer(0, 2, 30), transfer(2, 1, 30)");
    assertEquals(150, bank.totalBalance(), "totalBalance() of 70 + 80 + 0");
  }

  @Test
  @DisplayName("refuses a transfer larger than the balance: false, nothing changes")
  @Points(1)
  void refusesInsufficientFunds() {
    Bank bank = new Bank(70, 80, 0);
    assertFalse(bank.transfer(0, 1, 71), "new Bank(70, 80, 0).transfer(0, 1, 71): account 0 has only"
        + " 70; should return false");
    assertBalances(bank, new long[] {70, 80, 0}, "after the refused transfer(0, 1, 71)");
    assertFalse(bank.transfer(2, 0, 1), "transfer(2, 0, 1) from the empty account 2 should return false");
    assertBalances(bank, new long[] {70, 80, 0}, "after the refused transfer(2, 0, 1)");
    assertTrue(bank.transfer(0, 1, 70), "transfer(0, 1, 70), exactly the balance, should return true");
    assertBalances(bank, new long[] {0, 150, 0}, "after transfer(0, 1, 70)");
  }

  @Test
  @DisplayName("rejects amounts <= 0, unknown accounts on either side, transfers to oneself, negative openings")
  @Points(1)
  void rejectsBadArguments() {
    Bank bank = new Bank(100, 50);
    expectIllegalArgument(() -> bank.transfer(0, 1, -5), "transfer(0, 1, -5): a negative amount"
        + " would take money from the target");
    expectIllegalArgument(() -> bank.transfer(0, 1, 0), "transfer(0, 1, 0): the amount must be positive");
    expectIllegalArgument(() -> bank.transfer(0, 1, Long.MIN_VALUE), "transfer(0, 1, Long.MIN_VALUE)");
    expectIllegalArgument(() -> bank.transfer(1, 1, 10), "transfer(1, 1, 10): from and to are the same account");
    expectIllegalArgument(() -> bank.transfer(0, 2, 10), "transfer(0, 2, 10): there is no account 2");
    expectIllegalArgument(() -> bank.transfer(-1, 0, 10), "transfer(-1, 0, 10): there is no account -1");
    expectIllegalArgument(() -> bank.transfer(2, 0, 10), "transfer(2, 0, 10): there is no account 2 to take"
        + " the money from");
    expectIllegalArgument(() -> bank.transfer(1, -1, 10), "transfer(1, -1, 10): there is no account -1");
    expectIllegalArgument(() -> bank.transfer(0, Integer.MAX_VALUE, 10), "transfer(0, Integer.MAX_VALUE, 10):"
        + " there is no such account");
    expectIllegalArgument(() -> bank.transfer(2, 2, 10), "transfer(2, 2, 10): no account 2, and the same account");
    expectIllegalArgument(() -> bank.balance(2), "balance(2): there is no account 2");
    expectIllegalArgument(() -> bank.balance(-1), "balance(-1): there is no account -1");
    assertBalances(bank, new long[] {100, 50}, "new Bank(100, 50) after the rejected calls");
    expectIllegalArgument(() -> new Bank(10, -1), "new Bank(10, -1): an opening balance is negative");
    expectIllegalArgument(() -> new Bank(-1, 10), "new Bank(-1, 10): an opening balance is negative");
    expectIllegalArgument(() -> new Bank(Long.MIN_VALUE), "new Bank(Long.MIN_VALUE): an opening balance is negative");
    Bank zero = new Bank(0, 0);
    assertEquals(0, zero.totalBalance(), "new Bank(0, 0): an opening balance of exactly 0 is allowed;"
        + " totalBalance()");
    assertFalse(zero.transfer(0, 1, 1), "new Bank(0, 0).transfer(0, 1, 1): account 0 has nothing, so false");
  }

  @Test
  @DisplayName("loses no update: 8 threads move money from 0 to 1 at once")
  @Points(1)
  void noLostUpdates() throws InterruptedException {
    int threads = 8;
    for (int round = 1; round <= 5; round++) {
      long start = 1_000_000_000_000L; // never runs out
      Bank bank = new Bank(start, start);
      AtomicLong done = new AtomicLong();
      AtomicLong refused = new AtomicLong();
      CpuRound r = new CpuRound(NO_LOST_UPDATE_CPU_NS);
      String what = "round " + round + ": " + threads + " threads each calling transfer(0, 1, 1) until they had"
          + " had " + r.describe() + " together, on new Bank(" + start + ", " + start + ")";
      // for an amount of CPU, not a fixed count, so that all threads are busy at the same time
      crowd(what, threads, 3000, w -> {
        long mine = 0;
        for (CpuRound.Turn turn = r.turn(); turn.more(); ) {
          for (int i = 0; i < 256; i++) {
            if (bank.transfer(0, 1, 1)) mine++;
            else refused.incrementAndGet();
          }
        }
        done.addAndGet(mine);
      });
      assertEquals(0, refused.get(), what + ": account 0 always had enough, but " + refused.get()
          + " transfers returned false");
      long moved = done.get();
      long got0 = bank.balance(0);
      long got1 = bank.balance(1);
      assertTrue(got0 == start - moved && got1 == start + moved, () -> what + ": " + moved
          + " transfers returned true, so the balances should be " + (start - moved) + " and "
          + (start + moved) + "; got " + got0 + " and " + got1 + " ("
          + Math.abs(got0 - (start - moved)) + " and " + Math.abs(got1 - (start + moved))
          + " updates lost: balance -= amount is read, subtract, write; two threads can read the"
          + " same value. Do it under the account's lock)");
    }
  }

  @Test
  @DisplayName("loses no update on a shared account: 0 -> 1 with 2 -> 1, and 1 -> 0 with 1 -> 2, at once")
  @Points(1)
  void noLostUpdatesOnASharedAccount() throws InterruptedException {
    // two transfers that share one account, on opposite sides of it in id order: each must hold
    // the lock of that account too, not only the other one. Two threads per direction keep both
    // cores busy inside transfer() without queueing on a lock, so a write under the wrong lock
    // collides often (one thread per direction collided less under load: 20 of 32 gradings of
    // a bank locking only the source account caught, against 28 of 32). A round lasts until its
    // threads have had 30 ms of CPU together, not a fixed wall time: on a crowded machine a
    // wall-clock round left them too little CPU to collide (that bank, 50 ms rounds, 9 busy
    // threads on 2 cores: 1 of 10 rounds caught it), while an idle machine needs far less than
    // 100 ms (5 ms: 10 of 10). Two rounds into account 1 for one out of it: locking only the
    // source is the mistake students make (bench/README.md, fifth session); other tests catch
    // it too.
    for (int round = 1; round <= 18; round++) {
      boolean into = round % 3 != 0;
      int[][] directions = into ? new int[][] {{0, 1}, {2, 1}} : new int[][] {{1, 0}, {1, 2}};
      long start = 1_000_000_000_000L; // never runs out
      Bank bank = into ? new Bank(start, 0, start) : new Bank(0, start, 0);
      int threads = 4;
      long[] moved = new long[threads];
      CpuRound r = new CpuRound(SHARED_ACCOUNT_CPU_NS);
      String what = "round " + round + ": 2 threads calling transfer(" + directions[0][0] + ", " + directions[0][1]
          + ", 1) and 2 calling transfer(" + directions[1][0] + ", " + directions[1][1] + ", 1) until they had had "
          + r.describe() + " together, on new Bank("
          + (into ? start + ", 0, " + start : "0, " + start + ", 0") + ")";
      crowd(what, threads, 3000, w -> {
        int[] d = directions[w % 2];
        for (CpuRound.Turn turn = r.turn(); turn.more(); ) {
          for (int i = 0; i < 256; i++) {
            if (bank.transfer(d[0], d[1], 1)) moved[w]++;
          }
        }
      });
      long[] want = into ? new long[] {start, 0, start} : new long[] {0, start, 0};
      for (int w = 0; w < threads; w++) {
        int[] d = directions[w % 2];
        want[d[0]] -= moved[w];
        want[d[1]] += moved[w];
      }
      long[] got = balances(bank);
      int shared = 1;
      assertTrue(Arrays.equals(want, got), () -> what + ": the transfers that returned true add up to balances "
          + Arrays.toString(want) + ", but the bank has " + Arrays.toString(got) + " (" + Math.abs(want[shared]
          - got[shared]) + " updates of account 1 lost, or money lost elsewhere: a transfer must hold the locks of"
          + " both accounts, from and to, while it changes them)");
    }
  }

  @Test
  @DisplayName("random transfers by 8 threads: balances >= 0, total constant")
  @Points(2)
  void conservesMoneyUnderContention() throws InterruptedException {
    raceForTheSameMoney();
    int threads = 8;
    int each = 3_000;
    long[] opening = {100, 50, 0};
    for (int round = 1; round <= 5; round++) {
      Bank bank = new Bank(opening);
      long[][] moved = new long[threads][opening.length];
      AtomicReference<String> negative = new AtomicReference<>();
      int seed = round;
      String what = "round " + round + ": " + threads + " threads each making " + each
          + " random transfers of 1 to 60 between the 3 accounts of new Bank(100, 50, 0)";
      crowd(what, threads, 3000, w -> {
        SplittableRandom random = new SplittableRandom(seed * 100L + w);
        for (int i = 0; i < each; i++) {
          int from = random.nextInt(3);
          int to = (from + 1 + random.nextInt(2)) % 3;
          long amount = 1 + random.nextInt(60);
          if (bank.transfer(from, to, amount)) {
            moved[w][from] -= amount;
            moved[w][to] += amount;
            long left = bank.balance(from);
            if (left < 0) {
              negative.compareAndSet(null, "right after transfer(" + from + ", " + to + ", " + amount
                  + ") returned true, balance(" + from + ") was " + left);
            }
          }
        }
      });
      assertTrue(negative.get() == null, () -> what + ": a balance went negative: " + negative.get()
          + " (check the balance and take the money while holding the locks: between a check"
          + " outside the lock and the withdrawal, another thread can take the money)");
      long[] expected = opening.clone();
      for (long[] m : moved) for (int a = 0; a < expected.length; a++) expected[a] += m[a];
      long[] got = balances(bank);
      assertTrue(Arrays.equals(expected, got), () -> what + ": the transfers that returned true add up"
          + " to balances " + Arrays.toString(expected) + ", but the bank has " + Arrays.toString(got)
          + " (total " + Arrays.stream(got).sum() + ", opening total 150)");
      assertEquals(150, bank.totalBalance(), what + ": totalBalance() afterwards");
      for (long b : got) {
        assertTrue(b >= 0, what + ": final balances " + Arrays.toString(got) + " include a negative one");
      }
    }
  }

  @Test
  @DisplayName("never deadlocks: 8 threads transfer both ways between 2 accounts")
  @Points(2)
  void noDeadlockWithOppositeTransfers() throws InterruptedException {
    int threads = 8;
    for (int round = 1; round <= 5; round++) {
      long start = 1_000_000_000_000L;
      Bank bank = new Bank(start, start);
      long[] moved = new long[threads];
      CpuRound r = new CpuRound(NO_DEADLOCK_CPU_NS);
      String what = "round " + round + ": 4 threads calling transfer(0, 1, 1) and 4 calling"
          + " transfer(1, 0, 1) until they had had " + r.describe() + " together, on new Bank(" + start + ", " + start + ")";
      crowd(what, threads, 3000, w -> {
        int from = w % 2;
        for (CpuRound.Turn turn = r.turn(); turn.more(); ) {
          for (int i = 0; i < 256; i++) {
            if (bank.transfer(from, 1 - from, 1)) moved[w] += from == 0 ? 1 : -1;
          }
        }
      });
      long net = Arrays.stream(moved).sum();
      long[] got = balances(bank);
      assertTrue(got[0] == start - net && got[1] == start + net, () -> what + ": the transfers that"
          + " returned true add up to balances " + (start - net) + " and " + (start + net) + "; got "
          + Arrays.toString(got));
    }
  }

  @Test
  @DisplayName("totalBalance() is always exact while 6 threads transfer")
  @Points(1)
  void totalIsAConsistentSnapshot() throws InterruptedException {
    int transferers = 6;
    int auditors = 2;
    int each = 10_000;
    for (int round = 1; round <= 3; round++) {
      Bank bank = new Bank(1000, 1000, 1000, 1000);
      CountDownLatch transfersDone = new CountDownLatch(transferers);
      AtomicReference<String> wrong = new AtomicReference<>();
      AtomicLong audits = new AtomicLong();
      int seed = round;
      String what = "round " + round + ": " + transferers + " threads each making " + each
          + " random transfers among the 4 accounts of new Bank(1000, 1000, 1000, 1000), while "
          + auditors + " threads called totalBalance()";
      crowd(what, transferers + auditors, 3000, w -> {
        if (w < transferers) {
          try {
            SplittableRandom random = new SplittableRandom(seed * 100L + w);
            for (int i = 0; i < each; i++) {
              int from = random.nextInt(4);
              int to = (from + 1 + random.nextInt(3)) % 4;
              bank.transfer(from, to, 1 + random.nextInt(100));
            }
          } finally {
            transfersDone.countDown();
          }
        } else {
          while (transfersDone.getCount() > 0) {
            long total = bank.totalBalance();
            audits.incrementAndGet();
            if (total != 4000) wrong.compareAndSet(null, "totalBalance() returned " + total);
          }
        }
      });
      assertTrue(wrong.get() == null, () -> what + ": " + wrong.get() + " instead of 4000 (after "
          + audits.get() + " calls). Adding the balances one by one while transfers run counts money"
          + " that is halfway: take every account's lock, in id order, then add up");
      assertEquals(4000, bank.totalBalance(), what + ": totalBalance() afterwards");
    }
  }

  /**
   * Two transfers race for the same money, lined up so that no scheduler can hide a balance check
   * made before the locks are taken (random contention finds that only when threads really run in
   * parallel, which a crowded machine does not promise). transfer(2, 0, X) starts while two other
   * threads keep account 0 busy; once it is seen waiting (parked or blocked on a lock),
   * transfer(2, 1, X) runs. A bank that checks under the locks has not checked yet (it waits for
   * account 0 before it can), or it holds account 2 and the second transfer waits for it: one of
   * the two says no. A bank that checked before locking has already said yes to the first, and
   * says yes to the second too.
   */
  private void raceForTheSameMoney() throws InterruptedException {
    long x = 40;
    long plenty = Long.MAX_VALUE / 4;
    Bank bank = new Bank(plenty, 0, 0, plenty);
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> busy = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      // one direction only (0 -> 3): no lock order, right or wrong, can deadlock these two
      Thread t = new Thread(() -> {
        while (!stop.get() && !Thread.currentThread().isInterrupted()) bank.transfer(0, 3, 1);
      }, "bank-busy-" + i);
      t.setDaemon(true);
      busy.add(t);
      started.add(t);
      t.start();
    }
    long deadline = System.nanoTime() + 1_000_000_000L;
    try {
      int lined = 0;
      // every race lined up catches a check made before locking, so a few are enough (it was 20,
      // with the two helper threads keeping both cores busy all the while)
      while (lined < 5 && System.nanoTime() < deadline) {
        long have = bank.balance(2);
        if (have < x) assertTrue(bank.transfer(3, 2, x - have), "transfer(3, 2, " + (x - have) + ") from a funded account");
        boolean[] first = new boolean[1];
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread a = new Thread(() -> {
          try {
            first[0] = bank.transfer(2, 0, x);
          } catch (Throwable e) {
            thrown.set(e);
          }
        }, "bank-first");
        a.setDaemon(true);
        started.add(a);
        a.start();
        Thread.State state;
        while (((state = a.getState()) == Thread.State.NEW || state == Thread.State.RUNNABLE)
            && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        boolean waiting = state == Thread.State.WAITING || state == Thread.State.BLOCKED
            || state == Thread.State.TIMED_WAITING;
        boolean second = waiting && bank.transfer(2, 1, x);
        a.join(3000);
        assertFalse(a.isAlive(), () -> "transfer(2, 0, " + x + ") had not returned after 3 s while other threads"
            + " moved money from 0 to 3: " + stuck(List.of(a)));
        if (thrown.get() != null) throw new AssertionError("transfer(2, 0, " + x + ") threw " + thrown.get(), thrown.get());
        if (!waiting) continue;
        lined++;
        long left = bank.balance(2);
        assertFalse(first[0] && second, () -> "two transfers raced for the same " + x + " in account 2: transfer(2, 0, "
            + x + ") was waiting for a lock when transfer(2, 1, " + x + ") ran, and both returned true; account 2"
            + " now holds " + left + ". Check the balance while holding both locks: a check made before"
            + " locking is stale by the time the money moves");
      }
    } finally {
      stop.set(true);
      for (Thread t : busy) t.join(3000);
    }
  }

  /** CPU the 8 threads of a round of noLostUpdates get together (60 ms before bench/races.sh). */
  private static final long NO_LOST_UPDATE_CPU_NS = 20_000_000L;

  /** CPU the 4 threads of a shared-account round get together (40 ms, 20 rounds, before). */
  private static final long SHARED_ACCOUNT_CPU_NS = 30_000_000L;

  /** CPU the 8 threads of a round of noDeadlockWithOppositeTransfers get together (40 ms before). */
  private static final long NO_DEADLOCK_CPU_NS = 30_000_000L;

  /**
   * A round of a race test that lasts until its threads have had an amount of CPU together, not
   * a fixed wall time: on a crowded machine a wall-clock round leaves the threads too little CPU
   * to collide, and on an idle one it burns far more than they need. Every thread of the round
   * takes a {@link Turn} and loops while {@code more()}; the first to start starts a wall-clock
   * bound too (1 s), for a machine starved of CPU and a JVM that cannot measure it (100 ms then).
   */
  private static final class CpuRound {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private final long budgetNs;
    private final boolean measured = MX.isCurrentThreadCpuTimeSupported();
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong end = new AtomicLong();

    CpuRound(long budgetNs) {
      this.budgetNs = budgetNs;
    }

    String describe() {
      return measured ? budgetNs / 1_000_000 + " ms of CPU" : "100 ms";
    }

    Turn turn() {
      end.compareAndSet(0, System.nanoTime() + (measured ? 1_000_000_000L : 100_000_000L));
      return new Turn();
    }

    /** One thread's share: adds the CPU it used since its last call to the round's. */
    final class Turn {
      private long last = measured ? MX.getCurrentThreadCpuTime() : 0;

      boolean more() {
        if (measured) {
          long now = MX.getCurrentThreadCpuTime();
          used.addAndGet(now - last);
          last = now;
        }
        return System.nanoTime() < end.get() && (!measured || used.get() < budgetNs);
      }
    }
  }

  // --- helpers -----------------------------------------------------------------------------

  private interface Work {
    void run(int worker) throws Exception;
  }

  /**
   * Runs {@code threads} workers that start at the same moment and waits for them. Fails at once
   * on a deadlock among them (with who holds and waits for what), on an exception in one of
   * them, or when they have not finished within {@code patienceMs}.
   */
  private void crowd(String what, int threads, long patienceMs, Work work) throws InterruptedException {
    CountDownLatch go = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      int w = i;
      Thread t = new Thread(() -> {
        try {
          go.await();
          work.run(w);
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, "bank-worker-" + i);
      t.setDaemon(true);
      workers.add(t);
      started.add(t);
      t.start();
    }
    go.countDown();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long deadline = System.nanoTime() + patienceMs * 1_000_000;
    for (Thread t : workers) {
      while (t.isAlive()) {
        if (failure.get() != null) break;
        String deadlock = deadlockAmong(mx, workers);
        if (deadlock != null) {
          fail(what + ": DEADLOCK. " + deadlock + ". Two transfers in opposite directions each hold"
              + " one lock and wait for the other: take the two locks in one global order (the"
              + " smaller account id first), whatever the direction of the transfer");
        }
        if (System.nanoTime() > deadline) {
          fail(what + ": the threads had not finished after " + patienceMs + " ms (a correct bank"
              + " needs a fraction of that): " + stuck(workers));
        }
        t.join(20);
      }
    }
    Throwable e = failure.get();
    if (e != null) {
      for (Thread t : workers) t.interrupt();
      throw new AssertionError(what + ": a thread threw " + e, e);
    }
  }

  /** A description of a deadlock that involves one of {@code workers}, or null. */
  private static String deadlockAmong(ThreadMXBean mx, List<Thread> workers) {
    long[] ids = mx.findDeadlockedThreads();
    if (ids == null) return null;
    Map<Long, Thread> mine = new HashMap<>();
    for (Thread t : workers) mine.put(t.getId(), t);
    List<String> parts = new ArrayList<>();
    for (ThreadInfo info : mx.getThreadInfo(ids, true, true)) {
      if (info == null || !mine.containsKey(info.getThreadId())) continue;
      List<String> holds = new ArrayList<>();
      Arrays.stream(info.getLockedMonitors()).forEach(m -> holds.add(shortName(m.toString())));
      Arrays.stream(info.getLockedSynchronizers()).forEach(s -> holds.add(shortName(s.toString())));
      parts.add("'" + info.getThreadName() + "' holds " + holds + " and waits for "
          + shortName(info.getLockName()) + " held by '" + info.getLockOwnerName() + "'");
      if (parts.size() == 4) break;
    }
    return parts.isEmpty() ? null : String.join("; ", parts);
  }

  private static String shortName(String lock) {
    if (lock == null) return "?";
    return lock.substring(lock.lastIndexOf('.') + 1);
  }

  /** Where the unfinished workers are: their state and the student's frame. */
  private static String stuck(List<Thread> workers) {
    List<String> out = new ArrayList<>();
    for (Thread t : workers) {
      if (!t.isAlive()) continue;
      StackTraceElement[] stack = t.getStackTrace();
      String where = Arrays.stream(stack).filter(f -> f.getClassName().startsWith("Bank"))
          .findFirst().map(f -> " in " + f.getClassName() + "." + f.getMethodName()
              + (f.getLineNumber() > 0 ? " line " + f.getLineNumber() : "")).orElse("");
      out.add("'" + t.getName() + "' " + t.getState() + where);
      if (out.size() == 4) break;
    }
    return String.join(", ", out);
  }

  private static long[] balances(Bank bank) {
    long[] b = new long[bank.accounts()];
    for (int i = 0; i < b.length; i++) b[i] = bank.balance(i);
    return b;
  }

  private static void assertBalances(Bank bank, long[] want, String when) {
    long[] got = new long[want.length];
    for (int i = 0; i < want.length; i++) got[i] = bank.balance(i);
    assertTrue(Arrays.equals(want, got), () -> when + ": balances of accounts 0.." + (want.length - 1)
        + " should be " + Arrays.toString(want) + ", got " + Arrays.toString(got));
  }

  private static void expectIllegalArgument(Executable call, String what) {
    try {
      call.execute();
    } catch (IllegalArgumentException expected) {
      return;
    } catch (Throwable t) {
      throw new AssertionError(what + ": should throw IllegalArgumentException, but threw " + t, t);
    }
    fail(what + ": should throw IllegalArgumentException, but returned normally");
  }
}
