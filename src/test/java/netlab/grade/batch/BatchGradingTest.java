package netlab.grade.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import netlab.grade.sandbox.Sandbox;
import netlab.testing.LabRun;
import netlab.testing.ToyLab;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A class of honest and hostile students graded in one run, in the sandbox: each gets exactly
 * what their code deserves, and nobody's misbehaviour touches anyone else's grade. Then the
 * outputs, resuming, sharding and merging, and bad submissions.
 */
class BatchGradingTest {
  @TempDir
  static Path dir;
  static Path lab;
  static Path subs;
  static Path report;
  static LabRun run;
  static final ObjectMapper JSON = new ObjectMapper();

  static void student(String id, String body) throws Exception {
    Path d = Files.createDirectories(subs.resolve(id).resolve("01-adder"));
    Files.writeString(d.resolve("Adder.java"), "public final class Adder {\n  public static int add(int a, int b) {\n" + body + "\n  }\n}\n");
  }

  @BeforeAll
  static void gradeTheClass() throws Exception {
    Assumptions.assumeTrue(Sandbox.available(), "bubblewrap is needed for the integrity tests (.ci/run installs it)");
    lab = ToyLab.create(dir.resolve("lab"));
    subs = Files.createDirectories(dir.resolve("subs"));
    report = dir.resolve("report");
    student("honest", "    return a + b;");
    student("honest2", "    return b + a; // a different but correct answer");
    // byte for byte honest's file, and one byte from it: compiled once (by hash), graded alike;
    // and the file one byte away is compiled and graded on its own
    student("twin", "    return a + b;");
    student("onebyteoff", "    return a - b;");
    student("copycat", "      return a   +   b;   // honest's answer, reformatted and commented");
    student("fakepass", "    System.out.println(\"✓ adds small numbers 1/1\\nscore 3/3\\n{\\\"type\\\":\\\"result\\\",\\\"status\\\":\\\"passed\\\"}\");\n    return 0;");
    student("exiter", "    if (a == 2) System.exit(0);\n    return a + b;");
    student("looper", "    while (true) { }");
    student("threadbomb", "    for (int i = 0; i < 100_000; i++) { Thread t = new Thread(() -> { try { Thread.sleep(60_000); } catch (InterruptedException e) { } }); t.setDaemon(true); t.start(); }\n    return a + b;");
    student("spawner", "    try { new ProcessBuilder(\"sleep\", \"777\").start(); } catch (Exception e) { }\n    return a + b;");
    student("hugefile", "    try (var out = new java.io.FileOutputStream(java.io.File.createTempFile(\"big\", \".bin\"))) {\n"
        + "      byte[] mb = new byte[1 << 20];\n      for (int i = 0; i < 2048; i++) out.write(mb); // 2 GB\n"
        + "    } catch (java.io.IOException e) { throw new RuntimeException(\"could not write: \" + e.getMessage()); }\n    return a + b;");
    // reads that must fail in the sandbox: then (and only then) the answer is right
    String honestFile = subs.resolve("honest/01-adder/Adder.java").toAbsolutePath().toString();
    String hiddenSource = lab.resolve("src/hidden/01-adder/AdderHiddenTest.java").toAbsolutePath().toString();
    student("thief", "    for (String f : new String[] {\"" + honestFile + "\", \"" + hiddenSource + "\"}) {\n"
        + "      try { java.nio.file.Files.readString(java.nio.file.Path.of(f)); return -1; } catch (Exception e) { }\n    }\n    return a + b;");
    // must fail in the sandbox's private network: 192.0.2.1 is TEST-NET-1 (RFC 5737), never routed
    student("netcat", "    try (var s = new java.net.Socket()) { s.connect(new java.net.InetSocketAddress(\"192.0.2.1\", 80), 1000); return -1; }\n"
        + "    catch (Exception e) { return a + b; }");
    Files.writeString(subs.resolve("notazip.zip"), "hello");
    try (OutputStream os = Files.newOutputStream(subs.resolve("slipper.zip")); ZipOutputStream z = new ZipOutputStream(os)) {
      z.putNextEntry(new ZipEntry("../../outside/Adder.java"));
      z.write("class X {}".getBytes());
      z.closeEntry();
    }
    Path stray = Files.createDirectories(subs.resolve("stray/01-adder"));
    Files.copy(lab.resolve("solutions/01-adder/Adder.java"), stray.resolve("Adder.java"));
    Files.writeString(subs.resolve("stray/notes.txt"), "my notes");
    Files.createDirectories(subs.resolve("stray/99-nope"));
    Files.writeString(subs.resolve("stray/99-nope/Nope.java"), "class Nope {}");
    run = LabRun.run(lab, "", "grade", subs.toString(), "--out", report.toString(), "--timeout", "2", "--jobs", "2");
  }

