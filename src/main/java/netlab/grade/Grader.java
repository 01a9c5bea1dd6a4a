package netlab.grade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;
import netlab.core.ExitCode;
import netlab.core.LabHome;
import netlab.core.NetlabException;
import netlab.exercise.Exercise;
import netlab.grade.protocol.Event;
import netlab.grade.protocol.Request;

/**
 * Checks exercises: prepares the hidden tests, runs them on the student's files in a worker JVM,
 * and turns the worker's events into a {@link CheckResult}. Keeps one worker warm between
 * checks and replaces it when it is tainted (a timeout, threads left behind, an exit).
 *
 * <p>Results are trusted only when they come over the worker's channel with the request's nonce
 * and name a test the index expects; a test without such a result failed, with the reason the
 * worker's end gives (System.exit, the wall-clock limit, a crash).
 */
public final class Grader implements AutoCloseable {
  /** Per-test timeout, and whether to keep a worker running between checks. */
  public record Options(Duration testTimeout, boolean keepWarm) {
    public static Options defaults() {
      return new Options(Duration.ofSeconds(5), true);
    }
  }

  private final LabHome home;
  private final WorkerSpec spec;
  private final Options options;
  private CompletableFuture<WorkerProcess> next;
  private MemoryCompiler compiler;

  public Grader(LabHome home, WorkerSpec spec, Options options) {
    this.home = home;
    this.spec = spec;
    this.options = options;
  }

  public static Grader forLab(LabHome home, Options options) {
    return new Grader(home, WorkerSpec.forThisJvm(home.root().resolve("target")), options);
  }

  /** Starts a worker in the background so the next check does not wait for a JVM to boot. */
  public synchronized void prewarm() {
    if (next == null) next = CompletableFuture.supplyAsync(this::startOrNull);
  }

  /** Also warms this JVM's compiler, for a session that will check soon (the REPL). */
  public void prewarmAll() {
    prewarm();
    CompletableFuture.runAsync(() -> compiler().warmUp());
  }

  private synchronized MemoryCompiler compiler() {
    if (compiler == null) compiler = new MemoryCompiler();
    return compiler;
  }

  private MemoryCompiler compilerOrFail() throws NetlabException {
    try {
      return compiler();
    } catch (IllegalStateException e) {
      throw new NetlabException(ExitCode.ENVIRONMENT, e.getMessage() + " (install a JDK 17+, e.g. openjdk-17-jdk)");
    }
  }

  private WorkerProcess startOrNull() {
    try {
      return WorkerProcess.start(spec);
    } catch (IOException e) {
      return null;
    }
  }

  private synchronized WorkerProcess acquire() throws NetlabException {
    WorkerProcess w = next == null ? null : next.join();
    next = null;
    if (w != null && !w.tainted()) return w;
    if (w != null) w.close();
    try {
      return WorkerProcess.start(spec);
    } catch (IOException e) {
      throw new NetlabException(ExitCode.ENVIRONMENT, e.getMessage(), e);
    }
  }

  private synchronized void release(WorkerProcess w) {
    if (w.tainted()) {
      w.kill();
      w.close();
      if (options.keepWarm()) prewarm();
    } else if (!options.keepWarm()) {
      w.close(); // a clean exit, so the JVM can write its class-data archive
    } else {
      next = CompletableFuture.completedFuture(w);
    }
  }

  /** Compiled hidden tests for {@code ex}, compiling them (once) when the lab has only sources. */
  public HiddenTests.Prepared prepare(Exercise ex) throws NetlabException {
    try {
      Path shipped = HiddenTests.shipped(home, ex);
      if (HiddenTests.ready(shipped)) return HiddenTests.read(shipped);
      List<Path> sources = HiddenTests.sources(home, ex);
      if (sources.isEmpty()) {
        throw new NetlabException(ExitCode.INTERNAL, "exercise " + ex.id() + " has no hidden tests in "
            + home.show(ex.hiddenDir(home)));
      }
      for (Path f : ex.solutionFiles(home)) {
        if (!Files.isRegularFile(f)) {
          throw new NetlabException(ExitCode.INTERNAL, "the reference solution " + home.show(f) + " is missing");
        }
      }
      Path cache = HiddenTests.cacheDir(home, ex);
      if (HiddenTests.ready(cache)) return HiddenTests.read(cache);
      Files.createDirectories(cache.getParent());
      Path tmp = Files.createTempDirectory(cache.getParent(), "prepare-");
      Request r = Request.of("prepare", null);
      r.exercise = ex.id();
      r.sources = ex.solutionFiles(home).stream().map(Path::toString).toList();
      r.hiddenSources = sources.stream().map(Path::toString).toList();
      r.outDir = tmp.toString();
      WorkerProcess w = acquire();
      WorkerProcess.Answer a;
      try {
        a = w.call(r, Duration.ofSeconds(120), null);
      } finally {
        release(w);
      }
      for (Event e : a.events()) {
        if ("compiled".equals(e.type) && !Boolean.TRUE.equals(e.ok)) {
          HiddenTests.delete(tmp);
          throw new NetlabException(ExitCode.INTERNAL, "the hidden tests of " + ex.id()
              + " do not compile against the solution: " + Feedback.firstDiagnostic(home, e.diagnostics));
        }
        if ("error".equals(e.type)) {
          HiddenTests.delete(tmp);
          throw new NetlabException(ExitCode.INTERNAL, "preparing the tests of " + ex.id() + " failed: " + e.message);
        }
      }
      if (a.ending() != WorkerProcess.Ending.DONE || !HiddenTests.ready(tmp)) {
        HiddenTests.delete(tmp);
        throw new NetlabException(ExitCode.INTERNAL, "preparing the tests of " + ex.id() + " failed: " + a.why());
      }
      HiddenTests.publish(tmp, cache);
      return HiddenTests.read(cache);
    } catch (IOException e) {
      throw new NetlabException(ExitCode.ENVIRONMENT, "cannot prepare the tests of " + ex.id() + ": " + e.getMessage(), e);
    }
  }

