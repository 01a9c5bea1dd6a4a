package netlab.grade.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import netlab.grade.sandbox.Sandbox;
import netlab.testing.LabRun;
import netlab.testing.ToyLab;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Submissions made to fool or to stop the grader: two that claim one student (by file name, by a
 * name made file-safe, by case, by a manifest), an entry name the file system refuses, an inflate
 * bomb, a named pipe, a symbolic link loop, a class name too long to be a file. Each is reported
 * for its own student, nobody takes or wipes another's grade, and the class is graded to the end.
 */
class HostileSubmissionsTest {
  static final String HONEST = "    return a + b;";
  static final String WRONG = "    return 0;";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;
  static Path lab;
  /** Submissions that collide: honest and wrong answers side by side, to tell whose grade is whose. */
  static Path klass;
  static Path klassReport;
  static LabRun klassRun;
  /** Submissions that attack the grader itself, with an honest student beside them. */
  static Path hostile;
  static Path hostileReport;
  static LabRun hostileRun;

  @BeforeAll
  @org.junit.jupiter.api.Timeout(600) // several real grade runs: more than the 120 s a test may take
  static void gradeBothClasses() throws Exception {
    Assumptions.assumeTrue(Sandbox.available(), "bubblewrap is needed for the integrity tests (.ci/run installs it)");
    lab = ToyLab.create(dir.resolve("lab"));

    klass = Files.createDirectories(dir.resolve("class"));
    submission(klass.resolve("alice.zip"), "alice", HONEST, Map.of());
    submission(klass.resolve("submission-alice.zip"), "alice", WRONG, Map.of());
    folder(klass.resolve("li wei"), adder(HONEST));
    folder(klass.resolve("li_wei"), adder(WRONG));
    folder(klass.resolve("Bob"), adder(HONEST));
    folder(klass.resolve("bob"), adder(WRONG));
    submission(klass.resolve("dave.zip"), "erin", HONEST, Map.of()); // dave hands in as erin
    folder(klass.resolve("erin"), adder(WRONG));
    klassReport = dir.resolve("class-report");
    klassRun = grade(klass, klassReport);

    hostile = Files.createDirectories(dir.resolve("hostile"));
    folder(hostile.resolve("honest"), adder(HONEST));
    submission(hostile.resolve("longname.zip"), "longname", HONEST,
        Map.of("01-adder/" + "A".repeat(300) + ".java", "class X {}".getBytes(StandardCharsets.UTF_8)));
    bomb(hostile.resolve("bomb.zip"));
    // a correct answer with a class whose name is too long for a file system: classes never touch the disk
    folder(hostile.resolve("longclass"), adder(HONEST) + "\nclass " + "A".repeat(300) + " {}\n");
    // a correct answer whose work folder the grader cannot create (a file is in the way): a fault of
    // the machine, not the student's, so it costs this student a 0 now and is graded again next run
    folder(hostile.resolve("blocked"), adder(HONEST));
    Files.writeString(Files.createDirectories(dir.resolve("hostile-report/.work")).resolve("blocked"), "in the way");
    Path pipe = Files.createDirectories(hostile.resolve("pipe/01-adder")).resolve("Adder.java");
    assertEquals(0, new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start().waitFor(), "mkfifo");
    Path links = folder(hostile.resolve("links"), adder(HONEST));
    Files.createSymbolicLink(links.resolve("self"), Path.of("."));
    Files.createSymbolicLink(links.resolve("a"), Path.of("b"));
    Files.createSymbolicLink(links.resolve("b"), Path.of("a"));
    Files.writeString(Files.createDirectories(links.resolve("d/d/d/d/d/d/d/d/d/d/d/d")).resolve("Deep.java"), "class Deep {}");
    folder(hostile.resolve("mallory"), adder(WRONG));
    // names a spreadsheet would run as formulas, or that would end a CSV row early
    folder(hostile.resolve("=HYPERLINK(\"x\",\"y\")"), adder(HONEST));
    folder(hostile.resolve("evil\rname"), adder(WRONG));
    folder(hostile.resolve("+tab\tname"), adder(HONEST));
    // a grade.json left in mallory's folder by another submission (an older report, say): full marks
    Path planted = Files.createDirectories(dir.resolve("hostile-report/students/mallory")).resolve("grade.json");
    Files.writeString(planted, "{\"student\":\"mallory\",\"source\":\"alice.zip\",\"key\":\"mallory\",\"exercises\":"
        + "[{\"id\":\"adder\",\"dir\":\"01-adder\",\"submitted\":true,\"compiled\":true,\"score\":3,\"max\":3}]}");
    hostileReport = dir.resolve("hostile-report");
    hostileRun = grade(hostile, hostileReport);
  }

