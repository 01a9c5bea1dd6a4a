package netlab.grade.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
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
  private static volatile String currentNonce;
  private static volatile boolean quitting;

  private final Channel channel;
  private final MemoryCompiler compiler;
  private final TestRunner runner;
  private final OutputCapture capture = new OutputCapture();
  private final List<Path> libraries;

  private ExitGuard guard;

  private WorkerMain(Channel channel, MemoryCompiler compiler) {
    this.channel = channel;
    this.compiler = compiler;
    // JUnit warms up on a second core while javac compiles the first request
    this.runner = new TestRunner();
    Thread warm = new Thread(runner::warmUp, "netlab-warm-up");
    warm.setDaemon(true);
    warm.start();
    this.libraries = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(s -> !s.isBlank()).map(Path::of).toList();
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: WorkerMain SOCKET_PATH");
      System.exit(2);
    }
    netlab.core.StartupTrace.mark("worker: main");
    netlab.grade.protocol.Signals.ignoreInterrupt();
    // javac is created here but warmed only by use: a check's code arrives compiled by the lab
    MemoryCompiler compiler = new MemoryCompiler();
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
    WorkerMain worker = new WorkerMain(channel, compiler);
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
   * worker's threads and ends the worker, saying why, when code under test starts too many.
   */
  private static void watchThreads(Channel channel, ExitGuard guard, int max) {
    Thread dog = new Thread(() -> {
      ThreadGroup root = Thread.currentThread().getThreadGroup();
      while (root.getParent() != null) root = root.getParent();
      while (true) {
        if (root.activeCount() > max) {
          Event e = Event.of("exit", currentNonce);
          e.message = "the program started more than " + max + " threads"
              + (currentTest == null ? "" : " during '" + currentTest + "'") + " (a thread bomb?); the worker was stopped";
          try {
            channel.send(e);
          } catch (IOException ignored) {
            // the lab will notice the worker is gone
          }
          quitting = true;
          if (guard != null) guard.allowExit(); // our own halt must not be stopped as the student's would
          Runtime.getRuntime().halt(70);
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

  private void error(Request r, String message) throws IOException {
    Event e = Event.of("error", r.nonce);
    e.message = message;
    channel.send(e);
  }

  private MemoryCompiler.Output compile(Request r, List<String> sources, List<Path> classpath) throws IOException {
    MemoryCompiler.Output out = compiler.compile(sources.stream().map(Path::of).toList(), classpath);
    Event e = Event.of("compiled", r.nonce);
    e.ok = out.ok();
    e.diagnostics = out.diagnostics().isEmpty() ? null : out.diagnostics();
    e.classes = new ArrayList<>(out.classes().keySet());
    channel.send(e);
    return out;
  }

  private void run(Request r) throws IOException {
    // student code compiles against the JDK alone: no JUnit, no NetLab, no hidden tests
    netlab.core.StartupTrace.mark("worker: run request");
    Map<String, byte[]> studentClasses;
    if (r.classesDir != null) {
      studentClasses = readClasses(Path.of(r.classesDir)); // compiled by the lab
    } else {
      MemoryCompiler.Output student = compile(r, r.sources, List.of());
      if (!student.ok()) return;
      studentClasses = student.classes();
    }
    netlab.core.StartupTrace.mark("worker: compiled");
    Map<String, byte[]> classes = new HashMap<>(studentClasses);
    Map<String, byte[]> hiddenClasses = readClasses(Path.of(r.hiddenClasses));
    classes.putAll(hiddenClasses); // the tests win over a student class of the same name
    List<String> testClasses = hiddenClasses.keySet().stream().filter(n -> !n.contains("$")).sorted().toList();
    ExerciseLoader loader = new ExerciseLoader(classes, WorkerMain.class.getClassLoader());
    List<Class<?>> tests = new ArrayList<>();
    for (String name : testClasses) {
      try {
        tests.add(Class.forName(name, false, loader));
      } catch (ClassNotFoundException | LinkageError e) {
        error(r, "cannot load the tests: " + e);
        return;
      }
    }
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    Thread self = Thread.currentThread();
    ClassLoader previous = self.getContextClassLoader();
    self.setContextClassLoader(loader);
    boolean tainted;
    try {
      tainted = runner.run(tests, r.testTimeoutMs, capture, r.outputKeep, r.outputLimit,
          studentClasses.keySet(), r.nonce, channel::send, r.only == null ? null : new HashSet<>(r.only),
          () -> stopAfterTimeout(r.nonce));
    } finally {
      self.setContextClassLoader(previous);
    }
    netlab.core.StartupTrace.mark("worker: tests ran");
    List<String> processes = leftoverProcesses();
    List<String> leftovers = leftoverThreads(before);
    netlab.core.StartupTrace.mark("worker: threads checked");
    if (tainted || !leftovers.isEmpty() || !processes.isEmpty()) {
      Event e = Event.of("taint", r.nonce);
      // a timeout or an OutOfMemoryError already explains itself in its test's result
      List<String> what = new ArrayList<>();
      if (!leftovers.isEmpty()) {
        what.add(leftovers.size() + (leftovers.size() == 1 ? " thread" : " threads") + " still running after the tests: "
            + String.join(", ", leftovers) + " (code under test should stop the threads it starts)");
      }
      if (!processes.isEmpty()) {
        what.add(processes.size() + (processes.size() == 1 ? " process" : " processes")
            + " still running after the tests, now killed: " + String.join(", ", processes));
      }
      e.message = what.isEmpty() ? null : String.join("; ", what);
      channel.send(e);
    }
  }

  /** Ends this worker after a timed-out test: the lab reruns the remaining tests elsewhere. */
  private void stopAfterTimeout(String nonce) {
    try {
      channel.send(Event.of("taint", nonce));
      channel.send(Event.of("done", nonce));
    } catch (IOException ignored) {
      // the lab will notice the worker is gone
    }
    quitting = true;
    if (guard != null) guard.allowExit();
    Runtime.getRuntime().halt(0);
  }

  /** The class files of a folder (default package), by binary name. */
  private static Map<String, byte[]> readClasses(Path dir) throws IOException {
    Map<String, byte[]> out = new HashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        if (name.endsWith(".class")) out.put(name.substring(0, name.length() - ".class".length()), Files.readAllBytes(f));
      }
    }
    return out;
  }

  /**
   * Threads the JDK starts for itself and keeps: JUnit's timeout executors, the reaper that
   * waits for child processes (it lingers 60 s after the last one), the cleaner.
   */
  private static boolean jdkThread(Thread t) {
    String n = t.getName();
    return n.startsWith("junit-") || t.isDaemon() && (n.equals("process reaper") || n.equals("Common-Cleaner"));
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

  /** Threads started during the run that are still alive after a short grace period. */
  private static List<String> leftoverThreads(Set<Thread> before) {
    long deadline = System.nanoTime() + 300_000_000L;
    List<Thread> alive;
    do {
      alive = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> !before.contains(t) && t.isAlive() && !jdkThread(t))
          .toList();
      if (alive.isEmpty()) return List.of();
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    } while (System.nanoTime() < deadline);
    return alive.stream().map(t -> "'" + t.getName() + "'").sorted().toList();
  }

  private void prepare(Request r) throws IOException {
    List<String> all = new ArrayList<>(r.sources);
    all.addAll(r.hiddenSources);
    MemoryCompiler.Output out = compile(r, all, libraries);
    if (!out.ok()) return;
    Set<Path> hiddenFiles = new HashSet<>();
    for (String s : r.hiddenSources) hiddenFiles.add(Path.of(s).toAbsolutePath().normalize());
    Path dir = Files.createDirectories(Path.of(r.outDir));
    List<String> testClasses = new ArrayList<>();
    for (Map.Entry<String, byte[]> c : out.classes().entrySet()) {
      Path origin = out.origins().get(c.getKey());
      if (origin == null || !hiddenFiles.contains(origin.toAbsolutePath().normalize())) continue;
      Files.write(dir.resolve(c.getKey() + ".class"), c.getValue());
      if (!c.getKey().contains("$")) testClasses.add(c.getKey());
    }
    ExerciseLoader loader = new ExerciseLoader(out.classes(), WorkerMain.class.getClassLoader());
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
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve("index.json").toFile(), index);
    Event plan = Event.of("plan", r.nonce);
    plan.tests = tests;
    channel.send(plan);
  }

  private void api(Request r) throws IOException {
    MemoryCompiler.Output out = compile(r, r.sources, List.of());
    if (!out.ok()) return;
    ExerciseLoader loader = new ExerciseLoader(out.classes(), WorkerMain.class.getClassLoader());
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
