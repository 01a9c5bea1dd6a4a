package netlab.demo;

import static netlab.core.Msg.get;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lesson 12: a race. N threads add 1 to a shared counter 100 000 times each: with a plain int
 * field updates get lost (count++ is read, add, write); AtomicInteger and a lock are exact.
 */
public final class RaceDemo implements Demo {
  static final int TIMES = 100_000;

  /** The shared state every thread of a run hammers on. */
  static final class Counters {
    int plain;
    volatile int vol;
    final AtomicInteger atomic = new AtomicInteger();
    int locked;
    final ReentrantLock lock = new ReentrantLock();
  }

  /** One thread's share of a run: add 1, this many times. */
  interface Work {
    void run(Counters c, int times) throws InterruptedException;
  }

  /** What a run ended with. */
  record Result(int expected, int actual, long millis) {}

  @Override
  public String name() {
    return "race";
  }

  @Override
  public int lesson() {
    return 12;
  }

  @Override
  public String summary() {
    return netlab.core.Msg.get("demo.race.summary");
  }

  @Override
  public boolean listening() {
    return false;
  }

  @Override
  public String options() {
    return "[--threads N]";
  }

  @Override
  public void start(DemoContext ctx) throws Exception {
    var log = ctx.log();
    int threads = threads(ctx);
    log.info(get("demo.race.setup", threads, TIMES, Runtime.getRuntime().availableProcessors(), threads * TIMES));
    if (!ctx.pause(300)) return;

    // the unsafe one may come out exact by luck (few CPUs, short time slices): try a few times
    Result plain = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      plain = run(ctx, "plain", threads, (c, n) -> {
        // read, add, write: another thread can write in between. (The stopping() check reads a volatile
        // field, which also keeps the JIT from turning the loop into one big "plain += n".)
        for (int i = 0; i < n && !ctx.stopping(); i++) c.plain++;
      }, c -> c.plain);
      if (plain == null) return;
      report(ctx, "plain int      count++           ", plain);
      if (plain.actual() < plain.expected()) break;
      if (attempt < 3) log.info(get("demo.race.onceMore"));
    }
    if (!ctx.pause(300)) return;

    Result vol = run(ctx, "volatile", threads, (c, n) -> {
      for (int i = 0; i < n && !ctx.stopping(); i++) c.vol++; // volatile makes writes visible, not read-add-write atomic
    }, c -> c.vol);
    if (vol == null) return;
    report(ctx, "volatile int   count++           ", vol);
    if (!ctx.pause(300)) return;

    Result atomic = run(ctx, "atomic", threads, (c, n) -> {
      for (int i = 0; i < n && !ctx.stopping(); i++) c.atomic.incrementAndGet(); // one compare-and-swap instruction, retried on conflict
    }, c -> c.atomic.get());
    if (atomic == null) return;
    report(ctx, "AtomicInteger  incrementAndGet() ", atomic);
    if (!ctx.pause(300)) return;

    Result locked = run(ctx, "lock", threads, (c, n) -> {
      for (int i = 0; i < n && !ctx.stopping(); i++) {
        c.lock.lockInterruptibly(); // interruptible, so stopping the demo can always end the thread
        try {
          c.locked++; // only one thread at a time is here
        } finally {
          c.lock.unlock();
        }
      }
    }, c -> c.locked);
    if (locked == null) return;
    report(ctx, "ReentrantLock  lock; count++     ", locked);

    log.info(get("demo.race.why"));
  }

  private static int threads(DemoContext ctx) {
    try {
      int n = Integer.parseInt(ctx.option("threads", "4"));
      if (n < 2 || n > 16) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(get("demo.race.badThreads"));
    }
  }

  /** Starts the threads together (a latch, so they overlap), waits for all; null if stopped. */
  private static Result run(DemoContext ctx, String role, int threads, Work work,
      java.util.function.ToIntFunction<Counters> read) throws InterruptedException {
    Counters c = new Counters();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> list = new ArrayList<>();
    for (int t = 1; t <= threads; t++) {
      list.add(ctx.thread(role + "-" + t, () -> {
        try {
          go.await();
          work.run(c, TIMES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt(); // stopping: end now
        }
      }));
    }
    long t0 = System.nanoTime();
    go.countDown();
    for (Thread t : list) t.join();
    if (ctx.stopping()) return null;
    return new Result(threads * TIMES, read.applyAsInt(c), (System.nanoTime() - t0) / 1_000_000);
  }

  private static void report(DemoContext ctx, String what, Result r) {
    int lost = r.expected() - r.actual();
    String verdict = lost == 0 ? get("demo.race.exact") : get("demo.race.lost", lost);
    String line = what + " " + get("demo.race.result", r.expected(), r.actual(), verdict, r.millis());
    if (lost == 0) ctx.log().event("result", line);
    else ctx.log().warn(line);
  }
}
