package netlab.demo;

import static netlab.core.Msg.get;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lesson 12: two threads take two locks in opposite orders and wait for each other for ever.
 * The JVM can see the cycle (ThreadMXBean.findDeadlockedThreads); interrupting breaks it; taking
 * locks in one global order prevents it.
 */
public final class DeadlockDemo implements Demo {
  /** A lock with an id, so there is an order to take them in. */
  record Named(int id, String name, ReentrantLock lock) {}

  @Override
  public String name() {
    return "deadlock";
  }

  @Override
  public int lesson() {
    return 12;
  }

  @Override
  public String summary() {
    return netlab.core.Msg.get("demo.deadlock.summary");
  }

  @Override
  public boolean listening() {
    return false;
  }

  @Override
  public void start(DemoContext ctx) throws Exception {
    var log = ctx.log();
    Named a = new Named(1, "A", new ReentrantLock());
    Named b = new Named(2, "B", new ReentrantLock());
    log.info(get("demo.deadlock.setup"));
    if (!ctx.pause(300)) return;

    CountDownLatch bothHoldFirst = new CountDownLatch(2);
    Thread t1 = ctx.thread("t1", () -> crossing(ctx, "t1", a, b, bothHoldFirst));
    Thread t2 = ctx.thread("t2", () -> crossing(ctx, "t2", b, a, bothHoldFirst));

    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long t0 = System.nanoTime();
    long[] ids = ours(mx.findDeadlockedThreads(), t1, t2);
    while (ids.length < 2 && System.nanoTime() - t0 < 3_000_000_000L) {
      if (!ctx.pause(20)) return;
      ids = ours(mx.findDeadlockedThreads(), t1, t2);
    }
    if (ids.length < 2) {
      log.warn(get("demo.deadlock.notFound"));
      t1.interrupt();
      t2.interrupt();
      t1.join(2000);
      t2.join(2000);
      return;
    }
    log.event("jvm", get("demo.deadlock.detected", (System.nanoTime() - t0) / 1_000_000, ids.length));
    ThreadInfo[] infos = mx.getThreadInfo(ids, false, true); // true: include the j.u.c locks each one holds
    if (Arrays.asList(infos).contains(null)) return; // a thread already ended: the demo is being stopped
    // name each lock by who took it first: t1 took A, t2 took B (what the JVM reports is "Class@hash")
    Map<Integer, String> names = new HashMap<>();
    for (ThreadInfo ti : infos) {
      for (LockInfo held : ti.getLockedSynchronizers()) {
        names.put(held.getIdentityHashCode(), ti.getThreadId() == t1.getId() ? "A" : "B");
      }
    }
    for (ThreadInfo ti : infos) {
      StringBuilder held = new StringBuilder();
      for (LockInfo l : ti.getLockedSynchronizers()) {
        held.append(get("demo.deadlock.heldLock", names.get(l.getIdentityHashCode()), shortName(l.toString())));
      }
      LockInfo wanted = ti.getLockInfo();
      String wantedName = wanted == null ? "?" : names.getOrDefault(wanted.getIdentityHashCode(), "?");
      log.event(ti.getThreadName(), get("demo.deadlock.threadState", ti.getThreadState(), held, wantedName,
          shortName(ti.getLockName()), ti.getLockOwnerName()));
    }
    log.info(get("demo.deadlock.cycle"));
    if (!ctx.pause(800)) return;

    log.event("script", get("demo.deadlock.breaking"));
    t1.interrupt();
    t2.interrupt();
    t1.join(2000);
    t2.join(2000);
    long[] after = ours(mx.findDeadlockedThreads(), t1, t2);
    log.event("jvm", get("demo.deadlock.afterInterrupt", alive(t1), alive(t2), after.length));
    if (!ctx.pause(500)) return;

    log.highlight(get("demo.deadlock.fix"));
    Thread o1 = ctx.thread("t1-ordered", () -> ordered(ctx, "t1", a, b));
    Thread o2 = ctx.thread("t2-ordered", () -> ordered(ctx, "t2", b, a));
    o1.join(3000);
    o2.join(3000);
    boolean ok = !o1.isAlive() && !o2.isAlive() && ours(mx.findDeadlockedThreads(), o1, o2).length == 0;
    if (ok) log.event("result", get("demo.deadlock.fixed"));
    else log.warn(get("demo.deadlock.orderedStuck"));
  }

  /** Takes first, waits until the other thread holds its first too, then asks for second. */
  private static void crossing(DemoContext ctx, String who, Named first, Named second, CountDownLatch bothHoldFirst) {
    var log = ctx.log();
    try {
      first.lock().lockInterruptibly();
    } catch (InterruptedException e) {
      return;
    }
    try {
      log.event(who, get("demo.deadlock.tookFirst", first.name(), second.name()));
      bothHoldFirst.countDown();
      bothHoldFirst.await();
      Thread.sleep(50); // the short pause between the two locks
      log.event(who, get("demo.deadlock.waiting", second.name()));
      second.lock().lockInterruptibly(); // waits here for ever: the other thread holds it and waits for ours
      try {
        log.event(who, get("demo.deadlock.tookBoth"));
      } finally {
        second.lock().unlock();
      }
    } catch (InterruptedException e) {
      log.event(who, get("demo.deadlock.interrupted", second.name(), first.name()));
    } finally {
      first.lock().unlock();
    }
  }

  /** Needs both locks too, but takes them in id order; the same pause cannot deadlock now. */
  private static void ordered(DemoContext ctx, String who, Named x, Named y) {
    Named lo = x.id() < y.id() ? x : y;
    Named hi = lo == x ? y : x;
    try {
      lo.lock().lockInterruptibly();
      try {
        Thread.sleep(50);
        hi.lock().lockInterruptibly();
        try {
          ctx.log().event(who, get("demo.deadlock.ordered", x.name(), y.name(), lo.name(), hi.name()));
        } finally {
          hi.lock().unlock();
        }
      } finally {
        lo.lock().unlock();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // stopping
    }
  }

  /** "still alive" or "ended", for the line after the interrupts. */
  private static String alive(Thread t) {
    return get(t.isAlive() ? "demo.deadlock.stillAlive" : "demo.deadlock.ended");
  }

  /** The deadlocked ids that are these threads (the JVM may hold other deadlocks of its own). */
  private static long[] ours(long[] deadlocked, Thread... mine) {
    if (deadlocked == null) return new long[0];
    return Arrays.stream(deadlocked).filter(id -> Arrays.stream(mine).anyMatch(t -> t.getId() == id)).toArray();
  }

  /** "java.util.concurrent.locks.ReentrantLock$NonfairSync@1b2c3d" → "ReentrantLock$NonfairSync@1b2c3d". */
  private static String shortName(String lockName) {
    return lockName == null ? "?" : lockName.replace("java.util.concurrent.locks.", "");
  }
}
