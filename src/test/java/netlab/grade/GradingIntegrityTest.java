package netlab.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import netlab.grade.sandbox.Sandbox;
import netlab.testing.LabRun;
import netlab.testing.ToyLab;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Students who try to fool the grader, graded in one real {@code grade} run in the sandbox, beside
 * an honest one. Two kinds:
 * <ul>
 *   <li>forgers, who try to write their own results: they score 0 and their feedback says
 *       "results tampered with";
 *   <li>probes, who try one way into the grader or out of the sandbox and return the right sum
 *       only when that way was refused (like BatchGradingTest's thief): full marks prove the
 *       door was shut, -1 would mean it was open.
 * </ul>
 * Then the same probes of the resource caps once more with cgroups turned off, to prove the
 * rlimit fallback holds too.
 */
class GradingIntegrityTest {
  @TempDir
  static Path dir;
  static Path lab;
  static Path report;
  static Path fallbackReport;
  static LabRun run;
  static LabRun fallback;
  static final ObjectMapper JSON = new ObjectMapper();

  /** Reverses text, so that a probe's names are not plain constants (the screen would name them). */
  static final String REV = "  static String r(String s) { return new StringBuilder(s).reverse().toString(); }\n";

  static void student(Path subs, String id, String addBody, String... extraFiles) throws Exception {
    Path d = Files.createDirectories(subs.resolve(id).resolve("01-adder"));
    Files.writeString(d.resolve("Adder.java"), "public final class Adder {\n  private Adder() {}\n"
        + "  public static int add(int a, int b) {\n" + addBody + "\n  }\n" + REV + "}\n");
    for (int i = 0; i + 1 < extraFiles.length; i += 2) Files.writeString(d.resolve(extraFiles[i]), extraFiles[i + 1]);
  }

  /** The issue's forger: the unchanged starter, and a class that would read the nonce and send results. */
  static final String FORGER = """
      import java.lang.reflect.Field;
      import java.lang.reflect.Method;

      final class Forger {
        static {
          try {
            forge();
          } catch (Throwable quietly) {
          }
        }

        static void forge() throws Exception {
          for (Thread t : Thread.getAllStackTraces().keySet()) {
            ClassLoader l = t.getContextClassLoader();
            if (l == null) continue;
            Class<?> main = Class.forName("netlab.grade.worker.WorkerMain", false, l);
            Field nonce = main.getDeclaredField("currentNonce");
            nonce.setAccessible(true);
            Field target = Thread.class.getDeclaredField("target");
            target.setAccessible(true);
            Object watchdog = target.get(t);
            Field channel = watchdog.getClass().getDeclaredFields()[0];
            channel.setAccessible(true);
            Class<?> event = Class.forName("netlab.grade.protocol.Event", false, l);
            Object result = event.getMethod("of", String.class, String.class).invoke(null, "result", nonce.get(null));
            Method send = channel.get(watchdog).getClass().getMethod("send", Object.class);
            send.invoke(channel.get(watchdog), result);
            send.invoke(channel.get(watchdog), event.getMethod("of", String.class, String.class).invoke(null, "done", nonce.get(null)));
          }
        }
      }
      """;

  /** The same attempt with its names hidden from the screen, run from add() and left to fail loudly. */
  static final String LOUD = """
        for (Thread t : Thread.getAllStackTraces().keySet()) {
          if (!t.getName().equals(r("godhctaw-daerht-baltén").replace("é", "e"))) continue;
          try {
            Class<?> main = Class.forName(r("niaMrekroW.rekrow.edarg.baltén").replace("é", "e"), false, t.getContextClassLoader());
            java.lang.reflect.Field nonce = main.getDeclaredField(r("ecnoNtnerruc"));
            java.lang.reflect.AccessibleObject.class.getMethod(r("elbisseccAtes"), boolean.class).invoke(nonce, true);
            return (int) 0;
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw (RuntimeException) e.getCause();
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
          }
        }
        throw new IllegalStateException("no watchdog thread");""";

  /** Returns a + b only if every step of {@code attempt} threw; {@code attempt} is statements that may throw. */
  static String probe(String attempt) {
    return "    try {\n      if (true) {\n" + attempt + "\n      }\n      return -1; // the way in was open\n"
        + "    } catch (Throwable refused) {\n      return a + b;\n    }";
  }

  @BeforeAll
  @org.junit.jupiter.api.Timeout(600) // several real grade runs: more than the 120 s a test may take
  static void gradeTheClass() throws Exception {
    Assumptions.assumeTrue(Sandbox.available(), "bubblewrap is needed for the integrity tests (.ci/run installs it)");
    lab = ToyLab.create(dir.resolve("lab"));
    Path subs = Files.createDirectories(dir.resolve("subs"));
    report = dir.resolve("report");
    student(subs, "honest", "    return a + b;");
    student(subs, "forger", "    throw new UnsupportedOperationException(\"TODO: add\");", "Forger.java", FORGER);
    student(subs, "loud", LOUD);
    // JVM-wide hooks under the tests' own sockets, set by reflection (the screen cannot see the
    // names): a socket factory, and a SOCKS proxy by system property (JvmDefaults)
    student(subs, "socketfactory", """
            java.net.SocketImplFactory f = () -> { throw new IllegalStateException("mine"); };
            try {
              java.net.Socket.class.getMethod(r("yrotcaFlpmItekcoStes"), java.net.SocketImplFactory.class).invoke(null, f);
            } catch (ReflectiveOperationException e) {
              throw new IllegalStateException(e);
            }
            return a + b;""");
    student(subs, "socksproxy", "    System.setProperty(r(\"tsoHyxorPskcos\"), \"127.0.0.1\");\n    return a + b;");
    // the same proxy, answered by a Properties of its own that does not list it
    student(subs, "hiddenproxy", """
            System.setProperties(new java.util.Properties(System.getProperties()) {
              @Override
              public String getProperty(String key) {
                return key.equals(r("tsoHyxorPskcos")) ? "127.0.0.1" : super.getProperty(key);
              }
            });
            return a + b;""");
    // the worker's nonce, through the class loader of a grader thread
    student(subs, "nonce", probe("""
        for (Thread t : Thread.getAllStackTraces().keySet()) {
          ClassLoader l = t.getContextClassLoader();
          if (l == null) continue;
          try {
            Class<?> main = Class.forName(r("niaMrekroW.rekrow.edarg.baltén").replace("é", "e"), false, l);
            java.lang.reflect.Field f = main.getDeclaredField(r("ecnoNtnerruc"));
            java.lang.reflect.AccessibleObject.class.getMethod(r("elbisseccAtes"), boolean.class).invoke(f, true);
            if (f.get(null) != null) return -1;
          } catch (Throwable e) { }
        }
        throw new IllegalStateException("refused");"""));
    // a Runnable inside a JDK object: java.base is not open either
    student(subs, "threadtarget", probe("""
        java.lang.reflect.Field f = Thread.class.getDeclaredField(r("tegrat"));
        java.lang.reflect.AccessibleObject.class.getMethod(r("elbisseccAtes"), boolean.class).invoke(f, true);"""));
    // JUnit's ReflectionSupport would open whatever JUnit may open, for anyone who calls it
    student(subs, "junitdeputy", probe("""
        for (Thread t : Thread.getAllStackTraces().keySet()) {
          ClassLoader l = t.getContextClassLoader();
          if (l == null) continue;
          try {
            Class<?> rs = Class.forName(r("troppuSnoitcelfeR.troppus.snommoc.mroftalp.tinuj.gro"), false, l);
            Class<?> main = Class.forName(r("niaMrekroW.rekrow.edarg.baltén").replace("é", "e"), false, l);
            Object v = rs.getMethod(r("eulaVdleiFdaeRoTyrt"), java.lang.reflect.Field.class, Object.class)
                .invoke(null, main.getDeclaredField(r("ecnoNtnerruc")), null);
            if (v != null) return -1;
          } catch (Throwable e) { }
        }
        throw new IllegalStateException("refused");"""));
    // the hidden test's own class, from the stack: to read or change what it compares against
    student(subs, "hiddenstate", probe("""
        Object w = StackWalker.class.getMethod("getInstance", StackWalker.Option.class)
            .invoke(null, StackWalker.Option.valueOf(r("ECNEREFER_SSALC_NIATER")));
        Class<?> test = ((StackWalker) w).walk(s -> s.map(StackWalker.StackFrame::getDeclaringClass)
            .filter(c -> c.getName().contains("Hidden")).findFirst()).orElseThrow();
        for (java.lang.reflect.Method m : test.getDeclaredMethods()) {
          java.lang.reflect.AccessibleObject.class.getMethod(r("elbisseccAtes"), boolean.class).invoke(m, true);
        }"""));
    student(subs, "unsafe", probe("""
        Class<?> u = Class.forName(r("efasnU.csim.nus"));
        java.lang.reflect.Field f = u.getDeclaredField(r("efasnUeht"));
        java.lang.reflect.AccessibleObject.class.getMethod(r("elbisseccAtes"), boolean.class).invoke(f, true);"""));
    // native code: a real shared library of the system, loaded by path
    student(subs, "jni", probe("""
        java.nio.file.Path lib;
        try (var s = java.nio.file.Files.walk(java.nio.file.Path.of("/usr/lib"), 3)) {
          lib = s.filter(p -> p.getFileName().toString().startsWith("libz.so")).findFirst().orElseThrow();
        }
        try {
          System.class.getMethod(r("daol"), String.class).invoke(null, lib.toString());
        } catch (java.lang.reflect.InvocationTargetException e) {
          if (e.getCause() instanceof UnsatisfiedLinkError) return -1; // allowed, only the file was wrong
          throw e;
        }"""));
    // the worker's memory, written through /proc
    student(subs, "procmem", probe("""
        new java.io.RandomAccessFile(r("mem/fles/corp/"), "rw").close();"""));
    // a child process that traces or reads the JVM that started it
    student(subs, "ptrace", probe("""
        Process p = new ProcessBuilder("python3", "-c",
            "import ctypes, os\\nl = ctypes.CDLL(None, use_errno=True)\\n"
            + "print(l.ptrace(16, os.getppid(), 0, 0))\\n"
            + "class V(ctypes.Structure): _fields_ = [('b', ctypes.c_void_p), ('n', ctypes.c_size_t)]\\n"
            + "buf = ctypes.create_string_buffer(64)\\nv = V(ctypes.cast(buf, ctypes.c_void_p), 64)\\n"
            + "print(l.process_vm_readv(os.getppid(), ctypes.byref(v), 1, ctypes.byref(v), 1, 0))\\n")
            .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor();
        if (!out.equals("-1\\n-1")) return -1; // one of them worked (or python is missing: say so)
        throw new IllegalStateException("refused");"""));
    // an agent through the attach mechanism, from the JDK's own jcmd
    student(subs, "attach", "    if (a != 2) return a + b;\n" + probe("""
        String jcmd = System.getProperty("java.home") + "/bin/jcmd";
        Process p = new ProcessBuilder(jcmd, Long.toString(ProcessHandle.current().pid()), "VM.version")
            .redirectErrorStream(true).start();
        // attach answers within a second or two; refused, jcmd waits ~10 s for a reply that never comes
        if (p.waitFor(8, java.util.concurrent.TimeUnit.SECONDS) && new String(p.getInputStream().readAllBytes()).contains("JDK")) {
          return -1;
        }
        p.destroyForcibly();
        throw new IllegalStateException("refused");"""));
    // the compiled hidden tests and their index, where the lab keeps them
    String hidden = lab.resolve("target/hidden").toAbsolutePath().toString();
    student(subs, "answerkey", probe("""
        try (var s = java.nio.file.Files.walk(java.nio.file.Path.of("%s"))) {
          if (s.anyMatch(p -> p.toString().endsWith(".class") || p.toString().endsWith(".json"))) return -1;
        }
        throw new IllegalStateException("nothing there");""".formatted(hidden)));
    // the folder of the worker's socket is the only host path it shares: filling it, or removing the socket
    student(subs, "socketfiller", probe("""
        String[] cmd = new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/self/cmdline"))).split("\\0");
        java.nio.file.Path socket = java.nio.file.Path.of(cmd[cmd.length - 1]);
        try { java.nio.file.Files.delete(socket); return -1; } catch (java.io.IOException kept) { }
        byte[] mb = new byte[1 << 20];
        try (var out = java.nio.file.Files.newOutputStream(socket.resolveSibling("filler.bin"))) {
          for (int i = 0; i < 300; i++) out.write(mb); // past the sandbox's 256 MB /tmp
        }
        return -1; // 300 MB went somewhere"""));
    // memory outside the heap: zlib's native state, several GB of it; only the first test does it
    student(subs, "offheap", "    if (a == 2) {\n      java.util.List<java.util.zip.Deflater> hoard = new java.util.ArrayList<>();\n"
        + "      for (int i = 0; i < 30_000; i++) { java.util.zip.Deflater d = new java.util.zip.Deflater(9); d.setInput(new byte[1]); d.deflate(new byte[64]); hoard.add(d); }\n"
        + "      return hoard.size() * 0 - 1;\n    }\n    return a + b;");
    // 1500 processes, forked by python3 (fork without exec is quick, and a JVM would need a reaper
    // thread for each); only the first test tries
    student(subs, "procs", "    if (a != 2) return a + b;\n" + probe("""
        Process py = new ProcessBuilder("python3", "-c",
            "import os, time\\nn = 0\\nfor i in range(1500):\\n"
            + "    try:\\n        pid = os.fork()\\n    except OSError:\\n        break\\n"
            + "    if pid == 0:\\n        time.sleep(60)\\n        os._exit(0)\\n    n += 1\\n"
            + "print(n, flush=True)\\ntime.sleep(60)\\n").redirectErrorStream(true).start();
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(py.getInputStream())).readLine();
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        if (line != null && Integer.parseInt(line.strip()) >= 1500) return -1; // all of them started
        throw new IllegalStateException("capped at " + line);"""));
    run = LabRun.run(lab, "", "grade", subs.toString(), "--out", report.toString(), "--timeout", "30", "--exercise-limit", "120", "--jobs", "2");

    // the resource caps again, without cgroups: prlimit (and, as root, the sandbox runs as nobody)
    Path fewer = Files.createDirectories(dir.resolve("fallback"));
    for (String id : new String[] {"honest", "offheap", "procs"}) LabRun.copyTree(subs.resolve(id), fewer.resolve(id));
    fallbackReport = dir.resolve("fallback-report");
    fallback = LabRun.run(lab, "", Map.of("NETLAB_CGROUPS", "0"), "grade", fewer.toString(), "--out",
        fallbackReport.toString(), "--timeout", "30", "--exercise-limit", "120", "--jobs", "2");

    // and with no sandbox at all: the run and the report must say what is missing
    Path one = Files.createDirectories(dir.resolve("one"));
    LabRun.copyTree(subs.resolve("honest"), one.resolve("honest"));
    bareReport = dir.resolve("bare-report");
    bare = LabRun.run(lab, "", "grade", one.toString(), "--out", bareReport.toString(), "--timeout", "10", "--no-sandbox");
  }

  static Path bareReport;
  static LabRun bare;

  static JsonNode exercise(Path report, String id) throws Exception {
    return JSON.readTree(report.resolve("students").resolve(id).resolve("grade.json").toFile()).path("exercises").get(0);
  }

  static String reasons(Path report, String id) throws Exception {
    StringBuilder b = new StringBuilder();
    for (JsonNode t : exercise(report, id).path("tests")) {
      b.append(t.path("reason").asText()).append(t.has("output") ? " printed: " + t.path("output").asText() : "").append('\n');
    }
    return b.toString();
  }

  static void fullMarks(String id) throws Exception {
    assertEquals(3, exercise(report, id).path("score").asInt(), id + ": a way into the grader was open:\n" + reasons(report, id));
    assertNull(exercise(report, id).path("tampered").textValue(), id + " was not caught tampering: its attempt failed quietly");
  }

  @Test
  void theRunFinishesFullySandboxed() {
    assertEquals(0, run.exitCode, run.toString());
    assertTrue(run.out.contains("sandboxed (bubblewrap:") && !run.out.contains("NOT fully"), run.out);
  }

  @Test
  void theReportListsEveryProtectionInForceAndEveryTamperVerdict() throws Exception {
    String html = Files.readString(report.resolve("report.html"));
    assertTrue(html.contains("<b>Sandboxed:</b>") && html.contains("seccomp") && html.contains("memory: 1024 MB")
        && html.contains("processes: 1024"), html);
    String tampered = html.substring(html.indexOf("<table id=\"tampered\">"));
    tampered = tampered.substring(0, tampered.indexOf("</table>"));
    assertTrue(tampered.contains("<td>forger</td>") && tampered.contains("<td>loud</td>"), tampered);
    assertTrue(!tampered.contains("<td>honest</td>") && !tampered.contains("<td>nonce</td>"), tampered);
    String csv = Files.readString(report.resolve("gradebook.csv"));
    assertTrue(csv.contains("01-adder: results tampered with: Forger.java uses"), csv);
  }

  @Test
  void aRunWithoutTheSandboxNamesWhatIsMissingInTheTerminalAndTheReport() throws Exception {
    assertEquals(0, bare.exitCode, bare.toString());
    assertTrue(bare.out.contains("NOT fully sandboxed: missing sandbox (turned off with --no-sandbox)"), bare.out);
    String html = Files.readString(bareReport.resolve("report.html"));
    assertTrue(html.contains("Not fully sandboxed") && html.contains("sandbox (turned off with --no-sandbox)"), html);
    assertTrue(!html.contains("<b>Sandboxed:</b>"), html);
  }

  @Test
  void theHonestStudentKeepsFullMarks() throws Exception {
    assertEquals(3, exercise(report, "honest").path("score").asInt(), reasons(report, "honest"));
  }

  @Test
  void theIssuesForgerScoresZeroAndIsToldItTamperedWithTheResults() throws Exception {
    JsonNode e = exercise(report, "forger");
    assertEquals(0, e.path("score").asInt());
    String why = e.path("tampered").asText();
    assertTrue(why.startsWith("results tampered with: Forger.java uses"), e.toString());
    String feedback = Files.readString(report.resolve("students/forger/feedback.md"));
    assertTrue(feedback.contains("results tampered with"), feedback);
  }

  @Test
  void aForgerWhoseNamesTheScreenCannotSeeIsCaughtByWhatItsAttemptThrew() throws Exception {
    JsonNode e = exercise(report, "loud");
    assertEquals(0, e.path("score").asInt());
    assertTrue(e.path("tampered").asText().startsWith("results tampered with: the code tried to reach into the grader"),
        e.toString());
  }

  @Test
  void aSocketFactoryOrAProxyUnderTheTestsOwnSocketsIsATamperVerdict() throws Exception {
    for (String[] c : new String[][] {{"socketfactory", "Socket.setSocketImplFactory was called"},
        {"socksproxy", "the system property socksProxyHost was changed"},
        {"hiddenproxy", "System.setProperties was called"}}) {
      JsonNode e = exercise(report, c[0]);
      assertEquals(0, e.path("score").asInt(), c[0] + ": " + reasons(report, c[0]));
      assertTrue(e.path("tampered").asText().startsWith("results tampered with: the code tried to reach into the grader: " + c[1]),
          e.toString());
    }
  }

  @Test
  void theWorkersNonceIsOutOfReach() throws Exception {
    fullMarks("nonce");
  }

  @Test
  void theJdksInternalsAreClosed() throws Exception {
    fullMarks("threadtarget");
  }

  @Test
  void junitCannotBeUsedToOpenWhatItMayOpen() throws Exception {
    fullMarks("junitdeputy");
  }

  @Test
  void theHiddenTestsOwnCodeIsOutOfReach() throws Exception {
    fullMarks("hiddenstate");
  }

  @Test
  void unsafeIsNotThere() throws Exception {
    fullMarks("unsafe");
  }

  @Test
  void nativeCodeIsRefused() throws Exception {
    fullMarks("jni");
  }

  @Test
  void theWorkersMemoryCannotBeWrittenThroughProc() throws Exception {
    fullMarks("procmem");
  }

  @Test
  void aChildProcessCannotTraceOrReadTheWorker() throws Exception {
    fullMarks("ptrace");
  }

  @Test
  void noAgentCanBeAttached() throws Exception {
    fullMarks("attach");
  }

  @Test
  void theCompiledHiddenTestsAndTheirIndexCannotBeRead() throws Exception {
    fullMarks("answerkey");
  }

  @Test
  void theSocketsFolderCannotBeFilledAndTheSocketNotRemoved() throws Exception {
    fullMarks("socketfiller");
  }

  @Test
  void memoryOutsideTheHeapIsCappedForTheWholeProcess() throws Exception {
    assertEquals(2, exercise(report, "offheap").path("score").asInt(), reasons(report, "offheap"));
    assertTrue(reasons(report, "offheap").contains("memory"), reasons(report, "offheap"));
  }

  @Test
  void processesAreCapped() throws Exception {
    assertEquals(3, exercise(report, "procs").path("score").asInt(), reasons(report, "procs"));
  }

  @Test
  void withoutCgroupsRlimitsCapMemoryAndProcessesAndTheRunSaysHow() throws Exception {
    assertEquals(0, fallback.exitCode, fallback.toString());
    assertTrue(fallback.out.contains("prlimit") && !fallback.out.contains("NOT fully"), fallback.out);
    assertTrue(Files.readString(fallbackReport.resolve("report.html")).contains("RLIMIT_NPROC"));
    assertEquals(3, exercise(fallbackReport, "honest").path("score").asInt(), reasons(fallbackReport, "honest"));
    assertEquals(2, exercise(fallbackReport, "offheap").path("score").asInt(), reasons(fallbackReport, "offheap"));
    assertEquals(3, exercise(fallbackReport, "procs").path("score").asInt(), reasons(fallbackReport, "procs"));
  }
}
