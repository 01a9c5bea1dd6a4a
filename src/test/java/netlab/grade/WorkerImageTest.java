package netlab.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import netlab.core.Jdk;
import netlab.core.LabHome;
import netlab.exercise.ExerciseCatalog;
import netlab.grade.isolation.WorkerArchive;
import netlab.grade.isolation.WorkerImage;
import netlab.testing.ToyLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The grading worker's own Java (a jlink image of the allowed modules, with the JDK's class-data
 * archive) keeps out exactly what --limit-modules kept out, and the JDK with --limit-modules is
 * still what a JDK that cannot link gets.
 */
class WorkerImageTest {
  /** Modules that would reach around the worker's guards: none may be in its Java. */
  private static final List<String> FORBIDDEN = List.of("jdk.unsupported", "jdk.attach", "jdk.jdi", "jdk.jdwp.agent",
      "jdk.management.agent", "jdk.jshell", "jdk.jlink", "jdk.internal.jvmstat", "jdk.hotspot.agent", "jdk.jfr");

  @TempDir
  Path dir;

  private static boolean canLink() {
    // Debian's and most JDK 17 packages ship jmods; a JDK without them (and without run-time
    // linking) gets no image, which the fallback test below covers
    return Files.isDirectory(Path.of(System.getProperty("java.home"), "jmods"));
  }