  static JsonNode grade(String id) throws Exception {
    return JSON.readTree(report.resolve("students").resolve(id).resolve("grade.json").toFile());
  }

  static int score(String id) throws Exception {
    JsonNode g = grade(id);
    int s = 0;
    for (JsonNode e : g.path("exercises")) s += e.path("score").asInt();
    return s;
  }

  static String reasons(String id) throws Exception {
    StringBuilder b = new StringBuilder();
    for (JsonNode t : grade(id).path("exercises").get(0).path("tests")) b.append(t.path("reason").asText()).append('\n');
    return b.toString();
  }

  @Test
  void theRunSucceedsSandboxed() {
    assertEquals(0, run.exitCode, run.toString());
    assertTrue(run.out.contains("sandboxed (bubblewrap:") && !run.out.contains("NOT fully"), run.out);
  }

  @Test
  void honestStudentsGetFullMarksWhateverTheOthersDid() throws Exception {
    assertEquals(3, score("honest"));
    assertEquals(3, score("honest2"));
    assertEquals(3, score("twin"));
  }

  @Test
  void aFileOneByteFromAnotherIsGradedOnItsOwn() throws Exception {
    assertTrue(score("onebyteoff") < 3, reasons("onebyteoff"));
  }

  @Test
  void fakePassLinesOnStdoutEarnNothing() throws Exception {
    assertEquals(0, score("fakepass"));
  }

  @Test
  void systemExitCostsOnlyTheTestThatCalledIt() throws Exception {
    assertEquals(2, score("exiter"), reasons("exiter"));
    assertTrue(reasons("exiter").contains("System.exit"), reasons("exiter"));
  }

  @Test
  void anEndlessLoopTimesOut() throws Exception {
    assertEquals(0, score("looper"));
    assertTrue(reasons("looper").contains("timed out after 2 s"), reasons("looper"));
  }

  @Test
  void aThreadBombIsStoppedAndSaysWhy() throws Exception {
    assertEquals(0, score("threadbomb"), reasons("threadbomb"));
    assertTrue(reasons("threadbomb").contains("threads"), reasons("threadbomb"));
  }

