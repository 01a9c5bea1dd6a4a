package netlab.grade.worker;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import netlab.grade.MemoryCompiler;
import netlab.grade.protocol.Channel;
import netlab.grade.protocol.Event;
import netlab.grade.protocol.Request;

/**
 * The grading worker: a JVM of its own that compiles student code in memory and runs the hidden
 * tests on it, so nothing the student's code does can reach the lab's JVM. It talks to the lab
 * over a Unix socket (see {@link Channel}); the student's prints go into an {@link OutputCapture}.
 * Usage: {@code java -cp netlab.jar netlab.grade.worker.WorkerMain SOCKET_PATH}.
 */
public final class WorkerMain {
  /** The display name of the test running now, for the exit report on Java 24+. */
  static volatile String currentTest;
  /** The student's class names during a run, for the thread watchdog to name a bombing initializer. */
  static volatile Set<String> currentStudentClasses = Set.of();
  private static volatile String currentNonce;
  /** Whether the hidden tests are running now (the watchdog looks for a spinning initializer only then). */
  private static volatile boolean testsRunning;
  private static volatile boolean quitting;

  private final Channel channel;
  /** javac, made on first use: a check's code arrives compiled, and javac costs ~0.4 s to load. */
  private MemoryCompiler compiler;
  private final TestRunner runner;
  private final OutputCapture capture = new OutputCapture();
  private final List<Path> libraries;

  private ExitGuard guard;
  private JvmDefaults defaults;

