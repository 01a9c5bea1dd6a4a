package netlab.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import netlab.core.LabHome;
import netlab.core.Printer;
import netlab.testing.Gradebook;
import netlab.testing.LabRun;
import netlab.testing.ToyLab;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * submit in the REPL and on the command line, in a toy lab of two exercises (adder, doubler):
 * what goes in the zip, what is left out, the student id asked for once, and a grade of the zip.
 */
class SubmitCommandTest {
  @TempDir
  Path dir;
  Path lab;

  @BeforeEach
  void lab() throws Exception {
    lab = ToyLab.create(dir.resolve("lab"));
    addDoubler(lab);
    LabRun.run(lab, ""); // first start: the lab keeps a pristine copy of the starters
    waitFor(lab.resolve(".netlab/starters/01-adder/Adder.java"));
    waitFor(lab.resolve(".netlab/starters/02-doubler/Doubler.java"));
  }

  @Test
  void theIdIsAskedForOnceAtTheKeyboardAndOnlyWorkGoesIn() throws Exception {
    ToyLab.studentAdd(lab, "    return a + b; // mine");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Terminal terminal = new DumbTerminal("test", "dumb",
        new ByteArrayInputStream("s42\n".getBytes(StandardCharsets.UTF_8)), bytes, StandardCharsets.UTF_8);
    Printer printer = new Printer(new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true), false, 200);
    Session session = new Session(new LabHome(lab), printer, terminal, false, true);
    Repl repl = new Repl(session, StandardCommands.create(), terminal, false);
    try {
      repl.dispatch("submit");
      String out = bytes.toString(StandardCharsets.UTF_8);
      Path zip = lab.resolve("submission-s42.zip");
      assertTrue(out.contains("your student id (as your teacher gave it): "), out);
      assertTrue(out.contains("submitting for s42:\n  01-adder/Adder.java "), out);
      assertTrue(out.contains(String.format("  %-48s %7d bytes\n", "01-adder/Adder.java", Files.size(adder()))), out);
      assertTrue(out.contains("left out (still the untouched starter): 02-doubler\n"), out);
      assertTrue(out.contains("wrote " + zip.toAbsolutePath() + " (1 file and manifest.json, " + Files.size(zip) + " bytes); hand it in"),
          out);
      Map<String, byte[]> entries = read(zip);
      assertEquals("[01-adder/Adder.java, manifest.json]", entries.keySet().toString());
      JsonNode manifest = new ObjectMapper().readTree(entries.get("manifest.json"));
      assertEquals("s42", manifest.path("student").asText());
      assertEquals(sha256(Files.readAllBytes(adder())), manifest.path("files").path("01-adder/Adder.java").asText());
      assertEquals(1, manifest.path("files").size(), manifest.toString());
      assertTrue(Files.readString(lab.resolve(".netlab/progress.json")).contains("\"student\" : \"s42\""), "remembered");

      // remembered: the next submit does not ask (there is no more input to answer with)
      repl.dispatch("submit 1");
      out = bytes.toString(StandardCharsets.UTF_8);
      assertEquals(1, out.split("your student id", -1).length - 1, out);
      assertTrue(out.contains("(it replaces the earlier submission-s42.zip)"), out);
    } finally {
      session.close();
    }
  }

  @Test
  void aScriptWithoutAnIdGetsOneLineAndNoZip() throws Exception {
    ToyLab.studentAdd(lab, "    return a + b;");
    LabRun r = LabRun.run(lab, "submit\nexercises\n");
    assertTrue(r.out.replace('\n', ' ').contains("error: no student id yet: run 'submit --student ID' once (the lab remembers it)"),
        r.out);
    assertTrue(r.out.contains("01  adder"), "the REPL goes on: " + r.out);
    assertFalse(Files.exists(lab.resolve("submission-.zip")));
    LabRun cli = LabRun.run(lab, "", "submit");
    assertEquals(2, cli.exitCode, cli.toString());
    assertEquals("netlab: no student id yet: run 'netlab submit --student ID' once (the lab remembers it)\n", cli.err);
  }

  @Test
  void anExerciseByNumberOrSlugPacksOnlyThatOneAndAnUntouchedOneIsRefused() throws Exception {
    ToyLab.studentAdd(lab, "    return a + b;");
    LabRun r = LabRun.run(lab, "submit doubler --student s7\nsubmit 2\nsubmit s7\nsubmit adder --student s7\n");
    String unwrapped = r.out.replace('\n', ' '); // errors wrap at 80 columns
    assertEquals(2, unwrapped.split("error: nothing to submit: 02-doubler is still the untouched starter; edit Doubler.java first",
        -1).length - 1, r.out);
    assertTrue(unwrapped.contains("error: no exercise 's7'; 'exercises' lists them; a student id goes after --student: "
        + "'submit --student s7'"), r.out);
    assertTrue(r.out.contains("submitting for s7:\n  01-adder/Adder.java"), r.out);
    assertFalse(r.out.contains("left out"), "one exercise asked for, one packed: " + r.out);
    assertEquals("[01-adder/Adder.java, manifest.json]", read(lab.resolve("submission-s7.zip")).keySet().toString());

    Files.writeString(lab.resolve("exercises/02-doubler/Doubler.java"),
        "public final class Doubler {\n  public static int twice(int a) { return 2 * a; }\n}\n");
    LabRun two = LabRun.run(lab, "submit 2\n");
    assertTrue(two.out.contains("submitting for s7:\n  02-doubler/Doubler.java"), "the id was remembered: " + two.out);
    assertEquals("[02-doubler/Doubler.java, manifest.json]", read(lab.resolve("submission-s7.zip")).keySet().toString());
    assertTrue(two.out.replace('\n', ' ').contains("(it replaces the earlier submission-s7.zip; 01-adder, which that one held, "
        + "is not in this one: 'submit' with no exercise packs everything you worked on)"), two.out);
  }

  @Test
  void theCommandLineTakesAnExerciseAndStudentAndGradeGradesTheZip() throws Exception {
    ToyLab.studentAdd(lab, "    return a + b;");
    Path out = dir.resolve("subs/s9.zip");
    LabRun sub = LabRun.run(lab, "", "submit", "--student", "s9", "--out", out.toString());
    assertEquals(0, sub.exitCode, sub.toString());
    assertTrue(sub.out.contains("submitting for s9:\n  01-adder/Adder.java"), sub.out);
    assertTrue(sub.out.contains("left out (still the untouched starter): 02-doubler\n"), sub.out);
    assertTrue(sub.out.contains("wrote " + out.toAbsolutePath() + " (1 file and manifest.json"), sub.out);
    assertTrue(Files.readString(lab.resolve(".netlab/progress.json")).contains("\"student\" : \"s9\""), "remembered");
    LabRun byNumber = LabRun.run(lab, "", "submit", "2");
    assertEquals(1, byNumber.exitCode, byNumber.toString());
    assertEquals("netlab: nothing to submit: 02-doubler is still the untouched starter; edit Doubler.java first\n", byNumber.err);

    LabRun graded = LabRun.run(lab, "", "grade", dir.resolve("subs").toString(), "--out", dir.resolve("r").toString(),
        "--timeout", "5");
    assertEquals(0, graded.exitCode, graded.toString());
    String row = Gradebook.plainRows(dir.resolve("r/gradebook.csv")).stream().filter(l -> l.startsWith("s9,")).findFirst()
        .orElseThrow(() -> new AssertionError(graded.toString()));
    assertTrue(row.startsWith("s9,3,0,3,5,"), "adder graded 3/3 from the zip, doubler not submitted: " + row);
  }

  private Path adder() {
    return lab.resolve("exercises/01-adder/Adder.java");
  }

  private static Map<String, byte[]> read(Path zip) throws Exception {
    Map<String, byte[]> out = new TreeMap<>();
    try (ZipFile z = new ZipFile(zip.toFile())) {
      for (var e : java.util.Collections.list(z.entries())) out.put(e.getName(), z.getInputStream(e).readAllBytes());
    }
    return out;
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  /** A second exercise, so that one can be worked on while the other stays untouched. */
  private static void addDoubler(Path lab) throws Exception {
    Files.writeString(lab.resolve("exercises/exercises.toml"), Files.readString(lab.resolve("exercises/exercises.toml")) + """

        [[exercise]]
        id = "doubler"
        number = 2
        title = "Doubler"
        lesson = "adding"
        files = ["Doubler.java"]
        points = 2
        summary = "Double an int."
        hints = ["Multiply by two."]
        """);
    String starter = "public final class Doubler {\n  public static int twice(int a) {\n"
        + "    throw new UnsupportedOperationException(\"TODO: twice\");\n  }\n}\n";
    Files.writeString(Files.createDirectories(lab.resolve("exercises/02-doubler")).resolve("Doubler.java"), starter);
    Files.writeString(Files.createDirectories(lab.resolve("solutions/02-doubler")).resolve("Doubler.java"),
        "public final class Doubler {\n  public static int twice(int a) { return a + a; }\n}\n");
    Files.writeString(Files.createDirectories(lab.resolve("src/hidden/02-doubler")).resolve("DoublerHiddenTest.java"), """
        import static org.junit.jupiter.api.Assertions.assertEquals;

        import netlab.grade.api.Points;
        import org.junit.jupiter.api.DisplayName;
        import org.junit.jupiter.api.Test;

        class DoublerHiddenTest {
          @Test
          @DisplayName("doubles")
          @Points(2)
          void doubles() {
            assertEquals(6, Doubler.twice(3));
          }
        }
        """);
  }

  private static void waitFor(Path p) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!Files.exists(p) && System.nanoTime() < deadline) Thread.sleep(5);
    assertTrue(Files.exists(p), "never appeared: " + p);
  }
}
