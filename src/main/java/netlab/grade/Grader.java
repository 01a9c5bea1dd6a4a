package netlab.grade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;
import netlab.core.ExitCode;
import netlab.core.LabHome;
import netlab.core.Msg;
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
      throw new NetlabException(ExitCode.ENVIRONMENT, Msg.get("grader.noCompiler", e.getMessage()));
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
        throw new NetlabException(ExitCode.INTERNAL, Msg.get("grader.noHiddenTests", ex.id(), home.show(ex.hiddenDir(home))));
      }
      for (Path f : ex.solutionFiles(home)) {
        if (!Files.isRegularFile(f)) {
          throw new NetlabException(ExitCode.INTERNAL, Msg.get("grader.noSolution", home.show(f)));
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
          throw new NetlabException(ExitCode.INTERNAL, Msg.get("grader.hiddenNoCompile", ex.id(),
              Feedback.firstDiagnostic(home, e.diagnostics)));
        }
        if ("error".equals(e.type)) {
          HiddenTests.delete(tmp);
          throw new NetlabException(ExitCode.INTERNAL, Msg.get("grader.prepareFailed", ex.id(), e.message));
        }
      }
      if (a.ending() != WorkerProcess.Ending.DONE || !HiddenTests.ready(tmp)) {
        HiddenTests.delete(tmp);
        throw new NetlabException(ExitCode.INTERNAL, Msg.get("grader.prepareFailed", ex.id(), a.why()));
      }
      HiddenTests.publish(tmp, cache);
      return HiddenTests.read(cache);
    } catch (IOException e) {
      throw new NetlabException(ExitCode.ENVIRONMENT, Msg.get("grader.cannotPrepare", ex.id(), e.getMessage()), e);
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
    return check(ex, dir, progress, false);
  }

  /**
   * As {@link #check(Exercise, Path, Consumer)}; {@code withInstructorTests} also runs the tests
   * marked {@link netlab.grade.api.InstructorOnly} (verify does; a student's check does not).
   */
  public CheckResult check(Exercise ex, Path dir, Consumer<TestOutcome> progress, boolean withInstructorTests)
      throws NetlabException {
    long start = System.nanoTime();
    List<String> problems = new ArrayList<>();
    for (String f : ex.files()) {
      Path p = dir.resolve(f);
      if (!Files.isRegularFile(p)) {
        problems.add(netlab.core.Msg.get("check.missingFile", home.show(p), ex.id()));
      }
    }
    if (!problems.isEmpty()) {
      return new CheckResult(ex, problems, List.of(), false, List.of(), List.of(), millisSince(start));
    }
    List<Path> sources;
    try (Stream<Path> s = Files.list(dir)) {
      sources = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new NetlabException(ExitCode.ENVIRONMENT, Msg.get("grader.cannotRead", home.show(dir), e.getMessage()), e);
    }
    netlab.core.StartupTrace.mark("check: files listed");
    // compiled here, in the lab: compiling runs none of the student's code, and it overlaps
    // with the worker's start-up; only the tests run in the worker
    // unchanged code compiled before: its class files (CompiledCache), no javac
    CompiledCache cache = new CompiledCache(home.state().resolve("compiled"), sources);
    MemoryCompiler.Output compiled = cache.get();
    try {
      if (compiled == null) {
        compiled = compilerOrFail().compile(sources, List.of());
        cache.put(compiled);
      }
    } catch (IOException e) {
      throw new NetlabException(ExitCode.ENVIRONMENT, Msg.get("grader.cannotCompile", home.show(dir), e.getMessage()), e);
    }
    netlab.core.StartupTrace.mark("check: compiled");
    if (!compiled.ok()) {
      return new CheckResult(ex, List.of(), compiled.diagnostics(), false, List.of(), List.of(), millisSince(start));
    }
    HiddenTests.Prepared hidden = withInstructorTests ? prepare(ex) : prepare(ex).forStudents();
    netlab.core.StartupTrace.mark("check: hidden tests ready");
    CheckResult r = new GradingRun(ex, hidden, compiled.classes(), options.testTimeout(), workers, progress).run(start);
    if (hidden.withheldPoints() == 0) return r;
    List<String> notes = new ArrayList<>(r.notes());
    notes.add(netlab.core.Msg.get("check.withheld", hidden.withheldPoints()));
    return new CheckResult(r.exercise(), r.problems(), r.diagnostics(), r.compiled(), r.tests(), notes, r.millis(),
        r.tampered());
  }

  /** This grader's warm worker, lent to one run at a time. */
  private final GradingRun.Workers workers = new GradingRun.Workers() {
    @Override
    public WorkerProcess acquire() throws NetlabException {
      return Grader.this.acquire();
    }

    @Override
    public void release(WorkerProcess w) {
      Grader.this.release(w);
    }
  };

  static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
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
        throw NetlabException.usage(Msg.get("grader.apiNoCompile", Feedback.firstDiagnostic(home, e.diagnostics)));
      }
      if ("api".equals(e.type)) return e.signatures;
    }
    throw new NetlabException(ExitCode.INTERNAL, Msg.get("grader.noApi", a.why()));
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
