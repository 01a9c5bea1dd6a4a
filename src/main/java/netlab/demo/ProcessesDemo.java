package netlab.demo;

import static netlab.core.Msg.get;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Lesson 11: real child processes. PIDs and parent PIDs, the tree below this JVM, exit codes,
 * a process killed by a signal (128 + signal), and an orphan adopted by PID 1 or a subreaper.
 * Uses sh and sleep, so Linux and macOS only.
 */
public final class ProcessesDemo implements Demo {
  /** Every process this demo started, so the end can show that none is left. */
  private final List<ProcessHandle> started = new ArrayList<>();

  @Override
  public String name() {
    return "processes";
  }

  @Override
  public int lesson() {
    return 11;
  }

  @Override
  public String summary() {
    return netlab.core.Msg.get("demo.processes.summary");
  }

  @Override
  public boolean listening() {
    return false;
  }

  @Override
  public void start(DemoContext ctx) throws Exception {
    var log = ctx.log();
    started.clear();
    if (System.getProperty("os.name", "").toLowerCase().startsWith("windows")) {
      log.warn(get("demo.processes.windows"));
      return;
    }
    ProcessHandle me = ProcessHandle.current();
    log.event("jvm", get("demo.processes.me", me.pid(), describe(me.parent())));
    if (!ctx.pause(300)) return;

    // 1. a child: ProcessBuilder forks and execs; the child's parent is this JVM
    Process sleeper = start(ctx, "sleep", "30");
    log.event("jvm", get(isMe(sleeper.toHandle().parent()) ? "demo.processes.childOfMe" : "demo.processes.child",
        sleeper.pid(), describe(sleeper.toHandle().parent())));
    if (!ctx.pause(300)) return;

    // 2. a grandchild level: sh starts two sleeps and waits for them
    Process shell = start(ctx, "sh", "-c", "sleep 30 & sleep 30 & wait");
    awaitDescendants(shell.toHandle(), 2);
    shell.toHandle().descendants().forEach(started::add);
    log.event("jvm", get("demo.processes.shell", shell.pid()));
    log.highlight(get("demo.processes.tree"));
    tree(ctx, me, "", true, 0);
    log.info(get("demo.processes.count", me.descendants().count(), me.pid()));
    if (!ctx.pause(500)) return;

    // 3. exit codes: what the child passed to exit(), collected by its parent's wait()
    for (String script : new String[] {"exit 0", "exit 3"}) {
      Process p = start(ctx, "sh", "-c", script);
      boolean done = p.waitFor(3, TimeUnit.SECONDS);
      log.event("jvm", get(script.equals("exit 3") ? "demo.processes.exitNonZero" : "demo.processes.exit", script, p.pid(),
          done ? p.exitValue() : "?"));
    }
    if (!ctx.pause(300)) return;

    // 4. signals: destroy() sends SIGTERM; a process killed by signal N reports 128 + N
    sleeper.destroy();
    sleeper.waitFor(3, TimeUnit.SECONDS);
    int code = sleeper.isAlive() ? -1 : sleeper.exitValue();
    log.event("jvm", get(code == 143 ? "demo.processes.sigterm143" : "demo.processes.sigterm", sleeper.pid(), code));
    // kill a tree bottom-up: once sh is gone its sleeps would no longer be our descendants
    List<ProcessHandle> kids = shell.toHandle().descendants().toList();
    kids.forEach(ProcessHandle::destroyForcibly);
    shell.destroyForcibly();
    shell.waitFor(3, TimeUnit.SECONDS);
    int shellCode = shell.isAlive() ? -1 : shell.exitValue();
    log.event("jvm", get(shellCode == 137 ? "demo.processes.sigkill137" : "demo.processes.sigkill", kids.size(), shell.pid(),
        shellCode));
    if (!ctx.pause(400)) return;

    // 5. an orphan: sh starts sleep in the background, prints its pid and exits at once
    orphan(ctx);
    if (ctx.stopping()) return;

    List<String> left = new ArrayList<>();
    List<String> all = new ArrayList<>();
    for (ProcessHandle h : started) {
      all.add(String.valueOf(h.pid()));
      if (!gone(h)) left.add(String.valueOf(h.pid()));
    }
    log.highlight(left.isEmpty() ? get("demo.processes.allGone", String.join(", ", all))
        : get("demo.processes.stillRunning", String.join(", ", all), String.join(", ", left)));
  }

