import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import netlab.grade.api.Points;
import netlab.grade.support.Timing;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hidden tests for exercise 20, event-loop. The loop runs on a virtual clock that jumps to the
 * time it is asked to sleep until and records every sleep, so order, timing and the absence of
 * spinning are exact; one test runs it on the real clock.
 */
class EventLoopHiddenTest {

  /** Time that passes only when the loop sleeps or a step says it took time. */
  static final class VirtualClock implements EventLoop.Clock {
    long now = 1_000; // not 0: a loop must use the clock, not assume time starts at 0
    long late;        // how much later than asked the clock wakes the loop
    final List<Long> sleeps = new ArrayList<>();
    int interruptAtSleep = -1;

    @Override
    public long now() {
      return now;
    }

    @Override
    public void sleepUntil(long millis) throws InterruptedException {
      sleeps.add(millis);
      if (sleeps.size() - 1 == interruptAtSleep) throw new InterruptedException("the test interrupts this sleep");
      if (sleeps.size() > 100_000) throw new AssertionError("sleepUntil was called over 100 000 times: the loop spins");
      if (millis > now) now = millis + late;
    }
  }

  /** A log of "name@time" entries the tasks write. */
  static final class Log {
    final List<String> lines = new ArrayList<>();
    final VirtualClock clock;

    Log(VirtualClock clock) {
      this.clock = clock;
    }

    void add(String name) {
      lines.add(name + "@" + (clock.now - 1_000));
    }
  }

  /** A task that logs, then waits {@code waits[i]} after its i-th step, then finishes. */
  static EventLoop.Task task(Log log, String name, long... waits) {
    int[] i = {0};
    return () -> {
      log.add(name);
      return i[0] < waits.length ? waits[i[0]++] : -1;
    };
  }

  static void run(EventLoop loop) {
    try {
      loop.run();
    } catch (Exception e) {
      throw new AssertionError("run() threw " + e, e);
    }
  }

  @Test
  @DisplayName("runs the lesson's three tasks in turn on one clock: A B C every 100 ms, done at 300, three sleeps")
  @Points(1)
  void lessonExample() {
    VirtualClock clock = new VirtualClock();
    Log log = new Log(clock);
    EventLoop loop = new EventLoop(clock);
    assertEquals(1, loop.spawn(task(log, "A", 100, 100, 100)), "the first spawn() returns id 1");
    assertEquals(2, loop.spawn(task(log, "B", 100, 100, 100)), "the second spawn() returns id 2");
    assertEquals(3, loop.spawn(task(log, "C", 100, 100, 100)), "the third spawn() returns id 3");
    run(loop);
    assertEquals(List.of("A@0", "B@0", "C@0", "A@100", "B@100", "C@100", "A@200", "B@200", "C@200", "A@300", "B@300",
        "C@300"), log.lines, "steps as task@milliseconds (each waits 100 ms three times, then finishes)");
    assertEquals(List.of(1_100L, 1_200L, 1_300L), clock.sleeps,
        "sleepUntil() calls: once per wait, exactly until the next task is due (the clock started at 1000)");
    assertTrue(loop.failures().isEmpty(), () -> "failures() should be empty: " + loop.failures());
  }

  @Test
  @DisplayName("first come, first served: equal due times run in the order they became due; 0 means after the others")
  @Points(1)
  void firstComeFirstServed() {
    VirtualClock clock = new VirtualClock();
    Log log = new Log(clock);
    EventLoop loop = new EventLoop(clock);
    loop.spawn(task(log, "A", 0, 0));
    loop.spawn(task(log, "B", 10));
    loop.spawn(task(log, "C", 0, 10));
    run(loop);
    assertEquals(List.of("A@0", "B@0", "C@0", "A@0", "C@0", "A@0", "B@10", "C@10"), log.lines,
        "A and C wait 0 (after the tasks already due), B waits 10; then B became due before C");
    assertTrue(clock.sleeps.size() <= 1 && (clock.sleeps.isEmpty() || clock.sleeps.get(0) == 1_010L),
        () -> "one sleep, until 1010, was needed: " + clock.sleeps);
  }