  private WorkerMain(Channel channel) {
    this.channel = channel;
    // JUnit warms up on a second core while javac compiles the first request
    this.runner = new TestRunner();
    Thread warm = new Thread(runner::warmUp, "netlab-warm-up");
    warm.setDaemon(true);
    warm.start();
    // hidden tests compile against the grader's module (JUnit, the helpers) on the class path
    String path = System.getProperty("jdk.module.path", System.getProperty("java.class.path"));
    this.libraries = Stream.of(path.split(File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).toList();
  }

  public static void main(String[] args) throws IOException {
    if (args.length == 1 && args[0].equals("--warm-up")) {
      // only the worker's own warm-up test, for the class list of its archive (WorkerArchive)
      new TestRunner().warmUp();
      return;
    }
    if (args.length != 1) {
      System.err.println("usage: WorkerMain SOCKET_PATH");
      System.exit(2);
    }
    netlab.core.StartupTrace.mark("worker: main");
    // SIGINT is ignored from the start (the lab starts workers that way): a Ctrl-C at the
    // keyboard is the lab's to handle
    var socket = java.nio.channels.SocketChannel.open(StandardProtocolFamily.UNIX);
    socket.connect(UnixDomainSocketAddress.of(args[0]));
    Channel channel = new Channel(socket);
    netlab.core.StartupTrace.mark("worker: connected");
    ExitGuard guard = ExitGuard.install();
    netlab.core.StartupTrace.mark("worker: guard installed");
    watchThreads(channel, guard, Integer.getInteger("netlab.maxThreads", 500));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> reportExit(channel), "netlab-exit-report"));
    Event hello = Event.of("hello", null);
    hello.pid = ProcessHandle.current().pid();
    hello.java = Runtime.version().toString();
    hello.exitGuard = guard != null;
    channel.send(hello);
    netlab.core.StartupTrace.mark("worker: hello sent");
    // before any student code (and before the warm-up, which is JUnit's own): the hooks as the JDK set them
    JvmDefaults defaults = JvmDefaults.now(guard != null);
    WorkerMain worker = new WorkerMain(channel);
    worker.runner.watch(defaults);
    worker.defaults = defaults;
    worker.guard = guard;
    PrintStream captured = new PrintStream(worker.capture, true, StandardCharsets.UTF_8);
    System.setOut(captured);
    System.setErr(captured);
    worker.serve();
    quitting = true;
    if (guard != null) guard.allowExit();
    System.exit(0);
  }

  /**
   * A thread bomb would take the machine down before any timeout fires, so a watchdog counts the
   * worker's threads and ends the worker, saying why, when code under test starts too many. It
   * also ends the worker when a static initializer only spins ({@link InitializerSpin}).
   */
  private static void watchThreads(Channel channel, ExitGuard guard, int max) {
    Thread dog = new Thread(() -> {
      ThreadGroup root = Thread.currentThread().getThreadGroup();
      while (root.getParent() != null) root = root.getParent();
      InitializerSpin spin = new InitializerSpin();
      for (long round = 0; ; round++) {
        // every 200 ms (stack traces cost a safepoint): a static initializer that only spins
        String spinning = round % 20 == 0 && testsRunning ? spin.check(currentStudentClasses) : null;
        if (spinning != null) {
          Event e = Event.of("exit", currentNonce);
          e.message = "the static initializer of " + spinning + " ran for " + InitializerSpin.LIMIT_NS / 1_000_000_000L
              + " s of CPU without finishing (an endless loop?)" + (currentTest == null ? "" : " during '" + currentTest + "'")
              + "; the worker was stopped";
          e.stuckInit = spinning;
          e.status = "spinning";
          stopWith(channel, guard, e);
        }
        if (root.activeCount() > max) {
          Event e = Event.of("exit", currentNonce);
          e.message = "the program started more than " + max + " threads"
              + (currentTest == null ? "" : " during '" + currentTest + "'") + " (a thread bomb?); the worker was stopped";
          // a bomb in a static initializer goes off again in every later test, each in a fresh
          // worker: naming the class lets the lab fail those tests at once
          e.stuckInit = TestRunner.staticInitializerRunning(currentStudentClasses);
          if (e.stuckInit != null) {
            e.message += "\nit was running the static initializer of " + e.stuckInit + ": no test can use " + e.stuckInit;
          }
          stopWith(channel, guard, e);
        }
        try {
          Thread.sleep(10);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }, "netlab-thread-watchdog");
    dog.setDaemon(true);
    dog.start();
  }

  /** Tells the lab why (an {@code exit} event) and ends the worker at once, from the watchdog. */
  private static void stopWith(Channel channel, ExitGuard guard, Event e) {
    try {
      channel.send(e);
    } catch (IOException ignored) {
      // the lab will notice the worker is gone
    }
    quitting = true;
    if (guard != null) guard.allowExit(); // our own halt must not be stopped as the student's would
    Runtime.getRuntime().halt(70);
  }

  /** Java 24+: System.exit cannot be blocked, but shutdown hooks still run; tell the lab why. */
  private static void reportExit(Channel channel) {
    if (quitting || currentNonce == null) return;
    Event e = Event.of("exit", currentNonce);
    e.message = currentTest == null ? "the program called System.exit"
        : "the program called System.exit during '" + currentTest + "'";
    try {
      channel.send(e);
    } catch (IOException ignored) {
      // the lab will notice the worker is gone
    }
  }

  private void serve() throws IOException {
    while (true) {
      Request r = channel.receive(Request.class);
      if (r == null || "quit".equals(r.op)) return;
      currentNonce = r.nonce;
      try {
        switch (r.op) {
          case "run" -> run(r);
          case "prepare" -> prepare(r);
          case "api" -> api(r);
          case "compile" -> compileOnly(r);
          default -> error(r, "unknown request '" + r.op + "'");
        }
      } catch (IOException e) {
        throw e;
      } catch (Throwable t) {
        error(r, "the worker failed: " + t);
      }
      channel.send(Event.of("done", r.nonce));
      currentNonce = null;
    }
  }

  private MemoryCompiler compiler() {
    if (compiler == null) compiler = new MemoryCompiler();
    return compiler;
  }

  private void error(Request r, String message) throws IOException {
    Event e = Event.of("error", r.nonce);
    e.message = message;
    channel.send(e);
  }

  private MemoryCompiler.Output compile(Request r, List<String> sources, List<Path> classpath) throws IOException {
    MemoryCompiler.Output out = compiler().compile(sources.stream().map(Path::of).toList(), classpath);
    Event e = Event.of("compiled", r.nonce);
    e.ok = out.ok();
    e.diagnostics = out.diagnostics().isEmpty() ? null : out.diagnostics();
    e.classes = new ArrayList<>(out.classes().keySet());
    channel.send(e);
    return out;
  }

  private void run(Request r) throws IOException {
    netlab.core.StartupTrace.mark("worker: run request");
    // the student's classes were compiled by the lab; the hidden tests come as bytes too, so a
    // sandboxed worker has no copy of them on disk for the student's code to read
    Map<String, byte[]> studentClasses = r.student == null ? Map.of() : r.student;
    StudentLoader student = new StudentLoader(studentClasses);
    ClassLoader hidden;
    List<Class<?>> tests = new ArrayList<>();
    try {
      hidden = HiddenModule.define(r.hidden, student);
      for (String name : r.hidden.keySet().stream().filter(n -> !n.contains("$")).sorted().toList()) {
        tests.add(Class.forName(name, false, hidden));
      }
    } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
      error(r, "cannot load the tests: " + e);
      return;
    }
    netlab.core.StartupTrace.mark("worker: tests loaded");
    // changed after the last look of an earlier run (a finalizer, say): this worker is spent, and
    // which run did it cannot be told, so none is blamed; the lab runs this one in a fresh worker
    if (hooked()) {
      stopAfterTimeout(r.nonce, "a JVM-wide default was changed after the last run; the tests run in a fresh worker");
      return;
    }
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    currentStudentClasses = Set.copyOf(studentClasses.keySet());
    testsRunning = true;
    TestRunner.Outcome outcome;
    try {
      outcome = runner.run(tests, hidden, student, r.testTimeoutMs, capture, r.outputKeep, r.outputLimit,
          studentClasses.keySet(), r.nonce, channel::send, r.only == null ? null : new HashSet<>(r.only),
          () -> stopAfterTimeout(r.nonce, "a test timed out or ran out of memory; the rest run in a fresh worker"));
    } finally {
      testsRunning = false;
    }
    netlab.core.StartupTrace.mark("worker: tests ran");
    List<String> processes = leftoverProcesses();
    Map<String, String> socketCalls = new LinkedHashMap<>();
    List<String> leftovers = leftoverThreads(before, studentClasses.keySet(), socketCalls);
    netlab.core.StartupTrace.mark("worker: threads checked");
    // a hook changed after the last test's look (by a thread still running, say) spoils the next run
    if (outcome.tainted() || hooked() || !leftovers.isEmpty() || !processes.isEmpty()) {
      Event e = Event.of("taint", r.nonce);
      // a timeout or an OutOfMemoryError already explains itself in its test's result
      List<String> what = new ArrayList<>();
      if (!leftovers.isEmpty()) {
        what.add(leftovers.size() + (leftovers.size() == 1 ? " thread" : " threads") + " still running after the tests: "
            + String.join(", ", leftovers) + " (code under test should stop the threads it starts)"
            + socketCalls.entrySet().stream().findFirst()
                .map(c -> "\nlikely cause: " + ServerLoops.CAUSE + " (" + c.getKey() + " is in " + c.getValue() + ")")
                .orElse(""));
      }
      if (!processes.isEmpty()) {
        what.add(processes.size() + (processes.size() == 1 ? " process" : " processes")
            + " still running after the tests, now killed: " + String.join(", ", processes));
      }
      e.message = what.isEmpty() ? null : String.join("; ", what);
      channel.send(e);
    }
    // JUnit gave up halfway (memory ran out): the tests not run yet go to a fresh worker
    if (outcome.aborted()) stopAfterTimeout(r.nonce, "the test run stopped early (memory ran out); the rest run in a fresh worker");
  }

  /** Whether a JVM-wide hook the tests rely on changed (or the look failed: memory ran out, say). */
  private boolean hooked() {
    try {
      return defaults != null && defaults.changed() != null;
    } catch (Throwable e) {
      return true;
    }
  }

  /**
   * Ends this worker before the end of a run (a timed-out test, an aborted run): the lab runs the
   * remaining tests elsewhere. Never {@code done}, which means every test has its result.
   */
  private void stopAfterTimeout(String nonce, String why) {
    try {
      channel.send(Event.of("taint", nonce));
      Event halt = Event.of("halt", nonce);
      halt.message = why;
      channel.send(halt);
    } catch (IOException ignored) {
      // the lab will notice the worker is gone
    }
    quitting = true;
    if (guard != null) guard.allowExit();
    Runtime.getRuntime().halt(0);
  }

  /**
   * Threads the JDK starts for itself and keeps: JUnit's timeout executors, the reaper that
   * waits for child processes (it lingers 60 s after the last one), the cleaner.
   */
  private static boolean jdkThread(Thread t) {
    String n = t.getName();
    return n.startsWith("junit-") || t.isDaemon() && (n.equals("process reaper") || n.equals("Common-Cleaner"));
  }

  /**
   * A worker of the JDK's common ForkJoinPool with no task: JDK code starts these on demand
   * (CompletableFuture, parallel streams, and on newer JDKs HttpClient's own stages) and keeps
   * an idle one for 60 s, so it says nothing about the student's code. One that runs a task
   * (any frame outside java.util.concurrent) is still a leftover. (JDK 25's HttpClient left one
   * behind the reference http-server, which then read "1 thread still running after the tests".)
   */
  static boolean idleCommonPoolWorker(Thread t, StackTraceElement[] stack) {
    // the pool's own kind of thread, not one merely named like it (a student's idle executor could be)
    if (!(t instanceof java.util.concurrent.ForkJoinWorkerThread w) || w.getPool() != java.util.concurrent.ForkJoinPool.commonPool()
        || stack == null) {
      return false;
    }
    for (StackTraceElement f : stack) {
      String c = f.getClassName();
      if (!c.startsWith("java.util.concurrent.") && !c.startsWith("jdk.internal.misc.") && !c.equals("java.lang.Thread")) {
        return false;
      }
    }
    return true;
  }

  /** Child processes the code under test left running: killed, and named for the report. */
  private static List<String> leftoverProcesses() {
    List<String> out = new ArrayList<>();
    ProcessHandle.current().descendants().forEach(p -> {
      out.add(p.pid() + " (" + p.info().command().map(c -> Path.of(c).getFileName().toString()).orElse("?") + ")");
      p.destroyForcibly();
    });
    return out;
  }

  /**
   * Threads started during the run that are still alive after a short grace period. Their stacks,
   * looked at all through it, fill {@code socketCalls}: the ones whose student code waits on a
   * socket, by quoted name.
   */
  private static List<String> leftoverThreads(Set<Thread> before, Set<String> studentClasses,
      Map<String, String> socketCalls) {
    long deadline = System.nanoTime() + 300_000_000L;
    List<Thread> alive;
    do {
      Map<Thread, StackTraceElement[]> stacks = Thread.getAllStackTraces();
      alive = stacks.keySet().stream()
          .filter(t -> !before.contains(t) && t.isAlive() && !jdkThread(t) && !idleCommonPoolWorker(t, stacks.get(t)))
          .toList();
      if (alive.isEmpty()) return List.of();
      for (Thread t : alive) {
        String call = ServerLoops.socketCall(stacks.get(t), studentClasses);
        if (call != null) socketCalls.putIfAbsent("'" + t.getName() + "'", call);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    } while (System.nanoTime() < deadline);
    List<String> names = alive.stream().map(t -> "'" + t.getName() + "'").sorted().toList();
    socketCalls.keySet().retainAll(names);
    return names;
  }

  /**
   * Compiles the hidden tests against the reference solution, moves them into their own package
   * ({@link Relocation}), writes them to {@code outDir} with an {@code index.json} of the tests
   * they hold, found by JUnit's discovery in the same module layout a run uses.
   */
  private void prepare(Request r) throws IOException {
    List<String> all = new ArrayList<>(r.sources);
    all.addAll(r.hiddenSources);
    MemoryCompiler.Output out = compile(r, all, libraries);
    if (!out.ok()) return;
    Set<Path> hiddenFiles = new HashSet<>();
    for (String s : r.hiddenSources) hiddenFiles.add(Path.of(s).toAbsolutePath().normalize());
    Map<String, byte[]> hiddenClasses = new HashMap<>();
    Map<String, byte[]> solution = new HashMap<>();
    for (Map.Entry<String, byte[]> c : out.classes().entrySet()) {
      Path origin = out.origins().get(c.getKey());
      boolean isHidden = origin != null && hiddenFiles.contains(origin.toAbsolutePath().normalize());
      (isHidden ? hiddenClasses : solution).put(c.getKey(), c.getValue());
    }
    Map<String, byte[]> moved = Relocation.intoHiddenPackage(hiddenClasses);
    Path dir = Files.createDirectories(Path.of(r.outDir));
    for (Map.Entry<String, byte[]> c : moved.entrySet()) Files.write(dir.resolve(c.getKey() + ".class"), c.getValue());
    List<String> testClasses = moved.keySet().stream().filter(n -> !n.contains("$")).sorted().toList();
    StudentLoader student = new StudentLoader(solution);
    ClassLoader loader = HiddenModule.define(moved, student);
    List<Class<?>> classes = new ArrayList<>();
    for (String name : testClasses) {
      try {
        classes.add(Class.forName(name, false, loader));
      } catch (ClassNotFoundException e) {
        error(r, "cannot load hidden test class " + name);
        return;
      }
    }
    Thread self = Thread.currentThread();
    ClassLoader previous = self.getContextClassLoader();
    self.setContextClassLoader(loader);
    List<Event.TestInfo> tests;
    try {
      tests = runner.discover(classes);
    } finally {
      self.setContextClassLoader(previous);
    }
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("exercise", r.exercise);
    index.put("classes", testClasses);
    index.put("instructorClasses", classes.stream()
        .filter(c -> c.isAnnotationPresent(netlab.grade.api.InstructorOnly.class)).map(Class::getName).toList());
    index.put("tests", tests);
    com.fasterxml.jackson.jr.ob.JSON.std.with(com.fasterxml.jackson.jr.ob.JSON.Feature.PRETTY_PRINT_OUTPUT)
        .write(index, dir.resolve("index.json").toFile());
    Event plan = Event.of("plan", r.nonce);
    plan.tests = tests;
    channel.send(plan);
  }

  /** Compiles sources (batch grading: a pathological source hangs only this worker) and sends the classes back. */
  private void compileOnly(Request r) throws IOException {
    MemoryCompiler.Output out = compiler().compile(r.sources.stream().map(Path::of).toList(), List.of());
    Event e = Event.of("compiled", r.nonce);
    e.ok = out.ok();
    e.diagnostics = out.diagnostics().isEmpty() ? null : out.diagnostics();
    e.classes = new ArrayList<>(out.classes().keySet());
    if (out.ok()) e.classFiles = out.classes();
    channel.send(e);
  }

  private void api(Request r) throws IOException {
    MemoryCompiler.Output out = compile(r, r.sources, List.of());
    if (!out.ok()) return;
    StudentLoader loader = new StudentLoader(out.classes());
    Set<String> signatures = new TreeSet<>();
    for (String name : out.classes().keySet()) {
      Class<?> c;
      try {
        c = Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        continue;
      }
      if (!isVisible(c)) continue;
      signatures.add(describe(c));
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (visible(k.getModifiers()) && !k.isSynthetic()) signatures.add(k.toGenericString());
      }
      for (Method m : c.getDeclaredMethods()) {
        if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) signatures.add(m.toGenericString());
      }
      for (Field f : c.getDeclaredFields()) {
        if (visible(f.getModifiers()) && !f.isSynthetic()) signatures.add(f.toGenericString());
      }
    }
    Event e = Event.of("api", r.nonce);
    e.signatures = new ArrayList<>(signatures);
    channel.send(e);
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static boolean isVisible(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
      if (!visible(k.getModifiers()) || k.isAnonymousClass() || k.isLocalClass()) return false;
    }
    return true;
  }

  private static String describe(Class<?> c) {
    StringBuilder b = new StringBuilder(Modifier.toString(c.getModifiers() & ~Modifier.INTERFACE));
    b.append(c.isInterface() ? " interface " : c.isEnum() ? " enum " : c.isRecord() ? " record " : " class ");
    b.append(c.getName());
    if (c.getSuperclass() != null && c.getSuperclass() != Object.class && !c.isEnum() && !c.isRecord()) {
      b.append(" extends ").append(c.getSuperclass().getName());
    }
    Class<?>[] ifaces = c.getInterfaces();
    if (ifaces.length > 0) {
      b.append(" implements ");
      for (int i = 0; i < ifaces.length; i++) b.append(i > 0 ? ", " : "").append(ifaces[i].getName());
    }
    return b.toString();
  }
}