  private void orphan(DemoContext ctx) throws IOException, InterruptedException {
    var log = ctx.log();
    // the background sleep must not keep sh's stdout pipe open, or reading it would wait 30 s
    Process sh = start(ctx, "sh", "-c", "sleep 30 >/dev/null 2>&1 & echo $!");
    String line;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(sh.getInputStream(), StandardCharsets.UTF_8))) {
      line = r.readLine();
    }
    sh.waitFor(3, TimeUnit.SECONDS);
    long pid;
    try {
      pid = Long.parseLong(line == null ? "" : line.strip());
    } catch (NumberFormatException e) {
      log.warn(get("demo.processes.notAPid", line));
      return;
    }
    Optional<ProcessHandle> found = ProcessHandle.of(pid);
    if (found.isEmpty()) {
      log.warn(get("demo.processes.alreadyGone", pid));
      return;
    }
    ProcessHandle orphan = found.get();
    started.add(orphan);
    // not our child any more, so stopping the demo must kill it by its handle (which checks the start time)
    ctx.own((AutoCloseable) orphan::destroyForcibly);
    log.event("jvm", get("demo.processes.orphanShell", sh.pid(), pid, sh.isAlive() ? "?" : sh.exitValue()));
    // re-parenting happens as sh exits; give the kernel a moment
    long deadline = System.nanoTime() + 2_000_000_000L;
    Optional<ProcessHandle> parent = orphan.parent();
    while (parent.map(p -> p.pid() == sh.pid()).orElse(false) && System.nanoTime() < deadline) {
      Thread.sleep(10);
      parent = orphan.parent();
    }
    long ppid = parent.map(ProcessHandle::pid).orElse(-1L);
    log.event("kernel", get("demo.processes.orphan", pid, describe(parent)));
    log.info(ppid == 1 ? get("demo.processes.adoptedByInit") : get("demo.processes.adoptedBySubreaper"));
    if (!ctx.pause(500)) return;

    orphan.destroy();
    log.event("jvm", get("demo.processes.orphanKilled", pid));
    awaitReaped(ctx, orphan, ppid);
  }

  /** Waits for the orphan to vanish; while dead but unreaped it is a zombie, state Z. */
  private static void awaitReaped(DemoContext ctx, ProcessHandle h, long reaper) throws InterruptedException {
    long t0 = System.nanoTime();
    long deadline = t0 + 4_000_000_000L;
    boolean zombieSaid = false;
    while (h.isAlive() && System.nanoTime() < deadline && !ctx.stopping()) {
      if (!zombieSaid && "Z".equals(state(h.pid()))) {
        ctx.log().event("kernel", get("demo.processes.zombie", h.pid(), reaper));
        zombieSaid = true;
      }
      Thread.sleep(10);
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    if (!h.isAlive()) {
      ctx.log().event("kernel", get("demo.processes.reaped", h.pid(), ms));
    } else if ("Z".equals(state(h.pid()))) {
      ctx.log().event("kernel", get("demo.processes.stillZombie", h.pid(), reaper));
    }
  }

  private Process start(DemoContext ctx, String... command) throws IOException {
    // no stdin (the lab's terminal is not theirs); output only where the demo reads it
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    if (!command[command.length - 1].contains("echo")) pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process p = ctx.own(pb.start());
    started.add(p.toHandle());
    return p;
  }

  private static void awaitDescendants(ProcessHandle h, int n) throws InterruptedException {
    long deadline = System.nanoTime() + 2_000_000_000L;
    while (h.descendants().count() < n && System.nanoTime() < deadline) Thread.sleep(10);
  }

  /** Prints a subtree, one process a line, like pstree; bounded so a busy JVM does not flood. */
  private static void tree(DemoContext ctx, ProcessHandle h, String indent, boolean last, int depth) {
    String branch = depth == 0 ? "" : indent + (last ? "└─ " : "├─ ");
    ctx.log().info("  " + branch + get(isMe(Optional.of(h)) ? "demo.processes.nodeMe" : "demo.processes.node", h.pid(), command(h)));
    List<ProcessHandle> kids = h.children().limit(20).toList();
    String next = depth == 0 ? "" : indent + (last ? "   " : "│  ");
    for (int i = 0; i < kids.size() && depth < 4; i++) tree(ctx, kids.get(i), next, i == kids.size() - 1, depth + 1);
  }

  private static String command(ProcessHandle h) {
    ProcessHandle.Info info = h.info();
    String cmd = shortCommand(h);
    if (isMe(Optional.of(h))) return cmd;
    String args = info.arguments().map(a -> String.join(" ", a)).orElse("");
    return args.isEmpty() ? cmd : cmd + " " + args;
  }

  private static String describe(Optional<ProcessHandle> h) {
    return h.map(p -> get("demo.processes.describe", p.pid(), shortCommand(p))).orElse(get("demo.processes.unknown"));
  }

  private static String shortCommand(ProcessHandle h) {
    return h.info().command().map(c -> Path.of(c).getFileName().toString()).orElseGet(() -> comm(h.pid()));
  }

  /** The name the kernel keeps for a process (readable even where its executable's path is not). */
  private static String comm(long pid) {
    try {
      return Files.readString(Path.of("/proc/" + pid + "/comm")).strip();
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private static boolean isMe(Optional<ProcessHandle> h) {
    return h.map(p -> p.pid() == ProcessHandle.current().pid()).orElse(false);
  }

  /** The one-letter state from /proc/PID/stat (R, S, Z…), or "" where there is no /proc. */
  static String state(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      int close = stat.lastIndexOf(')'); // the command name may contain spaces and parentheses
      return stat.substring(close + 2, close + 3);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** Gone, or a zombie (dead, waiting for a parent that is not us to collect it). */
  static boolean gone(ProcessHandle h) {
    return !h.isAlive() || "Z".equals(state(h.pid()));
  }
}