  private static String run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String text = new String(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + " failed:\n" + text);
    return text;
  }

  @Test
  void theWorkersJavaHoldsExactlyTheAllowedModulesAsTheJvmSeesThem() throws Exception {
    assumeTrue(canLink(), "this JDK has no jmods to link from");
    WorkerSpec spec = WorkerSpec.forThisJvm(null);
    Path home = Jdk.homeOf(spec.java());
    assertTrue(WorkerImage.isImage(home), () -> "the worker runs on " + spec.java() + ", not on an image");
    Set<String> listed = new TreeSet<>();
    for (String line : run(List.of(spec.java().toString(), "--list-modules")).split("\n")) {
      if (!line.isBlank()) listed.add(line.trim().replaceFirst("@.*", ""));
    }
    // the same set --limit-modules leaves observable: the allowed modules and what they require
    var expected = java.lang.module.Configuration.empty().resolve(java.lang.module.ModuleFinder.ofSystem(),
        java.lang.module.ModuleFinder.of(), WorkerSpec.allowedModules()).modules().stream()
        .map(java.lang.module.ResolvedModule::name).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    assertEquals(expected, listed);
    for (String m : FORBIDDEN) assertFalse(listed.contains(m), m + " is in the worker's Java");
    assertTrue(listed.containsAll(List.of("java.se", "jdk.httpserver", "jdk.compiler", "jdk.management")), listed::toString);
  }

  @Test
  void theImageMapsItsClassDataArchiveWithTheWorkersGarbageCollector() throws Exception {
    assumeTrue(canLink(), "this JDK has no jmods to link from");
    Path java = WorkerSpec.forThisJvm(null).java();
    // -Xshare:on makes the JVM refuse to start when it cannot map the archive
    String out = run(List.of(java.toString(), "-Xshare:on", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Xlog:class+load=info", "-version"));
    assertTrue(out.contains("java.lang.Object source: shared objects file"), out.lines().limit(5).toList()::toString);
  }

  @Test
  void onlyTheWholeJdkNeedsLimitModules() throws Exception {
    WorkerSpec spec = WorkerSpec.forThisJvm(null);
    List<String> whole = spec.onTheWholeJdk().processBuilder(dir.resolve("w.sock"), null).command();
    int i = whole.indexOf("--limit-modules");
    assertTrue(i > 0, whole::toString);
    assertEquals("java.se," + netlab.grade.isolation.GraderModule.NAME + ","
        + String.join(",", WorkerSpec.allowedModules().subList(1, WorkerSpec.allowedModules().size())), whole.get(i + 1));
    if (canLink()) {
      List<String> image = spec.processBuilder(dir.resolve("w.sock"), null).command();
      assertFalse(image.contains("--limit-modules"), image::toString);
      assertTrue(image.contains("--add-modules"), image::toString);
    }
  }

  @Test
  void onTheImageAndOnTheWholeJdkAStudentFindsNoUnsafeAndGetsTheirGrade() throws Exception {
    Path lab = ToyLab.create(dir);
    LabHome home = new LabHome(lab);
    var adder = ExerciseCatalog.load(home).find("adder");
    // the name is made at run time, so that no screen of the source or class file sees it
    ToyLab.studentAdd(lab, """
            String n = new StringBuilder("efasnU.csim.nus").reverse().toString();
            try {
              Class.forName(n);
              return 0;
            } catch (ClassNotFoundException e) {
              return a + b;
            }""");
    List<String> seen = new ArrayList<>();
    WorkerSpec image = WorkerSpec.forThisJvm(lab.resolve("target"));
    for (WorkerSpec spec : List.of(image, image.onTheWholeJdk())) {
      try (Grader g = new Grader(home, spec, new Grader.Options(Duration.ofSeconds(5), false))) {
        CheckResult r = g.check(adder);
        assertEquals(3, r.score(), () -> spec.java() + ": " + r.tests() + " " + r.notes());
        seen.add(spec.java().toString());
      }
    }
    assertEquals(2, seen.size());
    if (canLink()) assertFalse(seen.get(0).equals(seen.get(1)), seen::toString);
  }

  @Test
  void theWorkersOwnClassesAreMappedFromAnArchiveMadeWithoutAnyStudentsCode() throws Exception {
    assumeTrue(canLink(), "this JDK has no jmods to link from");
    WorkerSpec spec = WorkerSpec.forThisJvm(null);
    Path archive = spec.cdsArchive();
    assertNotNull(archive, "a grading worker on the image has no class-data archive");
    assertTrue(Files.isRegularFile(archive), archive::toString);
    // what it was dumped from: the JDK's classes and the grader module's, lambdas of JUnit included
    List<String> list = Files.readAllLines(WorkerArchive.classListOf(archive), StandardCharsets.UTF_8);
    for (String line : list) {
      String name = line.startsWith("@") ? WorkerArchive.Recorded.owner(line) : line.split(" ")[0];
      assertTrue(WorkerArchive.ALLOWED_PREFIXES.stream().anyMatch(name::startsWith), () -> "the class list names " + line);
    }
    assertTrue(list.contains("org/junit/platform/launcher/core/LauncherFactory"), "JUnit's launcher is not in the list");
    assertTrue(list.stream().anyMatch(l -> l.startsWith("@lambda-proxy org/junit/")), "no lambda of JUnit's in the list");
    // the worker maps it and never records one
    List<String> cmd = new ArrayList<>(spec.processBuilder(dir.resolve("w.sock"), null).command());
    assertTrue(cmd.contains("-XX:SharedArchiveFile=" + archive), cmd::toString);
    assertFalse(cmd.stream().anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit")), cmd::toString);
    // and JUnit then comes from it: the worker's own warm-up, with sharing required
    cmd.set(cmd.size() - 1, "--warm-up");
    int at = cmd.indexOf("--module-path");
    cmd.addAll(at, List.of("-Xshare:on", "-Xlog:class+load=info"));
    String out = run(cmd.subList(cmd.indexOf(spec.java().toString()), cmd.size()));
    assertTrue(out.contains("org.junit.platform.launcher.core.LauncherFactory source: shared objects file"),
        () -> out.lines().filter(l -> l.contains("junit")).limit(3).toList().toString());
  }

  @Test
  void theJdkClassesTheHiddenTestsLoadAreInTheWorkersArchiveToo() throws Exception {
    assumeTrue(canLink(), "this JDK has no jmods to link from");
    Path archive = WorkerSpec.forThisJvm(null).cdsArchive();
    assertNotNull(archive, "a grading worker on the image has no class-data archive");
    List<String> list = Files.readAllLines(WorkerArchive.classListOf(archive), StandardCharsets.UTF_8);
    // TLS (tls-client), HttpClient (http-server's tests), NIO (selector-echo): recorded, not only the warm-up's
    for (String c : List.of("sun/security/ssl/SSLSocketImpl", "jdk/internal/net/http/HttpClientImpl",
        "sun/nio/ch/SocketChannelImpl")) {
      assertTrue(list.contains(c), () -> c + " is not in the worker's class list");
    }
    // lambda lines only for the JDK they were recorded on; class names for any
    String other = "8.0.0+1";
    assertTrue(WorkerArchive.Recorded.lines(other).stream().noneMatch(l -> l.startsWith("@")));
    assertTrue(WorkerArchive.Recorded.lines(other).contains("sun/security/ssl/SSLSocketImpl"));
  }

  @Test
  void aGradingWorkerNeverRecordsAnArchiveOfItsOwn() {
    WorkerSpec spec = WorkerSpec.forThisJvm(null);
    WorkerSpec missing = new WorkerSpec(spec.java(), null, spec.graderJar(), 256, Duration.ofSeconds(20),
        dir.resolve("not-there.jsa"), spec.mainClass(), null);
    List<String> cmd = missing.processBuilder(dir.resolve("w.sock"), null).command();
    assertFalse(cmd.stream().anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit")), cmd::toString);
    assertFalse(cmd.stream().anyMatch(a -> a.startsWith("-XX:SharedArchiveFile")), cmd::toString);
    assertEquals(null, spec.onTheWholeJdk().cdsArchive());
  }
}
