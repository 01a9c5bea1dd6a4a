package netlab.grade.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import netlab.core.ExitCode;
import netlab.core.LabHome;
import netlab.core.Lang;
import netlab.core.Msg;
import netlab.core.NetlabException;
import netlab.exercise.Exercise;
import netlab.grade.CheckResult;
import netlab.grade.Grader;
import netlab.grade.GradingRun;
import netlab.grade.HiddenTests;
import netlab.grade.TestOutcome;
import netlab.grade.WorkerSpec;
import netlab.grade.protocol.Event;
import netlab.grade.sandbox.Confinement;

/**
 * Grades a class: every submission in a folder, each student in a worker of their own (in a
 * bubblewrap sandbox where the machine has one), N students at a time. Each student's result is
 * written as soon as it is known, so an interrupted run resumes where it stopped.
 *
 * <p>What reaches the terminal (errors that stop the run) is in the session's language; a
 * student's problem lines and test reasons go only into the report's files, and stay English.
 */
public final class BatchGrader {
  /** How to grade. {@code shard} is 1-based: shard K of N takes every Nth student from the K-th. */
  public record Options(int jobs, List<Exercise> exercises, Duration testTimeout, Duration exerciseLimit,
      Confinement confinement, boolean regrade, int shard, int shards, Duration compileLimit) {
    public boolean sandbox() {
      return confinement != null && confinement.sandboxed() && confinement.missing().isEmpty();
    }
  }

  /** What a run did, for the summary line and the report. */
  public record Summary(List<StudentGrade> students, int graded, int skipped, boolean sandboxed, long millis) {}

  /** Told about every finished student, for the progress bar. */
  public interface Listener {
    void done(StudentGrade g, int finished, int total);
  }