  @Test
  @DisplayName("a step's wait counts from when the step ended; a clock that wakes late shifts what follows")
  @Points(1)
  void waitsCountFromTheEndOfTheStep() {
    VirtualClock clock = new VirtualClock();
    Log log = new Log(clock);
    EventLoop loop = new EventLoop(clock);
    int[] n = {0};
    loop.spawn(() -> {
      log.add("slow");
      clock.now += 30; // this step took 30 ms
      return n[0]++ < 2 ? 50 : -1;
    });
    run(loop);
    assertEquals(List.of("slow@0", "slow@80", "slow@160"), log.lines, "steps of 30 ms, each then waiting 50 ms");
    assertEquals(List.of(1_080L, 1_160L), clock.sleeps, "sleepUntil(): 50 ms after each step ended");

    VirtualClock lateClock = new VirtualClock();
    lateClock.late = 7;
    Log lateLog = new Log(lateClock);
    EventLoop late = new EventLoop(lateClock);
    late.spawn(task(lateLog, "A", 100, 100));
    late.spawn(task(lateLog, "B", 150));
    run(late);
    assertEquals(List.of("A@0", "B@0", "A@107", "B@157", "A@214"), lateLog.lines,
        "on a clock that wakes 7 ms late: A due at 100 runs at 107 and is next due at 207; B due at 150 runs at 157");
  }

  @Test
  @DisplayName("a task may spawn tasks during its step: next ids, due now, after those already due")
  @Points(1)
  void spawnDuringStep() {
    VirtualClock clock = new VirtualClock();
    Log log = new Log(clock);
    EventLoop loop = new EventLoop(clock);
    List<Integer> ids = new ArrayList<>();
    int[] step = {0};
    loop.spawn(() -> {
      log.add("parent");
      if (step[0]++ == 0) {
        ids.add(loop.spawn(task(log, "child1", 5)));
        ids.add(loop.spawn(task(log, "child2")));
        return 0;
      }
      return -1;
    });
    loop.spawn(task(log, "other"));
    run(loop);
    assertEquals(List.of(3, 4), ids, "ids of the tasks spawned during a step (1 and 2 were taken)");
    assertEquals(List.of("parent@0", "other@0", "child1@0", "child2@0", "parent@0", "child1@5"), log.lines,
        "the children became due after 'other' (already due) and before the parent's next step (rescheduled after them)");
    try {
      loop.spawn(null);
      fail("spawn(null) returned normally; the README says NullPointerException");
    } catch (NullPointerException expected) {
      // as the README says
    }
    try {
      new EventLoop(null);
      fail("new EventLoop(null) returned normally; the README says NullPointerException");
    } catch (NullPointerException expected) {
      // as the README says
    }
  }

  @Test
  @DisplayName("cancel(id): a waiting task never runs again (true); unknown, finished, failed or cancelled ids give false")
  @Points(1)
  void cancel() {
    VirtualClock clock = new VirtualClock();
    Log log = new Log(clock);
    EventLoop loop = new EventLoop(clock);
    int a = loop.spawn(task(log, "A", 10, 10, 10));
    int b = loop.spawn(task(log, "B", 10, 10, 10));
    int bad = loop.spawn(() -> {
      throw new IllegalStateException("boom");
    });
    int done = loop.spawn(task(log, "D"));
    List<Boolean> answers = new ArrayList<>();
    loop.spawn(() -> {
      log.add("canceller");
      if (clock.now - 1_000 == 5) {
        answers.add(loop.cancel(b));    // waiting: true
        answers.add(loop.cancel(b));    // again: false
        answers.add(loop.cancel(done)); // finished: false
        answers.add(loop.cancel(bad));  // failed: false
        answers.add(loop.cancel(99));   // unknown: false
        return -1;
      }
      return 5;
    });
    assertTrue(loop.cancel(a) && loop.spawn(task(log, "A2")) == 6, "cancel(" + a + ") of a task that waits to run "
        + "for the first time should return true, and the next spawn() gets id 6");
    run(loop);
    assertEquals(List.of(true, false, false, false, false), answers,
        "cancel(B) while B waits, cancel(B) again, cancel(a finished task), cancel(a failed task), cancel(99)");
    assertEquals(List.of("B@0", "D@0", "canceller@0", "A2@0", "canceller@5"), log.lines,
        "A was cancelled before run(); B was cancelled at 5 while it waited for its step at 10");
    assertFalse(loop.cancel(a), "cancel() of a task cancelled before should be false");
  }