  /** Checks the student's copy of {@code ex} (its folder under exercises/). */
  public CheckResult check(Exercise ex) throws NetlabException {
    return check(ex, ex.starterDir(home), null);
  }

  /**
   * Checks the exercise's files in {@code dir}: every listed file must be there; any other
   * {@code .java} file in the folder (a helper class of the student's) is compiled too.
   */
  public CheckResult check(Exercise ex, Path dir, Consumer<TestOutcome> progress) throws NetlabException {
    long start = System.nanoTime();
    List<String> problems = new ArrayList<>();
    for (String f : ex.files()) {
      Path p = dir.resolve(f);
      if (!Files.isRegularFile(p)) {
        problems.add(home.show(p) + " is missing; 'reset " + ex.id() + "' restores the starter");
      }
    }
    if (!problems.isEmpty()) {
      return new CheckResult(ex, problems, List.of(), false, List.of(), List.of(), millisSince(start));
    }
    List<Path> sources;
    try (Stream<Path> s = Files.list(dir)) {
      sources = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new NetlabException(ExitCode.ENVIRONMENT, "cannot read " + home.show(dir) + ": " + e.getMessage(), e);
    }
    netlab.core.StartupTrace.mark("check: files listed");
    // compiled here, in the lab: compiling runs none of the student's code, and it overlaps
    // with the worker's start-up; only the tests run in the worker
    MemoryCompiler.Output compiled;
    try {
      compiled = compilerOrFail().compile(sources, List.of());
    } catch (IOException e) {
      throw new NetlabException(ExitCode.ENVIRONMENT, "cannot compile " + home.show(dir) + ": " + e.getMessage(), e);
    }
    netlab.core.StartupTrace.mark("check: compiled");
    if (!compiled.ok()) {
      return new CheckResult(ex, List.of(), compiled.diagnostics(), false, List.of(), List.of(), millisSince(start));
    }
    HiddenTests.Prepared hidden = prepare(ex);
    netlab.core.StartupTrace.mark("check: hidden tests ready");
    Path classes;
    try {
      classes = Files.createTempDirectory("netlab-classes");
      for (var c : compiled.classes().entrySet()) Files.write(classes.resolve(c.getKey() + ".class"), c.getValue());
    } catch (IOException e) {
      throw new NetlabException(ExitCode.ENVIRONMENT, "cannot write compiled classes: " + e.getMessage(), e);
    }
    try {
      return runTests(ex, hidden, classes, progress, start);
    } finally {
      HiddenTests.delete(classes);
    }
  }