  /**
   * Compiling workers, warm from one student to the next, shared by the grading threads. One
   * compiles for the whole run while it keeps up: a warm javac compiles a student's 21 exercises
   * in about 0.4 s, while each new compiler costs 3 to 5 s of CPU to start and bring javac up to
   * speed (measured: bench/README.md). Another is started, up to one per core, only when a grading
   * thread has waited {@link #COMPILER_WAIT} for one (a source that takes javac long, a loaded
   * machine). Made on first use.
   */
  private final java.util.concurrent.BlockingQueue<Compiler> idleCompilers = new java.util.concurrent.LinkedBlockingQueue<>();
  private final List<Compiler> allCompilers = java.util.Collections.synchronizedList(new ArrayList<>());
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * Compiled submissions by the SHA-256 of their files (names and bytes): javac is deterministic,
   * so a file submitted by many students (an untouched starter, a shared solution) is compiled
   * once per run. Only clean outcomes are kept (classes or diagnostics, never a compiler that
   * gave up), and at most {@link #CACHE_BYTES} of class files.
   */
  private final java.util.concurrent.ConcurrentHashMap<String, Compiler.Result> compiledByHash =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong cachedBytes = new java.util.concurrent.atomic.AtomicLong();
  private static final long CACHE_BYTES = 128L << 20;
  /** Where a student's report folder keeps the sources that were graded, one folder per exercise. */
  public static final String SOURCES = "sources";

  private final LabHome home;
  private final Options options;
  private final Path out;

  public BatchGrader(LabHome home, Options options, Path out) {
    this.home = home;
    this.options = options;
    this.out = out.toAbsolutePath().normalize(); // the sandboxed worker starts in another folder
  }

  /** The submissions in {@code dir} (zips and folders), in this shard, sorted by student id. */
  public List<Path> submissions(Path dir) throws NetlabException {
    return mine(all(dir));
  }

  /** Every submission in {@code dir}, by student id, then file name: two may claim one id, and shards must agree. */
  private static List<Path> all(Path dir) throws NetlabException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted(Comparator.comparing(SubmissionReader::idOf).thenComparing(p -> p.getFileName().toString())).toList();
    } catch (IOException e) {
      throw NetlabException.usage(Msg.get("batch.cannotReadSubmissions", dir, e.getMessage()));
    }
  }

  private List<Path> mine(List<Path> all) {
    List<Path> mine = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (i % options.shards() == options.shard() - 1) mine.add(all.get(i));
    }
    return mine;
  }

  public Summary grade(Path dir, Listener listener) throws NetlabException {
    long start = System.nanoTime();
    List<Path> all = all(dir);
    List<Path> subs = mine(all);
    Map<String, HiddenTests.Prepared> prepared = prepare();
    Path students = out.resolve("students");
    Path work = out.resolve(".work");
    try {
      Files.createDirectories(students);
      Files.createDirectories(work);
    } catch (IOException e) {
      throw new NetlabException(ExitCode.ENVIRONMENT, Msg.get("batch.cannotWriteReport", out, e.getMessage()));
    }
    List<StudentGrade> results = new ArrayList<>();
    List<Path> todo = new ArrayList<>();
    int skipped = 0;
    for (Path p : subs) {
      String key = SubmissionKey.of(p.getFileName().toString());
      Path done = students.resolve(key).resolve("grade.json");
      if (!options.regrade() && Files.isRegularFile(done)) {
        try {
          StudentGrade g = JSON.readValue(done.toFile(), StudentGrade.class);
          // only this submission's own result, never another's (an older report's layout), and
          // not a result the grader failed to make
          if (Clean.line(p.getFileName().toString()).equals(g.source) && g.graderError == null) {
            g.key = key;
            results.add(g);
            skipped++;
            continue;
          }
        } catch (IOException e) {
          // a damaged result: grade again
        }
      }
      todo.add(p);
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, options.jobs()), r -> {
      Thread t = new Thread(r, "netlab-grade");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<StudentGrade>> futures = new ArrayList<>();
      for (int i = 0; i < todo.size(); i++) {
        Path p = todo.get(i);
        int first = firstExercise(i, options.exercises().size(), options.jobs());
        futures.add(pool.submit(() -> gradeOrZero(p, prepared, work, first)));
      }
      // queued behind every student, so they run only once no student waits for a thread: then
      // a free thread takes exercises not started yet from a student still being graded, in a
      // worker of its own, instead of idling while the last few students finish one exercise at
      // a time (a class of 10 had its cores half idle for its last 20 s). As many exercises run
      // at once as in the rest of the run, so the tests see the same load.
      if (options.jobs() > 1) for (int i = 0; i < options.jobs(); i++) pool.submit(this::helpAtTheEnd);
      int finished = 0;
      for (Future<StudentGrade> f : futures) {
        StudentGrade g;
        try {
          g = f.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new NetlabException(ExitCode.FAILURE, Msg.get("batch.interrupted"));
        } catch (java.util.concurrent.ExecutionException e) {
          throw new NetlabException(ExitCode.INTERNAL, Msg.get("batch.failed", e.getCause()), e.getCause());
        }
        try {
          ReportWriter.writeStudent(students.resolve(g.key), g);
        } catch (IOException e) {
          throw new NetlabException(ExitCode.ENVIRONMENT, Msg.get("batch.cannotWriteResults", g.student, e.getMessage()));
        }
        results.add(g);
        finished++;
        if (listener != null) listener.done(g, finished + skipped, subs.size());
      }
    } finally {
      pool.shutdownNow();
      synchronized (allCompilers) {
        for (Compiler c : allCompilers) c.close();
      }
      HiddenTests.deleteTree(work);
    }
    // other shards' submissions count too: alice.zip here and submission-alice.zip there
    Map<String, String> elsewhere = new LinkedHashMap<>();
    java.util.Set<Path> here = new java.util.HashSet<>(subs);
    for (Path p : all) {
      if (!here.contains(p)) elsewhere.put(p.getFileName().toString(), SubmissionReader.idOf(p));
    }
    for (StudentGrade g : IdClaims.mark(results, elsewhere)) {
      try {
        ReportWriter.writeStudent(students.resolve(g.key), g);
      } catch (IOException e) {
        throw new NetlabException(ExitCode.ENVIRONMENT, Msg.get("batch.cannotWriteResults", g.source, e.getMessage()));
      }
    }
    results.sort(Comparator.comparing((StudentGrade g) -> g.student).thenComparing(g -> g.key));
    if (netlab.grade.CpuTrace.ON) {
      netlab.grade.CpuTrace.test("(lab)", "whole run", (System.nanoTime() - start) / 1_000_000, netlab.grade.CpuTrace.ownCpuMillis());
    }
    return new Summary(results, todo.size(), skipped, options.sandbox(), (System.nanoTime() - start) / 1_000_000);
  }

  /** Compiled hidden tests of every exercise graded: trusted code, prepared once, unsandboxed. */
  private Map<String, HiddenTests.Prepared> prepare() throws NetlabException {
    Map<String, HiddenTests.Prepared> prepared = new LinkedHashMap<>();
    try (Grader g = Grader.forLab(home, new Grader.Options(options.testTimeout(), false))) {
      for (Exercise ex : options.exercises()) prepared.put(ex.id(), g.prepare(ex));
    }
    return prepared;
  }

  /**
   * Where the {@code i}-th student's exercises start, spread around the list over {@code jobs}
   * students graded at once. Students who start together otherwise walk through the exercises
   * in step: all of them in the exercises that mostly wait (connect-first's timeouts, udp-retry's
   * backoff) with the cores idle, then all in the ones that compute (bank-transfers' races) with
   * too few cores (a class of 10 had its cores 42 to 63% busy for seconds at a time in the middle
   * of a run). The grades do not depend on the order; the report lists exercises in theirs.
   */
  static int firstExercise(int i, int exercises, int jobs) {
    if (jobs <= 1) return 0;
    return (int) ((long) (i % jobs) * exercises / jobs);
  }

  /**
   * A student's grade, whatever their submission does to the grader: any exception or error but
   * the JVM's own becomes a problem line and 0 points for them, and the class goes on.
   */
  private StudentGrade gradeOrZero(Path source, Map<String, HiddenTests.Prepared> prepared, Path workRoot, int first) {
    long start = System.nanoTime();
    try {
      return gradeStudent(source, prepared, workRoot, first);
    } catch (VirtualMachineError e) {
      // out of memory or an internal error: the grader itself is in doubt. A stack overflow has
      // unwound by the time it is caught here, and leaves nothing broken behind.
      if (!(e instanceof StackOverflowError)) throw e;
      return notGraded(source, prepared, workRoot, e, start);
    } catch (Throwable e) {
      return notGraded(source, prepared, workRoot, e, start);
    }
  }

  /** 0 points, every test failed with the reason; {@code graderError} makes the next run try again. */
  private StudentGrade notGraded(Path source, Map<String, HiddenTests.Prepared> prepared, Path workRoot, Throwable e,
      long start) {
    String name = source.getFileName().toString();
    HiddenTests.deleteTree(workRoot.resolve(SubmissionKey.of(name)));
    String why = (e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()))
        .replace(workRoot + java.io.File.separator, "").replaceAll("\\s+", " ");
    if (why.length() > 300) why = why.substring(0, 180) + "…" + why.substring(why.length() - 100); // the end says what went wrong
    StudentGrade g = new StudentGrade();
    g.student = SubmissionReader.idOf(source);
    g.source = name;
    g.key = SubmissionKey.of(name);
    g.sandboxed = options.sandbox();
    g.graderError = why;
    g.problems.add("the grader failed on this submission (" + why + "); 0 points, and the next run grades it again");
    for (Exercise ex : options.exercises()) {
      HiddenTests.Prepared hidden = prepared.get(ex.id());
      StudentGrade.ExerciseGrade eg = new StudentGrade.ExerciseGrade();
      eg.id = ex.id();
      eg.dir = ex.dir();
      eg.title = ex.title();
      eg.max = hidden.points();
      eg.submitted = true; // not known: shown with its tests failed for the reason, not as "not submitted"
      failAll(eg, hidden, "not graded: the grader failed on this submission (" + why + ")");
      g.exercises.add(eg);
    }
    g.millis = (System.nanoTime() - start) / 1_000_000;
    return g;
  }

  private StudentGrade gradeStudent(Path source, Map<String, HiddenTests.Prepared> prepared, Path workRoot, int first)
      throws IOException, NetlabException {
    long start = System.nanoTime();
    String key = SubmissionKey.of(source.getFileName().toString());
    Path work = workRoot.resolve(key);
    Submission sub = new SubmissionReader(options.exercises()).read(source, work.resolve("files"));
    StudentGrade g = new StudentGrade();
    g.student = sub.student();
    g.source = sub.source();
    g.key = key;
    g.manifestStudent = sub.manifestStudent();
    g.sandboxed = options.sandbox();
    g.problems.addAll(sub.problems());
    // the worker sees no folder of ours: the student's classes and the tests come over its channel
    WorkerSpec spec = WorkerSpec.forThisJvm(home.root().resolve("target")).existingArchiveOnly();
    if (options.confinement() != null) spec = spec.confined(options.confinement());
    // a copy of what was graded, for the instructor and for 'netlab similarity' (never run from here)
    Path kept = out.resolve("students").resolve(key).resolve(SOURCES);
    HiddenTests.deleteTree(kept);
    List<Exercise> exercises = options.exercises();
    Shared shared = new Shared(sub, spec, prepared, kept, exercises.size());
    for (int k = 0; k < exercises.size(); k++) shared.left.addLast((first + k) % exercises.size());
    beingGraded.add(shared);
    try {
      try {
        shared.work(true);
      } finally {
        shared.awaitHelpers(); // before the student's files go
      }
    } finally {
      beingGraded.remove(shared);
      HiddenTests.deleteTree(work);
    }
    shared.rethrow();
    // in the exercises' order, whichever was graded first
    for (int e = 0; e < exercises.size(); e++) {
      StudentGrade.ExerciseGrade eg = shared.grades[e];
      Exercise ex = exercises.get(e);
      if (eg.tampered != null) g.problems.add(ex.dir() + ": " + eg.tampered); // the gradebook shows it too
      for (String p : eg.problems) if (!p.startsWith(ex.dir() + "/")) g.problems.add(ex.dir() + ": " + p);
      g.exercises.add(eg);
    }
    g.millis = (System.nanoTime() - start) / 1_000_000;
    return g;
  }

  /** Students being graded now, whose exercises not started yet a free thread may take at the end of a run. */
  private final java.util.Set<Shared> beingGraded = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * A student's exercises not started yet, taken by the student's own thread from the front and
   * by helpers at the end of a run from the back; each grades in workers of its own.
   */
  private final class Shared {
    final Submission sub;
    final WorkerSpec spec;
    final Map<String, HiddenTests.Prepared> prepared;
    final Path kept;
    final java.util.concurrent.ConcurrentLinkedDeque<Integer> left = new java.util.concurrent.ConcurrentLinkedDeque<>();
    final StudentGrade.ExerciseGrade[] grades;
    final java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
    private int helpers;
    private volatile boolean closed;

    Shared(Submission sub, WorkerSpec spec, Map<String, HiddenTests.Prepared> prepared, Path kept, int exercises) {
      this.sub = sub;
      this.spec = spec;
      this.prepared = prepared;
      this.kept = kept;
      this.grades = new StudentGrade.ExerciseGrade[exercises];
    }

    /** Grades exercises until none is left (or one failed), in workers of its own. */
    void work(boolean own) throws IOException, NetlabException {
      List<Exercise> exercises = options.exercises();
      try (StudentWorkers workers = new StudentWorkers(spec)) {
        Integer e;
        while (failure.get() == null && (e = own ? left.pollFirst() : left.pollLast()) != null) {
          Exercise ex = exercises.get(e);
          grades[e] = gradeExercise(ex, sub.exercises().get(ex.dir()), prepared.get(ex.id()), workers, kept.resolve(ex.dir()));
        }
      } catch (IOException | NetlabException | RuntimeException | Error t) {
        failure.compareAndSet(null, t);
        throw t;
      }
    }

    /** A helper's turn; none once the student's own thread has finished (its files are gone). */
    void help() {
      synchronized (this) {
        if (closed || left.isEmpty()) return;
        helpers++;
      }
      try {
        work(false);
      } catch (Throwable t) {
        // the student's own thread reports it, as a grader error for this student only
      } finally {
        synchronized (this) {
          helpers--;
          notifyAll();
        }
      }
    }

    synchronized void awaitHelpers() throws java.io.InterruptedIOException {
      closed = true;
      while (helpers > 0) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("interrupted while waiting for a student's other exercises");
        }
      }
    }

    void rethrow() throws IOException, NetlabException {
      Throwable t = failure.get();
      if (t == null) return;
      if (t instanceof IOException io) throw io;
      if (t instanceof NetlabException n) throw n;
      if (t instanceof RuntimeException r) throw r;
      if (t instanceof Error err) throw err;
      throw new IOException(t);
    }
  }

  /** At the end of a run: exercises not started yet, from the students with the most of them left. */
  private void helpAtTheEnd() {
    while (!Thread.currentThread().isInterrupted()) {
      Shared most = null;
      for (Shared s : beingGraded) {
        if (s.closed || s.failure.get() != null || s.left.isEmpty()) continue;
        if (most == null || s.left.size() > most.left.size()) most = s;
      }
      if (most == null) return;
      most.help();
    }
  }

  private StudentGrade.ExerciseGrade gradeExercise(Exercise ex, Path dir, HiddenTests.Prepared hidden,
      GradingRun.Workers workers, Path keep) throws IOException, NetlabException {
    long start = System.nanoTime();
    StudentGrade.ExerciseGrade eg = new StudentGrade.ExerciseGrade();
    eg.id = ex.id();
    eg.dir = ex.dir();
    eg.title = ex.title();
    eg.max = hidden.points();
    eg.submitted = dir != null;
    if (dir == null) {
      failAll(eg, hidden, "not submitted");
      return eg;
    }
    for (String f : ex.files()) {
      if (!Files.isRegularFile(dir.resolve(f))) eg.problems.add(ex.dir() + "/" + f + " is missing");
    }
    if (!eg.problems.isEmpty()) {
      failAll(eg, hidden, "not graded: " + eg.problems.get(0));
      return eg;
    }
    List<Path> sources;
    try (Stream<Path> s = Files.list(dir)) {
      sources = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    Files.createDirectories(keep);
    for (Path f : sources) Files.copy(f, keep.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    // compiled in a worker of its own (warm, shared by the grading threads), with a time and memory limit:
    // compiling runs none of the student's code, but a pathological source can make javac hang
    String hash = hashOf(ex, sources);
    Compiler.Result compiled = compiledByHash.get(hash);
    if (compiled == null) {
      Compiler c = takeCompiler();
      try {
        compiled = c.compile(sources);
      } finally {
        idleCompilers.add(c);
      }
      long size = compiled.classes().values().stream().mapToLong(b -> b.length).sum();
      if (compiled.problem() == null && cachedBytes.addAndGet(size) <= CACHE_BYTES) compiledByHash.putIfAbsent(hash, compiled);
    }
    if (compiled.problem() != null) {
      eg.problems.add(compiled.problem());
      failAll(eg, hidden, "not graded: " + compiled.problem());
      eg.millis = (System.nanoTime() - start) / 1_000_000;
      return eg;
    }
    CheckResult r;
    if (!compiled.ok()) {
      r = new CheckResult(ex, List.of(), compiled.diagnostics(), false, List.of(), List.of(), 0);
    } else {
      // the budget is for the tests: compiling has a limit of its own, and a cold compiler on a
      // loaded machine once used up the first students' 20 s before any test ran
      // the reasons go into the report's files (grade.json, results.json, junit.xml, feedback.md,
      // the gradebook), never to the terminal: English, whatever language the instructor's
      // terminal speaks, as Gradescope, CI tools and LMS imports read them
      r = new GradingRun(ex, hidden, compiled.classes(), options.testTimeout(), workers, null)
          .budget(options.exerciseLimit()).reasonsIn(Lang.EN).run(System.nanoTime());
    }
    eg.compiled = r.compiled();
    eg.tampered = r.tampered();
    for (Event.Diagnostic d : r.diagnostics()) {
      eg.diagnostics.add(ex.dir() + "/" + (d.file() == null ? "?" : Path.of(d.file()).getFileName()) + ":" + d.line()
          + ": " + d.kind() + ": " + d.message() + (d.sourceLine() == null ? "" : "\n    " + d.sourceLine().strip()));
    }
    eg.notes.addAll(r.notes());
    if (!r.compiled()) {
      failAll(eg, hidden, "does not compile");
    } else {
      for (TestOutcome t : r.tests()) eg.tests.add(test(t, hidden));
    }
    eg.score = eg.tests.stream().filter(t -> t.passed).mapToInt(t -> t.points).sum();
    eg.millis = (System.nanoTime() - start) / 1_000_000;
    return eg;
  }

  private static String hashOf(Exercise ex, List<Path> sources) throws IOException {
    java.security.MessageDigest md;
    try {
      md = java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    md.update(ex.dir().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    for (Path f : sources) {
      byte[] name = f.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      byte[] body = Files.readAllBytes(f);
      // lengths first, so no two different file sets hash the same bytes
      md.update(java.nio.ByteBuffer.allocate(12).putInt(name.length).putLong(body.length).array());
      md.update(name);
      md.update(body);
    }
    return java.util.HexFormat.of().formatHex(md.digest());
  }

  /**
   * An idle compiling worker. The first is made on first use; another only after waiting
   * {@link #COMPILER_WAIT} in vain, while there are fewer than cores; else waits for one.
   */
  private Compiler takeCompiler() throws IOException {
    Compiler c = idleCompilers.poll();
    if (c != null) return c;
    try {
      synchronized (allCompilers) {
        if (allCompilers.isEmpty()) return newCompiler();
      }
      c = idleCompilers.poll(COMPILER_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      if (c != null) return c;
      synchronized (allCompilers) {
        int most = Math.max(1, Math.min(options.jobs(), Runtime.getRuntime().availableProcessors()));
        if (allCompilers.size() < most) return newCompiler();
      }
      return idleCompilers.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while waiting for a compiler");
    }
  }

  /**
   * How long a grading thread waits for the busy compiler before another is started: longer than a
   * cold compiler's first compiles (2 to 3 s on a busy machine), far longer than a warm compile.
   */
  static final java.time.Duration COMPILER_WAIT = java.time.Duration.ofSeconds(5);

  private Compiler newCompiler() {
    Compiler c = new Compiler(WorkerSpec.forThisJvm(home.root().resolve("target")).existingArchiveOnly(), options.compileLimit());
    allCompilers.add(c);
    return c;
  }

  private static void failAll(StudentGrade.ExerciseGrade eg, HiddenTests.Prepared hidden, String reason) {
    for (Event.TestInfo t : hidden.tests()) {
      StudentGrade.TestGrade tg = new StudentGrade.TestGrade();
      tg.name = t.name();
      tg.points = t.points();
      tg.reason = reason;
      tg.instructorOnly = t.instructorOnly();
      eg.tests.add(tg);
    }
  }

  private static StudentGrade.TestGrade test(TestOutcome t, HiddenTests.Prepared hidden) {
    StudentGrade.TestGrade tg = new StudentGrade.TestGrade();
    tg.name = t.name();
    tg.points = t.points();
    tg.passed = t.passed();
    tg.reason = t.reason();
    tg.detail = new ArrayList<>(t.detail());
    tg.output = t.output();
    tg.millis = t.millis();
    tg.instructorOnly = hidden.tests().stream().anyMatch(i -> i.id().equals(t.id()) && i.instructorOnly());
    return tg;
  }

  /** A student id as a folder name, for a grade.json older than {@link StudentGrade#key}. */
  static String safe(String id) {
    String s = id.replaceAll("[^A-Za-z0-9._-]", "_");
    return s.isEmpty() || s.startsWith(".") ? "_" + s : s;
  }
}