  // --- submissions that claim the same student

  @Test
  void twoSubmissionsForOneIdAreBothGradedEachWithItsOwnScore() throws Exception {
    assertEquals(0, klassRun.exitCode, klassRun.toString());
    String claim = "2 submissions claim student id 'alice': alice.zip, submission-alice.zip";
    String alice = row(klassReport, "alice", "this is alice.zip");
    String other = row(klassReport, "alice", "this is submission-alice.zip");
    assertTrue(alice.startsWith("alice,3,3,3,") && alice.contains(claim), alice);
    assertTrue(other.startsWith("alice,0,0,3,") && other.contains(claim), other);

    JsonNode a = grade(klassReport, "alice.zip");
    assertEquals("alice.zip", a.path("source").asText());
    assertEquals("alice.zip", a.path("key").asText());
    assertEquals(3, score(a));
    assertEquals(0, score(grade(klassReport, "submission-alice.zip")));
    assertTrue(Files.readString(klassReport.resolve("students/submission-alice.zip/feedback.md")).contains(claim));
    String html = Files.readString(klassReport.resolve("report.html"));
    assertTrue(html.contains("this is submission-alice.zip"), "report.html lists the problem");
    assertTrue(html.contains("href=\"students/alice.zip/feedback.md\"") && html.contains("href=\"students/submission-alice.zip/feedback.md\""),
        "report.html links each row to its own folder");
  }

  @Test
  void namesEqualOnceMadeFileSafeOrIgnoringCaseKeepTheirOwnGrades() throws Exception {
    String gradebook = String.join("\n", netlab.testing.Gradebook.plainRows(klassReport.resolve("gradebook.csv")));
    for (String row : List.of("li wei,3,3,3,", "li_wei,0,0,3,", "Bob,3,3,3,", "bob,0,0,3,")) {
      assertTrue(gradebook.contains("\n" + row), row + " in\n" + gradebook);
    }
    assertEquals(3, score(bySource(klassReport, "li wei")));
    assertEquals(0, score(bySource(klassReport, "li_wei")));
    assertEquals(3, score(bySource(klassReport, "Bob")));
    assertEquals(0, score(bySource(klassReport, "bob")));
    List<String> folders = folders(klassReport);
    assertEquals(8, folders.size(), folders.toString());
    Set<String> folded = new HashSet<>();
    for (String f : folders) assertTrue(folded.add(f.toLowerCase(Locale.ROOT)), "two folders differ only in case: " + folders);
    assertNotEquals(bySource(klassReport, "li wei").path("key"), bySource(klassReport, "li_wei").path("key"));
  }

  @Test
  void aManifestNamingAnotherStudentIsAProblemInTheGradebookAndReport() throws Exception {
    String dave = row(klassReport, "dave", "");
    assertTrue(dave.startsWith("dave,3,3,3,"), dave);
    assertTrue(dave.contains("the manifest says student 'erin' but the file is named for 'dave'"), dave);
    assertTrue(dave.contains("2 submissions claim student id 'erin': dave.zip, erin; this is dave.zip"), dave);
    String erin = row(klassReport, "erin", "");
    assertTrue(erin.startsWith("erin,0,0,3,") && erin.contains("2 submissions claim student id 'erin'"), erin);
    assertTrue(Files.readString(klassReport.resolve("report.html")).contains("the manifest says student"));
  }

