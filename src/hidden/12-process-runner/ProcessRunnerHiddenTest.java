import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import netlab.grade.api.Points;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hidden tests for exercise 12, process-runner. Real child processes (sh, echo, seq, sleep, cat;
 * Linux or macOS). Every call to the student's run() happens on a helper thread with a deadline
 * of our own, so a runner that deadlocks or never times out fails with a message instead of
 * hanging, and every process a test started is killed afterwards.
 */
class ProcessRunnerHiddenTest {

  private Set<Long> existingChildren;
  private final List<ProcessHandle> seen = new ArrayList<>();
  private final List<Path> tempFiles = new ArrayList<>();
  private ExecutorService caller;

  @BeforeEach
  void remember() {
    existingChildren = ProcessHandle.current().descendants().map(ProcessHandle::pid)
        .collect(Collectors.toSet());
    caller = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "hidden-test-caller");
      t.setDaemon(true);
      return t;
    });
  }

  @AfterEach
  void cleanUp() throws IOException {
    // whatever the runner left behind: our own descendants, and the processes of a tree that
    // were re-parented when their parent died (we learned their pids from the script)
    ProcessHandle.current().descendants()
        .filter(h -> !existingChildren.contains(h.pid()))
        .forEach(ProcessHandle::destroyForcibly);
    seen.forEach(ProcessHandle::destroyForcibly);
    // a runner stuck on a pipe gets end-of-file now and returns
    caller.shutdownNow();
    for (Path p : tempFiles) Files.deleteIfExists(p);
  }

  @Test
  @DisplayName("runs echo: exit code 0, stdout, empty stderr, the pid, UTF-8 text")
  @Points(1)
  void runsACommand() throws Exception {
    List<String> echo = List.of("echo", "hello, process");
    ProcessRunner.Result r = call(echo, Duration.ofSeconds(5), 2000, "");
    assertNotNull(r, "run(" + show(echo) + ", 5 s) returned null");
    assertEquals(0, r.exitCode(), () -> "run(" + show(echo) + ") should report exit code 0; got " + r);
    assertEquals("hello, process\n", r.stdout(), () -> "run(" + show(echo) + "): wrong stdout; got " + r);
    assertEquals("", r.stderr(), () -> "run(" + show(echo) + "): stderr should be empty; got " + r);
    assertFalse(r.timedOut(), () -> "run(" + show(echo) + ", 5 s) finished at once but says timedOut; got " + r);
    assertNotNull(r.duration(), "duration() is null");
    assertTrue(!r.duration().isNegative() && r.duration().compareTo(Duration.ofSeconds(2)) < 0,
        () -> "echo takes milliseconds, but duration() is " + r.duration());

    List<String> whoAmI = List.of("sh", "-c", "echo $$");
    ProcessRunner.Result p = call(whoAmI, Duration.ofSeconds(5), 2000, "");
    String printed = String.valueOf(p.stdout()).strip();
    assertEquals(printed, String.valueOf(p.pid()), () -> "run(" + show(whoAmI) + "): the child printed"
        + " its own pid " + printed + ", but the result's pid() is " + p.pid() + " (use process.pid())");
    assertNotEquals(ProcessHandle.current().pid(), p.pid(), "pid() is the pid of this JVM, not the child's");

    // naïve 中文, written as octal escapes so that the bytes do not depend on any locale
    List<String> utf8 = List.of("sh", "-c", "printf 'na\\303\\257ve \\344\\270\\255\\346\\226\\207\\n'");
    ProcessRunner.Result u = call(utf8, Duration.ofSeconds(5), 2000, "");
    assertEquals("na\u00efve \u4e2d\u6587\n", u.stdout(), () -> "the child wrote the UTF-8 bytes of"
        + " \"na\u00efve \u4e2d\u6587\\n\"; stdout should decode them as UTF-8; got " + quote(u.stdout()));
  }

  @Test
  @DisplayName("reports exit codes 3, 42 (with stderr), 255 and 137 (killed by SIGKILL)")
  @Points(1)
  void exitCodes() throws Exception {
    List<String> three = List.of("sh", "-c", "exit 3");
    ProcessRunner.Result r3 = call(three, Duration.ofSeconds(5), 2000, "");
    assertEquals(3, r3.exitCode(), () -> "run(" + show(three) + ") should report exit code 3; got " + r3);

    List<String> failing = List.of("sh", "-c", "echo 'something failed' >&2; exit 42");
    ProcessRunner.Result r42 = call(failing, Duration.ofSeconds(5), 2000, "");
    assertEquals(42, r42.exitCode(), () -> "run(" + show(failing) + ") should report exit code 42; got " + r42);
    assertEquals("something failed\n", r42.stderr(), () -> "run(" + show(failing) + "): the message"
        + " belongs in stderr; got " + r42);
    assertEquals("", r42.stdout(), () -> "run(" + show(failing) + "): stdout should be empty; got " + r42);
    assertFalse(r42.timedOut(), () -> "run(" + show(failing) + ") failed at once, it did not time out; got " + r42);

    List<String> max = List.of("sh", "-c", "exit 255");
    ProcessRunner.Result r255 = call(max, Duration.ofSeconds(5), 2000, "");
    assertEquals(255, r255.exitCode(), () -> "run(" + show(max) + ") should report exit code 255, the"
        + " largest failure code; got " + r255);

    List<String> killed = List.of("sh", "-c", "kill -9 $$");
    ProcessRunner.Result r137 = call(killed, Duration.ofSeconds(5), 2000, "");
    assertEquals(137, r137.exitCode(), () -> "run(" + show(killed) + "): a child killed by signal 9"
        + " reports 128 + 9 = 137; got " + r137);
    assertFalse(r137.timedOut(), () -> "run(" + show(killed) + ") ended at once (killed by itself), it"
        + " did not time out; got " + r137);
  }

  @Test
  @DisplayName("passes arguments literally: spaces, quotes, $HOME, *, ; and \"\"")
  @Points(1)
  void literalArguments() throws Exception {
    List<String> args = List.of("hello world", "it's", "\"double\"", "$HOME", "*", "a;b && echo INJECTED",
        "", "  two  spaces  ", "tab\there", "back\\slash");
    List<String> cmd = new ArrayList<>(List.of("sh", "-c",
        "for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done", "sh"));
    cmd.addAll(args);
    StringBuilder want = new StringBuilder();
    for (String a : args) want.append('[').append(a).append("]\n");
    ProcessRunner.Result r = call(cmd, Duration.ofSeconds(5), 2000, "");
    assertEquals(want.toString(), r.stdout(), () -> "run(" + show(cmd) + ") prints each argument the"
        + " script received in [ ]: " + args.size() + " arguments, each exactly as given. Expected\n"
        + want + "got\n" + r.stdout() + "(pass the list to new ProcessBuilder(command); do not join"
        + " it into one string or run it through a shell)");

    List<String> echo = List.of("echo", "a  b", "*", "$HOME");
    ProcessRunner.Result e = call(echo, Duration.ofSeconds(5), 2000, "");
    assertEquals("a  b * $HOME\n", e.stdout(), () -> "run(" + show(echo) + "): echo prints its 3"
        + " arguments separated by one space, unchanged: \"a  b * $HOME\\n\"; got " + quote(e.stdout()));
  }

  @Test
  @DisplayName("captures 3.4 MB of stdout (seq 1 500000) completely")
  @Points(1)
  void largeStdout() throws Exception {
    List<String> seq = List.of("seq", "1", "500000");
    ProcessRunner.Result r = call(seq, Duration.ofSeconds(4), 3500,
        " (does it call waitFor() before reading? seq blocks as soon as the 64 KiB pipe is full,"
            + " until somebody reads it)");
    assertFalse(r.timedOut(), () -> "run(" + show(seq) + ", 4 s) takes well under a second but"
        + " reported timedOut; stdout had " + length(r.stdout()) + " chars (did you wait for the"
        + " process before reading its output? the pipe holds only 64 KiB)");
    assertEquals(0, r.exitCode(), () -> "run(" + show(seq) + "): exit code should be 0; got " + r.exitCode());
    assertSameText(numbers(1, 500_000), r.stdout(), "stdout of " + show(seq));
  }

  @Test
  @DisplayName("captures 1.7 MB on stdout and on stderr at once, without deadlock")
  @Points(1)
  void bothStreamsAtOnce() throws Exception {
    // both seqs write at the same time; whichever stream is read first, the other one's pipe
    // fills up and its writer waits: only reading both at once finishes
    List<String> both = List.of("sh", "-c", "seq 1 250000 >&2 & seq 300001 550000; wait");
    ProcessRunner.Result r = call(both, Duration.ofSeconds(4), 3500,
        " (read stdout and stderr at the same time, e.g. one of them on another thread: while you"
            + " read one to its end, the child is blocked writing to the other, full pipe)");
    assertFalse(r.timedOut(), () -> "run(" + show(both) + ", 4 s) takes well under a second but"
        + " reported timedOut, with " + length(r.stdout()) + " chars of stdout and "
        + length(r.stderr()) + " of stderr (read both streams at the same time)");
    assertEquals(0, r.exitCode(), () -> "run(" + show(both) + "): exit code should be 0; got " + r.exitCode());
    assertSameText(numbers(300_001, 550_000), r.stdout(), "stdout of " + show(both));
    assertSameText(numbers(1, 250_000), r.stderr(), "stderr of " + show(both)
        + " (stdout and stderr must stay apart: no redirectErrorStream)");
  }

  @Test
  @DisplayName("gives the command an empty stdin: cat ends at once")
  @Points(1)
  void stdinIsClosed() throws Exception {
    String hint = " (cat reads stdin until end-of-file: close the child's stdin,"
        + " process.getOutputStream().close(), right after start())";
    List<String> cat = List.of("cat");
    // timedOut() tells: a runner that leaves stdin open reaches the timeout, a correct one returns
    // as soon as cat has seen end-of-file (no stopwatch here: a busy machine must not fail it)
    ProcessRunner.Result r = call(cat, Duration.ofSeconds(3), 3500, hint);
    assertFalse(r.timedOut(), () -> "run([\"cat\"], 3 s) timed out: cat still waited for input" + hint);
    assertEquals(0, r.exitCode(), () -> "run([\"cat\"]) should end with exit code 0; got " + r);
    assertEquals("", r.stdout(), () -> "run([\"cat\"]) with an empty stdin should print nothing; got " + r);

    List<String> read = List.of("sh", "-c",
        "if read line; then echo \"read: $line\"; else echo 'end of input'; fi");
    ProcessRunner.Result r2 = call(read, Duration.ofSeconds(3), 3500, hint);
    assertEquals("end of input\n", r2.stdout(), () -> "run(" + show(read) + ") should find stdin at its"
        + " end; got " + r2);
  }

  @Test
  @DisplayName("stops a command (that ignores SIGTERM) at 300 ms: exit code 137, output kept")
  @Points(1)
  void timeoutStopsTheCommand() throws Exception {
    // exec: the shell becomes the sleep, a single process that ignores SIGTERM (inherited)
    List<String> slow = List.of("sh", "-c",
        "trap '' TERM; echo started; echo 'warming up' >&2; exec sleep 30");
    long t0 = System.nanoTime();
    ProcessRunner.Result r = call(slow, Duration.ofMillis(300), 2000,
        " (after waitFor(timeout) returns false, kill the process; this one ignores SIGTERM, so"
            + " destroy() is not enough: use destroyForcibly(), which sends SIGKILL)");
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(r.timedOut(), () -> "run(" + show(slow) + ", 300 ms) runs for 30 s; timedOut() should be"
        + " true; got " + r);
    assertTrue(ms >= 280, () -> "run(" + show(slow) + ", 300 ms) returned after " + ms + " ms, before"
        + " the timeout");
    assertTrue(r.duration() != null && r.duration().toMillis() >= 280 && r.duration().toMillis() < 2000,
        () -> "duration() of a run stopped by a 300 ms timeout should be from 300 ms to a little more;"
            + " got " + r.duration());
    assertEquals(137, r.exitCode(), () -> "run(" + show(slow) + ", 300 ms) timed out and the child, which"
        + " ignores SIGTERM, was killed with SIGKILL: exitCode() is what the killed child reports,"
        + " 128 + 9 = 137 (README, table of fields); got " + r);
    assertEquals("started\n", r.stdout(), () -> "the command printed \"started\\n\" before the timeout;"
        + " stdout should keep it (kill through process.toHandle(): Process.destroyForcibly() also"
        + " closes the pipes); got " + r);
    assertEquals("warming up\n", r.stderr(), () -> "the command wrote \"warming up\\n\" to stderr before"
        + " the timeout; stderr should keep it; got " + r);
    Optional<ProcessHandle> child = ProcessHandle.of(r.pid());
    child.ifPresent(seen::add);
    List<ProcessHandle> alive = stillRunning(child.stream().toList(), 1000);
    assertTrue(alive.isEmpty(), () -> "run(" + show(slow) + ", 300 ms) returned timedOut, but 1 s later"
        + " the child " + describe(alive.get(0)) + " was still running (it ignores SIGTERM: use"
        + " destroyForcibly())");
  }

  @Test
  @DisplayName("on a timeout, kills the whole tree: children and grandchildren")
  @Points(1)
  void timeoutKillsTheTree() throws Exception {
    Path pids = Files.createTempFile("netlab-tree", ".pids");
    tempFiles.add(pids);
    // sh ─┬─ sleep 30
    //     └─ sh ─── sleep 30        each writes its pid to the file given as $1
    String script = String.join("\n",
        "echo \"$$ shell\" >> \"$1\"",
        "sleep 30 & echo \"$! child\" >> \"$1\"",
        "sh -c 'sleep 30 & echo \"$! grandchild\" >> \"$1\"; echo \"$$ inner-shell\" >> \"$1\"; wait' sh \"$1\" &",
        "echo tree started",
        "wait");
    List<String> tree = List.of("sh", "-c", script, "sh", pids.toString());
    long t0 = System.nanoTime();
    Future<ProcessRunner.Result> running = caller.submit(() -> ProcessRunner.run(tree, Duration.ofMillis(500)));

    // learn the tree while it runs: handles taken now stay tied to these very processes
    Map<String, ProcessHandle> members = learnTree(pids, 4, 1500 - (System.nanoTime() - t0) / 1_000_000);

    ProcessRunner.Result r = await(running, tree, "500 ms", 2500,
        " (is only the direct child killed? Its children keep running and keep the output pipes"
            + " open, so reading them never ends. Take process.descendants() first, then kill every"
            + " one of them and the child)");
    assertTrue(r.timedOut(), () -> "the tree sleeps for 30 s; run(..., 500 ms) should report timedOut;"
        + " got " + r);
    assertEquals(4, members.size(), () -> "the test could not see the whole tree start within 1.5 s"
        + " (saw " + members.keySet() + "); was the command started as given?");
    List<ProcessHandle> alive = stillRunning(new ArrayList<>(members.values()), 1000);
    if (!alive.isEmpty()) {
      List<String> named = new ArrayList<>();
      members.forEach((role, h) -> {
        if (alive.contains(h)) named.add("the " + role + " " + describe(h));
      });
      fail("run(..., 500 ms) on the tree  sh ─┬─ sleep 30 (child)  └─ sh ─── sleep 30 (grandchild)"
          + "  timed out, but 1 s later these were still running: " + named + ". Snapshot"
          + " process.descendants() while the child is alive, then destroyForcibly() each of them"
          + " and the child.");
    }
  }

  @Test
  @DisplayName("an interrupted run() kills the process tree, then throws InterruptedException")
  @Points(1)
  void interruptKillsTheTree() throws Exception {
    Path pids = Files.createTempFile("netlab-interrupt", ".pids");
    tempFiles.add(pids);
    // sh ─── sleep 30, each writes its pid to the file given as $1
    String script = String.join("\n",
        "echo \"$$ shell\" >> \"$1\"",
        "sleep 30 & echo \"$! child\" >> \"$1\"",
        "wait");
    List<String> cmd = List.of("sh", "-c", script, "sh", pids.toString());
    AtomicReference<Object> outcome = new AtomicReference<>();
    CountDownLatch returned = new CountDownLatch(1);
    Thread runner = new Thread(() -> {
      try {
        outcome.set(ProcessRunner.run(cmd, Duration.ofSeconds(20)));
      } catch (Throwable t) {
        outcome.set(t);
      } finally {
        returned.countDown();
      }
    }, "hidden-test-interrupted-run");
    runner.setDaemon(true);
    runner.start();

    Map<String, ProcessHandle> members = learnTree(pids, 2, 1500);
    assertEquals(2, members.size(), () -> "run(" + show(cmd) + ", 20 s): the test could not see the shell"
        + " and its sleep start within 1.5 s (saw " + members.keySet() + "); was the command started as"
        + " given?");
    runner.interrupt();
    if (!returned.await(2, TimeUnit.SECONDS)) {
      fail("run(" + show(cmd) + ", 20 s) was interrupted while it waited for the command, but 2 s later it"
          + " had not returned (javadoc: it throws InterruptedException; waitFor() throws it, let it out"
          + " after killing the tree)");
    }
    Object got = outcome.get();
    assertTrue(got instanceof InterruptedException, () -> "run(" + show(cmd) + ", 20 s) was interrupted"
        + " while it waited; it should throw InterruptedException (javadoc of run), but it "
        + (got instanceof Throwable ? "threw " + got : "returned " + got));
    List<ProcessHandle> alive = stillRunning(new ArrayList<>(members.values()), 1000);
    if (!alive.isEmpty()) {
      List<String> named = new ArrayList<>();
      members.forEach((role, h) -> {
        if (alive.contains(h)) named.add("the " + role + " " + describe(h));
      });
      fail("run(" + show(cmd) + ", 20 s) was interrupted and threw InterruptedException, but 1 s later"
          + " these were still running: " + named + ". The javadoc of run: the process tree is killed"
          + " first (catch InterruptedException around waitFor, kill the tree as on a timeout, rethrow)");
    }
  }

  @Test
  @DisplayName("a missing program throws IOException; an empty command or a timeout <= 0 is refused, 1 ns is not")
  @Points(1)
  void badInput() throws Exception {
    String missing = "netlab-no-such-program-42";
    Future<ProcessRunner.Result> f = caller.submit(() -> ProcessRunner.run(List.of(missing), Duration.ofSeconds(2)));
    try {
      ProcessRunner.Result r = f.get(2500, TimeUnit.MILLISECONDS);
      fail("run([\"" + missing + "\"]) should throw IOException (the program does not exist), but"
          + " returned " + r + (r != null && r.exitCode() == 127 ? " (127 is what a shell says:"
          + " start the program directly, not through sh -c)" : ""));
    } catch (ExecutionException e) {
      Throwable t = e.getCause();
      assertTrue(t instanceof IOException, () -> "run([\"" + missing + "\"]) should throw IOException,"
          + " as ProcessBuilder.start() does; it threw " + t);
      assertTrue(String.valueOf(t.getMessage()).contains(missing), () -> "the IOException for a missing"
          + " program should name it; its message was: " + t.getMessage());
    } catch (TimeoutException e) {
      fail("run([\"" + missing + "\"]) had not returned after 2.5 s");
    }

    expectIllegalArgument(List.of(), Duration.ofSeconds(1), "an empty command");
    expectIllegalArgument(List.of("echo", "hi"), Duration.ZERO, "a timeout of 0");
    expectIllegalArgument(List.of("echo", "hi"), Duration.ofMillis(-5), "a negative timeout");

    // one past the limit: the smallest positive timeout is a timeout, not a bad argument
    List<String> echo = List.of("echo", "hi");
    Future<ProcessRunner.Result> tiny = caller.submit(() -> ProcessRunner.run(echo, Duration.ofNanos(1)));
    try {
      ProcessRunner.Result r = tiny.get(2500, TimeUnit.MILLISECONDS);
      assertNotNull(r, "run([\"echo\", \"hi\"], 1 ns) returned null");
    } catch (ExecutionException e) {
      fail("run([\"echo\", \"hi\"], 1 ns): 1 ns is a positive timeout (only zero or less is refused),"
          + " so run should start echo and return a result (timed out or not); it threw " + e.getCause());
    } catch (TimeoutException e) {
      fail("run([\"echo\", \"hi\"], 1 ns) had not returned after 2.5 s");
    }
  }

  // --- helpers -----------------------------------------------------------------------------

  /**
   * Reads "PID ROLE" lines that a running script appends to {@code pids} until {@code count}
   * roles are known or {@code patienceMs} has passed (polling with a deadline). Handles taken now
   * stay tied to these very processes, and cleanUp() kills them whatever happens.
   */
  private Map<String, ProcessHandle> learnTree(Path pids, int count, long patienceMs)
      throws IOException, InterruptedException {
    Map<String, ProcessHandle> members = new LinkedHashMap<>();
    long until = System.nanoTime() + Math.max(0, patienceMs) * 1_000_000;
    while (members.size() < count && System.nanoTime() < until) {
      for (String line : Files.readAllLines(pids)) {
        String[] parts = line.strip().split(" ");
        if (parts.length != 2 || members.containsKey(parts[1])) continue;
        ProcessHandle.of(Long.parseLong(parts[0])).ifPresent(h -> {
          members.put(parts[1], h);
          seen.add(h);
        });
      }
      if (members.size() < count) Thread.sleep(5);
    }
    return members;
  }

  /** Calls run() on a helper thread and fails with a clear message if it does not return in time. */
  private ProcessRunner.Result call(List<String> command, Duration timeout, long patienceMs, String hint)
      throws InterruptedException {
    Future<ProcessRunner.Result> f = caller.submit(() -> ProcessRunner.run(command, timeout));
    return await(f, command, timeout.toMillis() + " ms", patienceMs, hint);
  }

  private static ProcessRunner.Result await(Future<ProcessRunner.Result> f, List<String> command,
      String timeout, long patienceMs, String hint) throws InterruptedException {
    try {
      ProcessRunner.Result r = f.get(patienceMs, TimeUnit.MILLISECONDS);
      if (r == null) fail("run(" + show(command) + ", " + timeout + ") returned null");
      return r;
    } catch (TimeoutException e) {
      throw new AssertionError("run(" + show(command) + ", " + timeout + ") had not returned after "
          + patienceMs + " ms" + hint);
    } catch (ExecutionException e) {
      throw new AssertionError("run(" + show(command) + ", " + timeout + ") threw " + e.getCause(),
          e.getCause());
    }
  }

  private void expectIllegalArgument(List<String> command, Duration timeout, String what)
      throws InterruptedException {
    Future<ProcessRunner.Result> f = caller.submit(() -> ProcessRunner.run(command, timeout));
    try {
      ProcessRunner.Result r = f.get(2000, TimeUnit.MILLISECONDS);
      fail("run(" + show(command) + ", " + timeout.toMillis() + " ms) with " + what
          + " should throw IllegalArgumentException; it returned " + r);
    } catch (ExecutionException e) {
      assertTrue(e.getCause() instanceof IllegalArgumentException, () -> "run(" + show(command) + ", "
          + timeout.toMillis() + " ms) with " + what + " should throw IllegalArgumentException; it threw "
          + e.getCause());
    } catch (TimeoutException e) {
      fail("run(" + show(command) + ", " + timeout.toMillis() + " ms) with " + what
          + " should throw IllegalArgumentException at once; it had not returned after 2 s");
    }
  }

  /**
   * The processes that are still running after up to {@code patienceMs}. A zombie (state Z on
   * Linux) has exited and only waits to be reaped by its parent: it counts as gone.
   */
  private static List<ProcessHandle> stillRunning(List<ProcessHandle> handles, long patienceMs)
      throws InterruptedException {
    long deadline = System.nanoTime() + patienceMs * 1_000_000;
    while (true) {
      List<ProcessHandle> alive = handles.stream().filter(h -> h.isAlive() && !zombie(h.pid())).toList();
      if (alive.isEmpty() || System.nanoTime() > deadline) return alive;
      Thread.sleep(10);
    }
  }

  /** Names a process for messages: "1234 (sleep)". */
  private static String describe(ProcessHandle h) {
    String cmd = h.info().command().orElse("?");
    return h.pid() + " (" + cmd.substring(cmd.lastIndexOf('/') + 1) + ")";
  }

  private static boolean zombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      int close = stat.lastIndexOf(')');
      return close > 0 && stat.length() > close + 2 && stat.charAt(close + 2) == 'Z';
    } catch (IOException | RuntimeException e) {
      return false; // gone, or no /proc (macOS): isAlive() alone decides
    }
  }

  private static String numbers(int from, int to) {
    StringBuilder b = new StringBuilder((to - from + 1) * 7);
    for (int i = from; i <= to; i++) b.append(i).append('\n');
    return b.toString();
  }

  /** Compares long texts and says where they first differ, without printing megabytes. */
  private static void assertSameText(String want, String got, String what) {
    if (want.equals(got)) return;
    if (got == null) fail(what + " is null; expected " + want.length() + " chars");
    int i = 0;
    int n = Math.min(want.length(), got.length());
    while (i < n && want.charAt(i) == got.charAt(i)) i++;
    int line = 1;
    for (int k = 0; k < i; k++) if (want.charAt(k) == '\n') line++;
    fail(what + ": expected " + want.length() + " chars, got " + got.length() + "; they differ from"
        + " char " + i + " (line " + line + "): expected " + quote(snippet(want, i)) + ", got "
        + quote(snippet(got, i)) + (got.length() < want.length() ? " (output lost: was the stream"
        + " read to its end?)" : ""));
  }

  private static String snippet(String s, int at) {
    if (at >= s.length()) return "";
    return s.substring(at, Math.min(s.length(), at + 24));
  }

  private static int length(String s) {
    return s == null ? 0 : s.length();
  }

  private static String quote(String s) {
    if (s == null) return "null";
    String shown = s.length() > 80 ? s.substring(0, 80) + "…" : s;
    return "\"" + shown.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
        .replace("\t", "\\t") + "\"";
  }

  /** A command as Java would write the list: ["sh", "-c", "exit 3"]. */
  private static String show(List<String> command) {
    return command.stream().map(ProcessRunnerHiddenTest::quote).map(s -> s.length() > 60
        ? s.substring(0, 57) + "…\"" : s).collect(Collectors.joining(", ", "[", "]"));
  }
}