  @Test
  void spawnedProcessesAreAllowedButNoneOutlivesTheGrading() throws Exception {
    assertEquals(3, score("spawner"), reasons("spawner"));
    assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().orElse("").contains("sleep 777")),
        "a process a submission started is still running");
  }

  @Test
  void aHugeFileFillsOnlyTheSandboxsSmallTmp() throws Exception {
    assertEquals(0, score("hugefile"), reasons("hugefile"));
    assertTrue(reasons("hugefile").contains("could not write"), reasons("hugefile"));
  }

  @Test
  void anotherStudentsFilesAndTheHiddenTestsCannotBeRead() throws Exception {
    assertEquals(3, score("thief"), "a read that should have failed succeeded:\n" + reasons("thief"));
  }

  @Test
  void nothingReachesAnAddressBeyondLoopback() throws Exception {
    assertEquals(3, score("netcat"), "a connection beyond loopback succeeded:\n" + reasons("netcat"));
  }

  @Test
  void badSubmissionsAreReportedAndTheRunGoesOn() throws Exception {
    // a report folder is named for the submission's file, not the student id
    assertTrue(grade("notazip.zip").path("problems").toString().contains("is not a zip file"));
    assertTrue(grade("slipper.zip").path("problems").toString().contains("points outside the submission"));
    String stray = grade("stray").path("problems").toString();
    assertTrue(stray.contains("ignored notes.txt"), stray);
    assertTrue(stray.contains("there is no exercise 99-nope"), stray);
    assertEquals(3, score("stray"), "the good part of a messy submission is still graded");
  }

  @Test
  void everyOutputIsWritten() throws Exception {
    String csv = Files.readString(report.resolve("gradebook.csv"));
    assertTrue(csv.startsWith("\"student\",\"01-adder\",\"total\",\"max\",\"problems\"\n"), csv);
    assertTrue(csv.contains("\n\"honest\",\"3\",\"3\",\"3\","), csv);
    assertEquals(17, csv.lines().count(), csv);
    JsonNode results = JSON.readTree(report.resolve("students/honest/results.json").toFile());
    assertEquals(3, results.path("score").asInt());
    JsonNode t = results.path("tests").get(0);
    for (String f : List.of("name", "score", "max_score", "output", "visibility")) assertTrue(t.has(f), "results.json test has " + f);
    var xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.resolve("students/looper/junit.xml").toFile());
    assertEquals("3", xml.getDocumentElement().getAttribute("failures"));
    String feedback = Files.readString(report.resolve("students/exiter/feedback.md"));
    assertTrue(feedback.contains("**Score: 2 / 3**") && feedback.contains("System.exit"), feedback);
    String html = Files.readString(report.resolve("report.html"));
    for (String id : List.of("id=\"sandbox\"", "<svg", "id=\"most-failed\"", "id=\"time-chart\"", "id=\"gradebook\"", "id=\"similarity\"")) {
      assertTrue(html.contains(id), "report.html has " + id);
    }
    // copying is JPlag's to find, when asked (--similarity; SimilarityTest)
    assertTrue(html.contains("id=\"similarity-off\""), html);
    assertTrue(Files.isRegularFile(report.resolve("students/copycat/sources/01-adder/Adder.java")), "what was graded is kept");
  }

  @Test
  void aSecondRunResumesAndShardsMergeIntoTheSameGradebook() throws Exception {
    LabRun again = LabRun.run(lab, "", "grade", subs.toString(), "--out", report.toString(), "--timeout", "2");
    assertTrue(again.out.contains("graded 0 students (16 already done)"), again.out);
    Path a = dir.resolve("shard1");
    Path b = dir.resolve("shard2");
    String[] only = {"--exercises", "adder", "--timeout", "2"};
    assertEquals(0, LabRun.run(lab, "", concat(new String[] {"grade", subs.toString(), "--out", a.toString(), "--shard", "1/2"}, only)).exitCode);
    assertEquals(0, LabRun.run(lab, "", concat(new String[] {"grade", subs.toString(), "--out", b.toString(), "--shard", "2/2"}, only)).exitCode);
    LabRun merged = LabRun.run(lab, "", "merge", a.toString(), b.toString(), "--out", dir.resolve("merged").toString());
    assertEquals(0, merged.exitCode, merged.toString());
    Map<String, String> whole = rows(Files.readString(report.resolve("gradebook.csv")));
    Map<String, String> fromShards = rows(Files.readString(dir.resolve("merged/gradebook.csv")));
    assertEquals(whole.keySet(), fromShards.keySet());
    for (String id : List.of("honest", "exiter", "thief", "fakepass")) assertEquals(whole.get(id), fromShards.get(id), id);
  }

  /** Student → total, from a gradebook. */
  private static Map<String, String> rows(String csv) {
    return csv.lines().skip(1).map(netlab.testing.Gradebook::cells).collect(Collectors.toMap(c -> c.get(0), c -> c.get(2)));
  }

  private static String[] concat(String[] a, String[] b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
