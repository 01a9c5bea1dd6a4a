package netlab.grade.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import netlab.grade.sandbox.Sandbox;
import netlab.testing.LabRun;
import netlab.testing.ToyLab;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code netlab release --gradescope autograder.zip}, used as Gradescope uses it: the zip is
 * unpacked into a folder standing in for {@code /autograder} ({@code NETLAB_AUTOGRADER_ROOT}),
 * {@code setup.sh --check} runs, then {@code run_autograder} grades an honest submission (the zip
 * 'netlab submit' wrote), a partial one (a file uploaded on its own) and a hostile one, and every
 * {@code results.json} is checked against the fields Gradescope's specification documents.
 */
class GradescopeAutograderTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Set<String> VISIBILITY = Set.of("hidden", "after_due_date", "after_published", "visible");
  static final Set<String> FORMATS = Set.of("text", "html", "simple_format", "md", "ansi");
  /** Every top-level and per-test field in Gradescope's "Autograder Specifications". */
  static final Set<String> TOP_FIELDS = Set.of("score", "execution_time", "output", "output_format", "test_output_format",
      "test_name_format", "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard");
  static final Set<String> TEST_FIELDS = Set.of("score", "max_score", "status", "name", "name_format", "number", "output",
      "output_format", "tags", "visibility", "extra_data");

  @TempDir
  static Path dir;
  static Path lab;
  static Path zip;
  static Path root;

  @BeforeAll
  @Timeout(300)
  static void releaseAndUnpack() throws Exception {
    lab = InstructorOnlyTestsTest.labWithInstructorTest(dir.resolve("lab")); // 3 points for students, 2 for the instructor
    ToyLab.installBuiltLab(lab);
    zip = dir.resolve("autograder.zip");
    LabRun r = LabRun.run(lab, "", "release", "--gradescope", zip.toString(), "--verify-runs", "1");
    assertEquals(0, r.exitCode, r.toString());
    assertTrue(r.out.contains("Gradescope autograder in " + zip), r.out);
    root = Files.createDirectories(dir.resolve("autograder"));
    unzip(zip, root.resolve("source"));
    // Gradescope copies run_autograder to /autograder and runs it there
    Files.copy(root.resolve("source/run_autograder"), root.resolve("run_autograder"), StandardCopyOption.COPY_ATTRIBUTES);
  }

  @Test
  void theZipHasTheScriptsAtItsRootExecutableAndNoSolutionOrTestSource() throws Exception {
    try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()), Map.of("enablePosixFileAttributes", "true"))) {
      for (String script : List.of("/setup.sh", "/run_autograder", "/netlab/netlab")) {
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(fs.getPath(script))), script);
      }
      assertTrue(Files.isRegularFile(fs.getPath("/netlab/target/netlab.jar")));
      // the instructor's tests are in, compiled: the autograder runs them
      assertTrue(Files.isRegularFile(fs.getPath("/netlab/hidden/01-adder/netlab.hidden.AdderInstructorTest.class")));
      try (Stream<Path> all = Files.walk(fs.getPath("/"))) {
        List<String> names = all.map(Path::toString).toList();
        assertTrue(names.stream().noneMatch(n -> n.startsWith("/netlab/solutions") || n.startsWith("/netlab/src")), names.toString());
        assertTrue(names.stream().noneMatch(n -> n.endsWith("Test.java")), "no test source: " + names);
      }
    }
  }

  @Test
  void setupChecksPassWithoutInstallingAnything() throws Exception {
    Proc p = run(List.of("bash", root.resolve("source/setup.sh").toString(), "--check"), root);
    assertEquals(0, p.exit, p.out);
    for (String line : List.of("ok       JDK", "ok       the lab's jar", "ok       compiled tests of 01-adder", "ready to grade")) {
      assertTrue(p.out.contains(line), "'" + line + "' in:\n" + p.out);
    }
    if (Sandbox.available()) assertTrue(p.out.contains("ok       bubblewrap makes a sandbox here"), p.out);
  }

  @Test
  @Timeout(240)
  void anHonestAPartialAndAHostileSubmissionGetWhatTheyDeserve() throws Exception {
    Assumptions.assumeTrue(Sandbox.available(), "bubblewrap is needed for the integrity tests (.ci/run installs it)");

    // honest: the zip 'netlab submit' writes, uploaded as it is
    Path student = dir.resolve("student-lab");
    LabRun.copyTree(lab, student);
    ToyLab.solve(student);
    Path honestZip = dir.resolve("submission-s1.zip");
    assertEquals(0, LabRun.run(student, "", "submit", "--student", "s1", "--out", honestZip.toString()).exitCode);
    JsonNode honest = grade(Map.of("submission-s1.zip", Files.readAllBytes(honestZip)));
    assertEquals(5, honest.path("score").asInt(), honest.toPrettyString());
    assertTrue(honest.path("output").asText().contains("Score: 5 / 5"), honest.path("output").asText());

    // partial: Adder.java uploaded on its own; Math.addExact fails only the instructor's test
    JsonNode partial = grade(Map.of("Adder.java", adder("    return Math.addExact(a, b);").getBytes(StandardCharsets.UTF_8)));
    assertEquals(3, partial.path("score").asInt(), partial.toPrettyString());
    JsonNode wraps = test(partial, "wraps around");
    assertEquals("after_published", wraps.path("visibility").asText(), "the instructor's test is shown once grades are published");
    assertEquals(0, wraps.path("score").asInt());
    assertEquals("failed", wraps.path("status").asText());
    assertEquals("visible", test(partial, "adds small numbers").path("visibility").asText());

    // hostile: writes a forged results.json now and from a process meant to outlive grading, reads
    // the compiled tests, and prints lines that look like passing tests
    Path results = root.resolve("results/results.json");
    Path hidden = root.resolve("source/netlab/hidden/01-adder/netlab.hidden.AdderHiddenTest.class");
    String forged = "{\\\"score\\\":100,\\\"tests\\\":[]}";
    JsonNode hostile = grade(Map.of("01-adder/Adder.java", adder(String.join("\n",
        "    try { java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + results + "\"), \"" + forged + "\");",
        "      throw new IllegalStateException(\"WROTE RESULTS\"); } catch (java.io.IOException e) { }",
        "    try { new ProcessBuilder(\"sh\", \"-c\", \"sleep 3; echo '" + forged + "' > " + results + "\").start(); }",
        "    catch (java.io.IOException e) { }",
        "    try { java.nio.file.Files.readAllBytes(java.nio.file.Path.of(\"" + hidden + "\"));",
        "      throw new IllegalStateException(\"READ THE TESTS\"); } catch (java.io.IOException e) { }",
        "    System.out.println(\"✓ adds small numbers 1/1\\nscore 5/5\");",
        "    return 0;")).getBytes(StandardCharsets.UTF_8)));
    assertEquals(0, hostile.path("score").asInt(), hostile.toPrettyString());
    assertFalse(hostile.toString().contains("WROTE RESULTS") || hostile.toString().contains("READ THE TESTS"), hostile.toPrettyString());
    Thread.sleep(4000); // past the forger's sleep: whatever it started ended with the sandbox
    JsonNode later = JSON.readTree(results.toFile());
    assertEquals(hostile, later, "results.json changed after run_autograder ended");
  }

  @Test
  @Timeout(120)
  void filesNoExerciseHasAreNamedInTheFeedback() throws Exception {
    JsonNode r = grade(Map.of("Adder.java", adder("    return a + b;").getBytes(StandardCharsets.UTF_8),
        "notes.txt", "my notes".getBytes(StandardCharsets.UTF_8)));
    assertTrue(r.path("output").asText().contains("ignored notes.txt: no exercise graded here has a file of that name"),
        r.path("output").asText());
    assertEquals(5, r.path("score").asInt(), "the right file is graded all the same");
  }

  // ---- helpers ----------------------------------------------------------------------------------

  static String adder(String body) {
    return "public final class Adder {\n  public static int add(int a, int b) {\n" + body + "\n  }\n}\n";
  }

  /** Puts {@code files} in a fresh /autograder/submission, runs run_autograder, checks and returns results.json. */
  static synchronized JsonNode grade(Map<String, byte[]> files) throws Exception {
    Path submission = root.resolve("submission");
    netlab.grade.HiddenTests.deleteTree(submission);
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      Path p = submission.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, f.getValue());
    }
    Proc p = run(List.of(root.resolve("run_autograder").toString()), root);
    assertEquals(0, p.exit, p.out);
    JsonNode r = JSON.readTree(root.resolve("results/results.json").toFile());
    assertValid(r, p.out);
    return r;
  }

  /** results.json holds only documented fields, each of the documented type, and adds up. */
  static void assertValid(JsonNode r, String log) {
    String shown = r.toPrettyString() + "\n--- run_autograder printed\n" + log;
    r.fieldNames().forEachRemaining(f -> assertTrue(TOP_FIELDS.contains(f), "undocumented top-level field " + f + ":\n" + shown));
    assertTrue(r.path("score").isNumber(), shown);
    assertTrue(r.path("execution_time").isIntegralNumber() && r.path("execution_time").asInt() >= 1, shown);
    assertTrue(r.path("output").isTextual() && !r.path("output").asText().isBlank(), shown);
    assertTrue(VISIBILITY.contains(r.path("visibility").asText()), shown);
    assertTrue(VISIBILITY.contains(r.path("stdout_visibility").asText()), shown);
    for (String f : List.of("output_format", "test_output_format", "test_name_format")) assertTrue(FORMATS.contains(r.path(f).asText()), f);
    assertTrue(r.path("tests").isArray() && r.path("tests").size() == 4, "a test per hidden test:\n" + shown);
    double sum = 0;
    for (JsonNode t : r.path("tests")) {
      t.fieldNames().forEachRemaining(f -> assertTrue(TEST_FIELDS.contains(f), "undocumented test field " + f + ":\n" + shown));
      assertTrue(t.path("name").isTextual() && !t.path("name").asText().isBlank(), shown);
      assertTrue(t.path("score").isNumber() && t.path("max_score").isNumber(), shown);
      assertTrue(t.path("score").asDouble() <= t.path("max_score").asDouble(), shown);
      assertTrue(t.path("output").isTextual(), shown);
      assertTrue(VISIBILITY.contains(t.path("visibility").asText()), shown);
      assertTrue(Set.of("passed", "failed").contains(t.path("status").asText()), shown);
      sum += t.path("score").asDouble();
    }
    assertEquals(sum, r.path("score").asDouble(), 1e-9, "the score is the sum of the tests' scores:\n" + shown);
  }

  static JsonNode test(JsonNode results, String name) {
    for (JsonNode t : results.path("tests")) if (t.path("name").asText().contains(name)) return t;
    throw new AssertionError("no test named '" + name + "' in " + results.toPrettyString());
  }

  record Proc(int exit, String out) {}

  static Proc run(List<String> cmd, Path cwd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).directory(cwd.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("NETLAB_AUTOGRADER_ROOT", root.toString());
    env.put("JAVA_HOME", jdk());
    env.put("NETLAB_CDS", "0"); // a class-data archive is setup.sh's job on Gradescope; here it only costs time
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), "finished: " + cmd);
    return new Proc(p.exitValue(), out);
  }

  /** The JDK running the tests (the launcher wants one with javac). */
  static String jdk() {
    return Path.of(System.getProperty("java.home")).toString();
  }

  /** Unpacks with the zip's Unix modes, as Gradescope's unzip does. */
  static void unzip(Path zip, Path to) throws Exception {
    try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()), new HashMap<>(Map.of("enablePosixFileAttributes", "true")));
        Stream<Path> all = Files.walk(fs.getPath("/"))) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path target = to.resolve(p.toString().substring(1));
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(p, target);
          Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(p));
        }
      }
    }
  }
}