  @Test
  @DisplayName("a task may cancel itself during its step: true, and what the step returns is ignored")
  @Points(1)
  void cancelSelf() {
    VirtualClock clock = new VirtualClock();
    Log log = new Log(clock);
    EventLoop loop = new EventLoop(clock);
    int[] me = {0};
    List<Boolean> answers = new ArrayList<>();
    me[0] = loop.spawn(() -> {
      log.add("self");
      answers.add(loop.cancel(me[0]));
      answers.add(loop.cancel(me[0]));
      return 5;
    });
    loop.spawn(task(log, "other", 20));
    run(loop);
    assertEquals(List.of(true, false), answers, "cancel(own id) during its step, then again");
    assertEquals(List.of("self@0", "other@0", "other@20"), log.lines, "the self-cancelled task ran once");
  }

  @Test
  @DisplayName("failures: a step that throws or returns below -1 ends that task only, recorded in order in failures()")
  @Points(1)
  void failures() {
    VirtualClock clock = new VirtualClock();
    Log log = new Log(clock);
    EventLoop loop = new EventLoop(clock);
    IllegalStateException boom = new IllegalStateException("boom");
    int[] n = {0};
    int thrower = loop.spawn(() -> {
      log.add("thrower");
      if (n[0]++ == 1) throw boom;
      return 10;
    });
    int badWait = loop.spawn(() -> {
      log.add("minus2");
      return -2;
    });
    int checked = loop.spawn(() -> {
      log.add("checked");
      throw new java.io.IOException("checked exceptions fail a task too");
    });
    loop.spawn(task(log, "steady", 5, 5, 5));
    run(loop);
    assertEquals(List.of("thrower@0", "minus2@0", "checked@0", "steady@0", "steady@5", "thrower@10", "steady@10",
        "steady@15"), log.lines, "the others go on after a task fails");
    Map<Integer, Exception> f = loop.failures();
    assertNotNull(f, "failures() returned null");
    assertEquals(List.of(badWait, checked, thrower), new ArrayList<>(f.keySet()),
        "failures() ids in the order the tasks failed");
    assertTrue(f.get(thrower) == boom, () -> "failures().get(" + thrower + ") should be the exception its step threw: "
        + f.get(thrower));
    assertTrue(f.get(badWait) instanceof IllegalArgumentException && String.valueOf(f.get(badWait).getMessage())
        .contains("-2"), () -> "a step that returned -2 fails with an IllegalArgumentException naming -2: " + f.get(badWait));
    f.clear();
    assertEquals(3, loop.failures().size(), "failures() is a copy: clearing the one returned changes nothing");
  }

  @Test
  @DisplayName("only one run() at a time (IllegalStateException from inside a step); run() with no tasks returns at once")
  @Points(1)
  void runRules() throws Exception {
    VirtualClock clock = new VirtualClock();
    EventLoop empty = new EventLoop(clock);
    run(empty);
    assertTrue(clock.sleeps.isEmpty(), "run() with no tasks should not sleep: " + clock.sleeps);
    EventLoop loop = new EventLoop(clock);
    List<Object> seen = new ArrayList<>();
    loop.spawn(() -> {
      try {
        loop.run();
        seen.add("returned");
      } catch (IllegalStateException e) {
        seen.add(e);
      }
      return -1;
    });
    loop.spawn(() -> -1); // a second task: the loop goes on after the refused nested run()
    run(loop);
    assertEquals(1, seen.size(), "the step ran once");
    assertTrue(seen.get(0) instanceof IllegalStateException, () -> "run() called inside a step should throw "
        + "IllegalStateException, but it " + seen.get(0));
    assertTrue(loop.failures().isEmpty(), () -> "no task failed: " + loop.failures());
    // and the loop can run again once it has returned
    VirtualClock c2 = new VirtualClock();
    Log log = new Log(c2);
    EventLoop again = new EventLoop(c2);
    again.spawn(task(log, "first"));
    run(again);
    again.spawn(task(log, "second", 1));
    run(again);
    assertEquals(List.of("first@0", "second@0", "second@1"), log.lines, "two run() calls one after the other");
  }