  private CheckResult runTests(Exercise ex, HiddenTests.Prepared hidden, Path classes, Consumer<TestOutcome> progress,
      long start) throws NetlabException {
    Run run = new Run(ex, hidden, classes, progress);
    run.execute(null);
    // a test that ends the worker (an exit the JVM could not block on Java 24+, a crash) or the
    // run (JUnit gives up after an OutOfMemoryError) costs only itself: the tests not reached yet
    // get a second chance in a fresh worker
    for (int round = 0; round < hidden.tests().size() && run.compiled && !Thread.currentThread().isInterrupted()
        && run.ending != WorkerProcess.Ending.TIMED_OUT && !run.allAccountedFor(); round++) {
      if (run.ending == WorkerProcess.Ending.DIED) run.blame(run.firstMissing());
      Set<String> rest = new LinkedHashSet<>();
      for (Event.TestInfo t : hidden.tests()) {
        if (!run.results.containsKey(t.id()) && !run.blamed.containsKey(t.id())) rest.add(t.id());
      }
      if (rest.isEmpty()) break;
      int before = run.results.size() + run.blamed.size();
      run.execute(rest);
      if (run.results.size() + run.blamed.size() == before && run.ending == WorkerProcess.Ending.DONE) break;
    }
    return run.result(millisSince(start));
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** One check, possibly over two workers. */
  private final class Run {
    final Exercise ex;
    final HiddenTests.Prepared hidden;
    final Path classes;
    final Consumer<TestOutcome> progress;
    final Map<String, TestOutcome> results = new HashMap<>();
    final List<String> notes = new ArrayList<>();
    List<Event.Diagnostic> diagnostics = List.of();
    boolean compiled = true;
    WorkerProcess.Ending ending;
    String why;
    final Map<String, String> blamed = new HashMap<>();

    Run(Exercise ex, HiddenTests.Prepared hidden, Path classes, Consumer<TestOutcome> progress) {
      this.ex = ex;
      this.hidden = hidden;
      this.classes = classes;
      this.progress = progress;
    }

    void execute(Set<String> only) throws NetlabException {
      Request r = Request.of("run", null);
      r.exercise = ex.id();
      r.classesDir = classes.toString();
      r.hiddenClasses = hidden.classes().toString();
      r.testTimeoutMs = options.testTimeout().toMillis();
      r.only = only == null ? null : List.copyOf(only);
      int count = only == null ? hidden.tests().size() : only.size();
      Duration wall = Duration.ofSeconds(Math.min(180, 15 + count * (options.testTimeout().toSeconds() + 1)));
      WorkerProcess w = acquire();
      netlab.core.StartupTrace.mark("check: worker ready");
      WorkerProcess.Answer a;
      try {
        a = w.call(r, wall, this::onEvent);
        netlab.core.StartupTrace.mark("check: worker answered");
      } finally {
        release(w);
      }
      ending = a.ending();
      why = a.why();
      for (Event e : a.events()) {
        if ("taint".equals(e.type) && e.message != null && !notes.contains(e.message)) notes.add(e.message);
        if ("error".equals(e.type)) notes.add("the worker could not run the tests: " + e.message);
      }
      if (a.ending() == WorkerProcess.Ending.TIMED_OUT) blame(firstMissing());
    }

    private void onEvent(Event e) {
      if ("compiled".equals(e.type)) {
        compiled = Boolean.TRUE.equals(e.ok);
        diagnostics = e.diagnostics == null ? List.of() : e.diagnostics;
      } else if ("result".equals(e.type)) {
        Event.TestInfo t = expected(e.id);
        if (t == null) return; // not a test the index knows: ignore rather than trust it
        TestOutcome previous = results.get(t.id());
        boolean passed = "passed".equals(e.status) && (previous == null || previous.passed());
        TestOutcome o = new TestOutcome(t.id(), t.name(), t.points(), passed,
            passed ? null : (previous != null && !previous.passed() ? previous.reason() : e.reason),
            e.detail == null ? List.of() : e.detail, e.output, e.ms == null ? 0 : e.ms);
        results.put(t.id(), o);
        if (progress != null && previous == null) progress.accept(o);
      }
    }

    /** The index entry for a result id; dynamic tests count toward the template they came from. */
    private Event.TestInfo expected(String id) {
      for (Event.TestInfo t : hidden.tests()) {
        if (t.id().equals(id) || id.startsWith(t.id() + "/")) return t;
      }
      return null;
    }

    boolean allAccountedFor() {
      return hidden.tests().stream().allMatch(t -> results.containsKey(t.id()) || blamed.containsKey(t.id()));
    }

    String firstMissing() {
      for (Event.TestInfo t : hidden.tests()) {
        if (!results.containsKey(t.id()) && !blamed.containsKey(t.id())) return t.id();
      }
      return null;
    }

    void blame(String id) {
      if (id != null) blamed.put(id, why);
    }

    CheckResult result(long millis) {
      List<TestOutcome> tests = new ArrayList<>();
      if (compiled) {
        for (Event.TestInfo t : hidden.tests()) {
          TestOutcome o = results.get(t.id());
          if (o == null) {
            String reason = blamed.containsKey(t.id()) ? blamed.get(t.id())
                : "did not run: " + (why == null ? "the worker stopped early" : why);
            o = new TestOutcome(t.id(), t.name(), t.points(), false, reason, List.of(), null, 0);
          }
          tests.add(o);
        }
      }
      return new CheckResult(ex, List.of(), diagnostics, compiled, tests, notes, millis);
    }
  }

  /** The public API of some sources, one signature per line, for comparing starter and solution. */
  public List<String> api(List<Path> sources) throws NetlabException {
    Request r = Request.of("api", null);
    r.sources = sources.stream().map(Path::toString).toList();
    WorkerProcess w = acquire();
    WorkerProcess.Answer a;
    try {
      a = w.call(r, Duration.ofSeconds(60), null);
    } finally {
      release(w);
    }
    for (Event e : a.events()) {
      if ("compiled".equals(e.type) && !Boolean.TRUE.equals(e.ok)) {
        throw NetlabException.usage("does not compile: " + Feedback.firstDiagnostic(home, e.diagnostics));
      }
      if ("api".equals(e.type)) return e.signatures;
    }
    throw new NetlabException(ExitCode.INTERNAL, "the worker gave no API: " + a.why());
  }

  public LabHome home() {
    return home;
  }

  @Override
  public synchronized void close() {
    if (next != null) {
      WorkerProcess w = next.join();
      if (w != null) w.close();
      next = null;
    }
  }
}