  @Test
  void aSecondRunRegradesNobodyAndSwapsNothing() throws Exception {
    Map<String, String> before = snapshot(klassReport);
    LabRun again = grade(klass, klassReport);
    assertEquals(0, again.exitCode, again.toString());
    assertTrue(again.out.contains("graded 0 students (8 already done)"), again.out);
    assertEquals(before, snapshot(klassReport));
  }

  @Test
  void shardsMergeIntoTheSameGradebookAndASubmissionInTwoReportsIsRefused() throws Exception {
    Path a = dir.resolve("shard1");
    Path b = dir.resolve("shard2");
    assertEquals(0, LabRun.run(lab, "", "grade", klass.toString(), "--out", a.toString(), "--shard", "1/2", "--timeout", "2").exitCode);
    assertEquals(0, LabRun.run(lab, "", "grade", klass.toString(), "--out", b.toString(), "--shard", "2/2", "--timeout", "2").exitCode);
    Path merged = dir.resolve("merged");
    LabRun m = LabRun.run(lab, "", "merge", a.toString(), b.toString(), "--out", merged.toString());
    assertEquals(0, m.exitCode, m.toString());
    assertEquals(sortedRows(klassReport), sortedRows(merged), "the merged gradebook is the whole run's");
    assertEquals(3, score(grade(merged, "alice.zip")));
    assertEquals(0, score(grade(merged, "submission-alice.zip")));

    LabRun overlap = LabRun.run(lab, "", "merge", klassReport.toString(), a.toString(), "--out", dir.resolve("merged2").toString());
    assertEquals(2, overlap.exitCode, overlap.toString());
    assertTrue(overlap.err.contains("is in two reports"), overlap.err);
  }

  // --- submissions that attack the grader

  @Test
  void theClassIsGradedToTheEndBesideEveryAttack() throws Exception {
    assertEquals(0, hostileRun.exitCode, hostileRun.toString());
    assertEquals(3, score(grade(hostileReport, "honest")));
    List<List<String>> rows = ReportSafetyTest.pythonCsv(hostileReport.resolve("gradebook.csv"));
    assertEquals(12, rows.size(), "the header and a row per submission, as Python's csv reads it: " + rows);
    for (List<String> r : rows) {
      for (String cell : r) {
        assertTrue(cell.isEmpty() || "=+-@\t\r".indexOf(cell.charAt(0)) < 0, "a cell a spreadsheet would run: " + cell);
      }
    }
    assertTrue(rows.stream().anyMatch(r -> r.get(0).equals("'=HYPERLINK(\"x\",\"y\")") && r.get(1).equals("3")), rows.toString());
    assertTrue(rows.stream().anyMatch(r -> r.get(0).equals("evil name") && r.get(1).equals("0")), rows.toString());
    assertTrue(rows.stream().anyMatch(r -> r.get(0).equals("'+tab name") && r.get(1).equals("3")), rows.toString());
  }

  @Test
  void anEntryNameTooLongForTheFileSystemIsIgnoredAndReported() throws Exception {
    String row = row(hostileReport, "longname", "");
    assertTrue(row.startsWith("longname,3,3,3,"), row);
    assertTrue(row.contains("a name of 314 bytes (01-adder/AAA"), row);
    assertTrue(row.contains("is over 255 bytes; that file was ignored"), row);
  }

  @Test
  void anInflateBombIsRejectedWithoutInflatingIt() throws Exception {
    String row = row(hostileReport, "bomb", "");
    assertTrue(row.startsWith("bomb,0,0,3,"), row);
    assertTrue(row.contains("over 16 MB unpacked; the submission was rejected"), row);
  }