  @Test
  @DisplayName("interrupted while sleeping: run() throws InterruptedException and a later run() goes on with the tasks")
  @Points(1)
  void interrupted() {
    VirtualClock clock = new VirtualClock();
    clock.interruptAtSleep = 1;
    Log log = new Log(clock);
    EventLoop loop = new EventLoop(clock);
    loop.spawn(task(log, "A", 100, 100));
    loop.spawn(task(log, "B", 150));
    try {
      loop.run();
      fail("run() returned normally although the clock's sleepUntil threw InterruptedException");
    } catch (InterruptedException expected) {
      // as the README says
    } catch (Exception e) {
      fail("run() threw " + e + "; the README says InterruptedException");
    }
    assertEquals(List.of("A@0", "B@0", "A@100"), log.lines, "steps before the second sleep was interrupted");
    run(loop);
    assertEquals(List.of("A@0", "B@0", "A@100", "B@150", "A@200"), log.lines, "a second run() goes on with both tasks");
  }

  @Test
  @DisplayName("2 000 tasks with random waits run in due order, ties first come first served, sleeping only when idle")
  @Points(1)
  void many() {
    VirtualClock clock = new VirtualClock();
    EventLoop loop = new EventLoop(clock);
    Random r = new Random(2000);
    record Step(long due, long ran, long order) {}
    List<Step> steps = new ArrayList<>();
    long[] order = {0};
    for (int t = 0; t < 2_000; t++) {
      long[] due = {clock.now};
      int[] left = {5};
      loop.spawn(() -> {
        steps.add(new Step(due[0], clock.now, order[0]++));
        if (--left[0] < 0) return -1;
        long wait = r.nextInt(4) * 25L;
        due[0] = clock.now + wait;
        return wait;
      });
    }
    run(loop);
    assertEquals(2_000 * 6, steps.size(), "steps run: 2000 tasks of 6 steps");
    for (int i = 1; i < steps.size(); i++) {
      Step a = steps.get(i - 1);
      Step b = steps.get(i);
      assertTrue(a.due() <= b.due(), "step " + i + " was due at " + b.due() + " but ran after a step due at " + a.due());
      assertEquals(b.due(), b.ran(), "on a clock that wakes on time every step runs when it is due");
    }
    for (int i = 1; i < clock.sleeps.size(); i++) {
      assertTrue(clock.sleeps.get(i) > clock.sleeps.get(i - 1), "sleepUntil() called twice for "
          + clock.sleeps.get(i) + ": the loop sleeps once per idle time");
    }
  }

  @Test
  @DisplayName("new EventLoop() uses the real clock: three tasks waiting 3 x 60 ms take about 180 ms, sleeping, on the caller's thread")
  @Points(1)
  void realClock() throws Exception {
    Timing.measured(() -> {
      EventLoop loop = new EventLoop();
      Thread caller = Thread.currentThread();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        int[] left = {3};
        loop.spawn(() -> {
          threads.add(Thread.currentThread());
          return left[0]-- > 0 ? 60 : -1;
        });
      }
      java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
      boolean cpuKnown = mx.isCurrentThreadCpuTimeSupported();
      long cpu0 = cpuKnown ? mx.getCurrentThreadCpuTime() : 0;
      long t0 = System.nanoTime();
      loop.run();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      long cpuMs = cpuKnown ? (mx.getCurrentThreadCpuTime() - cpu0) / 1_000_000 : 0;
      assertEquals(12, threads.size(), "steps run");
      assertTrue(threads.stream().allMatch(th -> th == caller), "every step runs on the thread that called run()");
      Timing.within(ms >= 175, () -> "run() took " + ms + " ms: three waits of 60 ms cannot end before 180 ms");
      Timing.within(ms < 500, () -> "run() took " + ms + " ms for three rounds of 60 ms: the tasks should wait"
          + " side by side (about 180 ms), not one after another (540 ms)");
      Timing.within(cpuMs < ms / 10, () -> "run() kept the CPU busy for " + cpuMs + " of its " + ms + " ms: the real"
          + " clock's sleepUntil should sleep (Thread.sleep), not spin until the time has come");
    });
  }
}
