package netlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import netlab.testing.ToyLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher, run as a student runs it: a first start is never silent while it records class data. */
class LauncherTest {
  @TempDir
  Path dir;

  private record Run(int code, String out, String err) {}

  private Run launch(Path lab, String... args) throws Exception {
    return launch(lab, java.util.Map.of(), args);
  }

  private Run launch(Path lab, java.util.Map<String, String> env, String... args) throws Exception {
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    var command = new java.util.ArrayList<>(java.util.List.of("bash", lab.resolve("netlab").toString()));
    command.addAll(java.util.List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().put("NETLAB_STATE", dir.resolve("state").toString());
    pb.environment().remove("NETLAB_JAVA");
    pb.environment().remove("LC_ALL");
    pb.environment().remove("LC_MESSAGES");
    pb.environment().put("LANG", "C.UTF-8");
    // script(1) runs the recording through $SHELL; dash (CI's shell, Debian's /bin/sh) does not exec
    // it, which once left the recording JVM outside the terminal's foreground group, stopped
    pb.environment().put("SHELL", "/bin/sh");
    pb.environment().putAll(env);
    Process p = pb.start();
    assertTrue(p.waitFor(240, TimeUnit.SECONDS), "the launcher ends");
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static boolean hasArchive(Path lab) throws Exception {
    try (Stream<Path> files = Files.list(lab.resolve("target"))) {
      return files.anyMatch(f -> f.getFileName().toString().matches("netlab-.*\\.jsa"));
    }
  }

  @Test
  @org.junit.jupiter.api.Timeout(480) // two recordings, each bounded by the launcher at 45 s (150 s at worst)
  void theFirstStartSaysItIsRecordingClassDataAndLaterStartsDoNotUnlessTheJarChanged() throws Exception {
    Path lab = ToyLab.create(dir.resolve("lab"));
    ToyLab.installBuiltLab(lab);
    assertFalse(hasArchive(lab));

    Run first = launch(lab, "--version");
    assertEquals(0, first.code(), first.err());
    assertTrue(first.err().startsWith("recording the lab's class data and linking the grading worker's Java for fast start-up (about "), first.err());
    assertTrue(first.err().contains(" s, once)…\n"), first.err());
    assertTrue(first.out().startsWith("netlab "), "then the lab runs: " + first.out());
    assertTrue(hasArchive(lab), "the archive was recorded");

    Run later = launch(lab, "--version");
    assertEquals(0, later.code(), later.err());
    assertFalse(later.err().contains("recording"), "once only: " + later.err());

    // a jar built after the archive (mvn by hand) would make the JVM refuse the archive: record again
    Path jar = lab.resolve("target/netlab.jar");
    Files.setLastModifiedTime(jar, FileTime.from(Files.getLastModifiedTime(jar).toInstant().plusSeconds(3600)));
    Run rebuilt = launch(lab, "--version");
    assertEquals(0, rebuilt.code(), rebuilt.err());
    assertTrue(rebuilt.err().startsWith("recording the lab's class data"), rebuilt.err());
    assertTrue(hasArchive(lab));
  }

  @Test
  @org.junit.jupiter.api.Timeout(480) // two recordings, each bounded by the launcher at 45 s (150 s at worst)
  void underAChineseLocaleTheLauncherSaysWhatItDoesInChineseAndLangEnOverridesIt() throws Exception {
    Path lab = ToyLab.create(dir.resolve("lab"));
    ToyLab.installBuiltLab(lab);
    Run zh = launch(lab, java.util.Map.of("LANG", "zh_CN.UTF-8"), "--version");
    assertEquals(0, zh.code(), zh.err());
    assertTrue(zh.err().startsWith("正在记录实验室的类数据"), zh.err());
    Files.setLastModifiedTime(lab.resolve("target/netlab.jar"), FileTime.from(java.time.Instant.now().plusSeconds(3600)));
    Run en = launch(lab, java.util.Map.of("LANG", "zh_CN.UTF-8"), "--lang", "en", "--version");
    assertEquals(0, en.code(), en.err());
    assertTrue(en.err().startsWith("recording the lab's class data"), en.err());
  }

  @Test
  void theLauncherRunsJShellOnTheNewestJdk21ItFindsUnlessNetlabJavaIsSet() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        netlab.core.Jdk.lab().feature() >= 21 || netlab.core.Jdk.newest(netlab.testing.Jdks.installed(), 21).isPresent(),
        "no JDK 21 or newer installed where the launcher looks");
    Path lab = ToyLab.create(dir.resolve("lab"));
    ToyLab.installBuiltLab(lab);
    // no class-data recording: this test is about the JDK the engine gets
    Run picked = launch(lab, java.util.Map.of("NETLAB_CDS", "0"), "--version");
    assertEquals(0, picked.code(), picked.err());
    assertTrue(picked.out().matches("(?s).*JShell engine: Java (2[1-9]|[3-9][0-9])[.+ ].*"), picked.out());

    // set by the user, even empty, NETLAB_JAVA wins: empty keeps the lab's own Java
    Run own = launch(lab, java.util.Map.of("NETLAB_CDS", "0", "NETLAB_JAVA", ""), "--version");
    assertEquals(0, own.code(), own.err());
    assertTrue(own.out().matches("(?s).*JShell engine: Java \\S+ \\(the lab's own\\).*"), own.out());
  }
}