  @Test
  void sourceThatHangsOrBreaksTheCompilerCostsItsStudentThatExerciseOnly() throws Exception {
    Path subs = Files.createDirectories(dir.resolve("compilers"));
    folder(subs.resolve("honest"), adder(HONEST));
    // nested conditionals over a generic method: javac's inference takes minutes (measured: 10
    // levels 19 s, 14 levels over 40 s on this machine; it grows exponentially)
    String slow = "id(1)";
    for (int i = 0; i < 18; i++) slow = "(a > " + i + " ? id(" + slow + ") : id(null))";
    Path d = Files.createDirectories(subs.resolve("slowjavac/01-adder"));
    Files.writeString(d.resolve("Adder.java"), "public final class Adder {\n  static <T> T id(T t) { return t; }\n"
        + "  public static int add(int a, int b) { Integer x = " + slow + "; return a + b; }\n}\n");
    // parentheses nested so deep that javac's own stack overflows
    Path e = Files.createDirectories(subs.resolve("deepjavac/01-adder"));
    Files.writeString(e.resolve("Adder.java"), "public final class Adder {\n  public static int add(int a, int b) {\n"
        + "    return " + "(".repeat(20_000) + "a + b" + ")".repeat(20_000) + ";\n  }\n}\n");
    Path out = dir.resolve("compilers-report");
    LabRun run = LabRun.run(lab, "", "grade", subs.toString(), "--out", out.toString(), "--timeout", "2", "--compile-limit", "10");
    assertEquals(0, run.exitCode, run.toString());
    assertTrue(row(out, "honest", "").startsWith("honest,3,3,3,"), row(out, "honest", ""));
    String slowRow = row(out, "slowjavac", "");
    assertTrue(slowRow.startsWith("slowjavac,0,0,3,") && slowRow.contains("compiling took longer than 10 s"), slowRow);
    String deepRow = row(out, "deepjavac", "");
    assertTrue(deepRow.startsWith("deepjavac,0,0,3,") && deepRow.contains("compil"), deepRow);
  }

  @Test
  void aClassNameTooLongForAFileSystemIsGradedLikeAnyOther() throws Exception {
    assertTrue(row(hostileReport, "longclass", "").startsWith("longclass,3,3,3,"), row(hostileReport, "longclass", ""));
  }

  @Test
  void anErrorWhileGradingOneStudentCostsThatStudentOnlyAndIsTriedAgain() throws Exception {
    String row = row(hostileReport, "blocked", "");
    assertTrue(row.startsWith("blocked,0,0,3,"), row);
    assertTrue(row.contains("the grader failed on this submission (FileSystemException: blocked/files: Not a directory"), row);
    JsonNode g = grade(hostileReport, "blocked");
    assertNotNull(g.path("graderError").textValue(), g.toString());
    for (JsonNode t : g.path("exercises").get(0).path("tests")) {
      assertTrue(t.path("reason").asText().startsWith("not graded: the grader failed on this submission"), t.toString());
    }
    // the machine may have been to blame: the next run grades it again, and only it
    LabRun again = grade(hostile, hostileReport);
    assertTrue(again.out.contains("graded 1 students (10 already done)"), again.out);
    assertTrue(row(hostileReport, "blocked", "").startsWith("blocked,3,3,3,"), row(hostileReport, "blocked", ""));
  }

  @Test
  void aNamedPipeOrALinkLoopNeverHangsTheRun() throws Exception {
    String pipe = row(hostileReport, "pipe", "");
    assertTrue(pipe.contains("01-adder/Adder.java is not a regular file; ignored"), pipe);
    assertTrue(pipe.startsWith("pipe,0,0,3,"), pipe);
    String links = row(hostileReport, "links", "");
    assertTrue(links.startsWith("links,3,3,3,"), links);
    for (String p : List.of("symbolic link self ignored", "symbolic link a ignored", "symbolic link b ignored", "levels deep; ignored")) {
      assertTrue(links.contains(p), p + " in " + links);
    }
  }

  @Test
  void aResultLeftByAnotherSubmissionIsNeverReused() throws Exception {
    JsonNode g = grade(hostileReport, "mallory");
    assertEquals("mallory", g.path("source").asText());
    assertEquals(0, score(g));
    assertTrue(row(hostileReport, "mallory", "").startsWith("mallory,0,0,3,"));
  }

  // --- helpers

