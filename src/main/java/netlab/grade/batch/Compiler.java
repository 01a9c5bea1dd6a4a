package netlab.grade.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import netlab.grade.WorkerProcess;
import netlab.grade.WorkerSpec;
import netlab.grade.protocol.Event;
import netlab.grade.protocol.Request;

/**
 * javac for batch grading, in a worker JVM of its own with a capped heap and a wall clock: a
 * pathological source (types that take javac minutes to infer, constants that fill the heap) can
 * only hang or exhaust that worker, which is then replaced, never the grader. Compiling runs none
 * of the student's code, so this worker is not sandboxed; it is kept warm between students.
 */
final class Compiler implements AutoCloseable {
  /** How long one exercise may take to compile, unless the instructor says otherwise. */
  public static final Duration LIMIT = Duration.ofSeconds(60);
  static final int HEAP_MB = 512;

  /** Class files, or diagnostics; {@code problem} when the compiler itself gave up (time, memory). */
  record Result(boolean ok, Map<String, byte[]> classes, List<Event.Diagnostic> diagnostics, String problem) {}

  private final WorkerSpec spec;
  private final Duration limit;
  private WorkerProcess worker;

  Compiler(WorkerSpec spec, Duration limit) {
    this.limit = limit;
    // C1 only, like the grading workers: with C2 too, javac's warm compiles take a third less wall
    // time, but C2 keeps compiling javac for as long as we measured (60 students' worth of
    // compiles), and on a machine whose cores are busy with tests CPU is what counts. A student's
    // 21 exercises, warm: C1 0.36 s of CPU, C1+C2 0.43 to 0.66 s; the first 10 students 7.5 s
    // against 13.2 s (bench/README.md, "One compiler, on C1").
    this.spec = new WorkerSpec(spec.java(), spec.classPath(), spec.graderJar(), HEAP_MB, spec.startTimeout(),
        spec.cdsArchive(), spec.mainClass(), null, true);
  }

  Result compile(List<Path> sources) throws IOException {
    if (worker == null || worker.tainted()) {
      if (worker != null) worker.close();
      worker = WorkerProcess.start(spec).role("compiler");
      warmUp();
    }
    Request r = Request.of("compile", null);
    r.sources = sources.stream().map(p -> p.toAbsolutePath().toString()).toList();
    // its reasons go into the report's files, which stay English (like GradingRun.reasonsIn)
    WorkerProcess.Answer a = worker.call(r, limit, null, netlab.core.Lang.EN);
    for (Event e : a.events()) {
      if ("compiled".equals(e.type) && !Boolean.TRUE.equals(e.ok) && (e.diagnostics == null || e.diagnostics.isEmpty())) {
        return new Result(false, Map.of(), List.of(), "the compiler gave up on this code without saying why"
            + " (an expression nested too deeply?)");
      }
      if ("compiled".equals(e.type)) {
        boolean ok = Boolean.TRUE.equals(e.ok);
        return new Result(ok, ok && e.classFiles != null ? e.classFiles : Map.of(),
            e.diagnostics == null ? List.of() : e.diagnostics, null);
      }
      if ("error".equals(e.type)) return new Result(false, Map.of(), List.of(), "the compiler failed: " + e.message);
    }
    worker.kill();
    String why = a.ending() == WorkerProcess.Ending.TIMED_OUT
        ? "compiling took longer than " + limit.toSeconds() + " s (the compiler was stopped)"
        : "the compiler stopped: " + (a.why() == null ? "no answer" : a.why())
            + " (it has " + HEAP_MB + " MB of memory)";
    return new Result(false, Map.of(), List.of(), why);
  }

  /**
   * Compiles a one-line class in a fresh worker, so that loading javac (a second or more on a
   * busy machine) never counts against a student's time limit.
   */
  private void warmUp() throws IOException {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("netlab-warm");
    java.nio.file.Path src = dir.resolve("Warm.java");
    try {
      java.nio.file.Files.writeString(src, "final class Warm { int twice(int x) { return x * 2; } }\n");
      Request r = Request.of("compile", null);
      r.sources = List.of(src.toString());
      worker.call(r, Duration.ofMinutes(2), null);
    } finally {
      java.nio.file.Files.deleteIfExists(src);
      java.nio.file.Files.deleteIfExists(dir);
    }
  }

  @Override
  public void close() {
    if (worker != null) worker.close();
  }
}
