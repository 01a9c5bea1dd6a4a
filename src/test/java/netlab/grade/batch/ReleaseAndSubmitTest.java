package netlab.grade.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import netlab.testing.LabRun;
import netlab.testing.ToyLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** submit → grade with its manifest, a tampered zip; release → a kit that runs without solutions. */
class ReleaseAndSubmitTest {
  @TempDir
  Path dir;

  @Test
  void aSubmissionListsItsFilesAndCarriesAManifestThatCatchesTampering() throws Exception {
    Path lab = ToyLab.create(dir.resolve("lab"));
    ToyLab.solve(lab);
    LabRun.run(lab, "check adder\n");
    LabRun sub = LabRun.run(lab, "", "submit", "--student", "s123", "--out", dir.resolve("subs/s123.zip").toString());
    assertEquals(0, sub.exitCode, sub.toString());
    assertTrue(sub.out.contains("submitting for s123:\n  01-adder/Adder.java"), sub.out);
    try (ZipFile z = new ZipFile(dir.resolve("subs/s123.zip").toFile())) {
      String manifest = new String(z.getInputStream(z.getEntry("manifest.json")).readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(manifest.contains("\"student\" : \"s123\"") && manifest.contains("\"01-adder/Adder.java\" : \""), manifest);
      assertTrue(manifest.contains("\"status\" : \"passing\""), "the local check result travels along: " + manifest);
    }
    // a copy whose file changed after submitting
    try (ZipFile z = new ZipFile(dir.resolve("subs/s123.zip").toFile());
        var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(dir.resolve("subs/s999.zip")))) {
      out.putNextEntry(new java.util.zip.ZipEntry("manifest.json"));
      out.write(z.getInputStream(z.getEntry("manifest.json")).readAllBytes());
      out.putNextEntry(new java.util.zip.ZipEntry("01-adder/Adder.java"));
      out.write("public final class Adder { public static int add(int a, int b) { return a + b; } }\n".getBytes());
    }
    LabRun graded = LabRun.run(lab, "", "grade", dir.resolve("subs").toString(), "--out", dir.resolve("r").toString(),
        "--timeout", "2");
    assertEquals(0, graded.exitCode, graded.toString());
    String csv = Files.readString(dir.resolve("r/gradebook.csv"));
    // s999.zip's manifest claims s123 too: both rows say so
    assertTrue(csv.contains("\n\"s123\",\"3\",\"3\",\"3\",\"2 submissions claim student id 's123': s123.zip, s999.zip; this is s123.zip\"\n"), csv);
    assertTrue(csv.contains("manifest hash mismatch for 01-adder/Adder.java"), csv);
    assertTrue(csv.contains("the manifest says student 's123' but the file is named for 's999'"), csv);
  }

  @Test
  void releaseBuildsAKitThatChecksWithoutSolutionsAndRefusesWhenVerifyFails() throws Exception {
    Path lab = ToyLab.create(dir.resolve("lab"));
    ToyLab.installBuiltLab(lab);
    Path kit = dir.resolve("kit");
    LabRun r = LabRun.run(lab, "", "release", "--out", kit.toString(), "--verify-runs", "2");
    assertEquals(0, r.exitCode, r.toString());
    assertFalse(Files.exists(kit.resolve("solutions")), "no solutions in the kit");
    assertFalse(Files.exists(kit.resolve("src")), "no test sources in the kit");
    try (Stream<Path> all = Files.walk(kit)) {
      assertTrue(all.noneMatch(p -> p.toString().endsWith("HiddenTest.java")), "no hidden test source anywhere");
    }
    assertTrue(Files.isRegularFile(kit.resolve("hidden/01-adder/netlab.hidden.AdderHiddenTest.class")));
    assertTrue(Files.readString(kit.resolve("README.md")).contains("into `submission-YOUR-ID.zip`"));
    // the kit starts and checks, through its own launcher, as a student would
    // without recording class data: that first-start step is LauncherTest's, and on a loaded CI machine it
    // alone can take most of this test's time limit
    ProcessBuilder pb = new ProcessBuilder("bash", kit.resolve("netlab").toString(), "check", "1").redirectErrorStream(true);
    pb.environment().put("NETLAB_CDS", "0");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(1, p.exitValue(), out);
    assertTrue(out.contains("✗ adds small numbers") && out.contains("score 0/3"), out);

    // a lab whose exercise does not verify gets no kit
    Files.copy(lab.resolve("solutions/01-adder/Adder.java"), lab.resolve("exercises/01-adder/Adder.java"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    LabRun refused = LabRun.run(lab, "", "release", "--out", dir.resolve("kit2").toString(), "--verify-runs", "1");
    assertEquals(1, refused.exitCode, refused.toString());
    assertTrue(refused.err.contains("do not verify; no kit was built"), refused.err);
    assertFalse(Files.exists(dir.resolve("kit2/target")));
  }
}