  static LabRun grade(Path subs, Path report) {
    return LabRun.run(lab, "", "grade", subs.toString(), "--out", report.toString(), "--timeout", "2", "--jobs", "2");
  }

  static String adder(String body) {
    return "public final class Adder {\n  public static int add(int a, int b) {\n" + body + "\n  }\n}\n";
  }

  static Path folder(Path student, String source) throws Exception {
    Files.writeString(Files.createDirectories(student.resolve("01-adder")).resolve("Adder.java"), source);
    return student;
  }

  /** A zip as 'netlab submit' makes it (a manifest with the file's hash), plus {@code extra} entries. */
  static void submission(Path zip, String student, String body, Map<String, byte[]> extra) throws Exception {
    byte[] source = adder(body).getBytes(StandardCharsets.UTF_8);
    Manifest m = new Manifest();
    m.student = student;
    m.files.put("01-adder/Adder.java", SubmissionReader.sha256(source));
    try (OutputStream os = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(os)) {
      put(z, Manifest.FILE, JSON.writeValueAsBytes(m));
      put(z, "01-adder/Adder.java", source);
      for (Map.Entry<String, byte[]> e : extra.entrySet()) put(z, e.getKey(), e.getValue());
    }
  }

  /** An honest answer, then 2 GB of zeros in about 9 MB, streamed: never held in memory. */
  static void bomb(Path zip) throws Exception {
    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(zip)); ZipOutputStream z = new ZipOutputStream(os)) {
      z.setLevel(Deflater.BEST_SPEED); // 4× faster to make than the best ratio, still ~230:1
      put(z, "01-adder/Adder.java", adder(HONEST).getBytes(StandardCharsets.UTF_8));
      z.putNextEntry(new ZipEntry("zeros.bin"));
      byte[] mb = new byte[1 << 20];
      for (int i = 0; i < 2048; i++) z.write(mb);
      z.closeEntry();
    }
  }

  static void put(ZipOutputStream z, String name, byte[] data) throws Exception {
    z.putNextEntry(new ZipEntry(name));
    z.write(data);
    z.closeEntry();
  }

  static JsonNode grade(Path report, String folder) throws Exception {
    return JSON.readTree(report.resolve("students").resolve(folder).resolve("grade.json").toFile());
  }

  /** The grade of the submission named {@code source}, wherever its folder is. */
  static JsonNode bySource(Path report, String source) throws Exception {
    List<JsonNode> found = new ArrayList<>();
    for (String f : folders(report)) {
      JsonNode g = grade(report, f);
      if (g.path("source").asText().equals(source)) found.add(g);
    }
    assertEquals(1, found.size(), "one report folder for " + source + " among " + folders(report));
    return found.get(0);
  }

  static List<String> folders(Path report) throws Exception {
    try (Stream<Path> s = Files.list(report.resolve("students"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  static int score(JsonNode grade) {
    int s = 0;
    for (JsonNode e : grade.path("exercises")) s += e.path("score").asInt();
    return s;
  }

  /** The one gradebook row for {@code student} that contains {@code text}. */
  static String row(Path report, String student, String text) throws Exception {
    List<String> rows = netlab.testing.Gradebook.plainRows(report.resolve("gradebook.csv")).stream()
        .filter(l -> l.startsWith(student + ",") && l.contains(text)).toList();
    assertEquals(1, rows.size(), "one gradebook row of " + student + " with '" + text + "': " + rows);
    return rows.get(0);
  }

  static List<String> sortedRows(Path report) throws Exception {
    return netlab.testing.Gradebook.plainRows(report.resolve("gradebook.csv")).stream().sorted().toList();
  }

  /** Every file of every student's report folder, by path: what a rerun must leave alone. */
  static Map<String, String> snapshot(Path report) throws Exception {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(report.resolve("students"))) {
      for (Path p : s.filter(Files::isRegularFile).toList()) files.put(report.relativize(p).toString(), Files.readString(p));
    }
    files.put("gradebook.csv", Files.readString(report.resolve("gradebook.csv")));
    return files;
  }
}
