package netlab.snippet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import netlab.core.Jdk;
import netlab.lesson.Snippet;
import netlab.markdown.Markdown;
import netlab.testing.Jdks;
import netlab.testing.LabRun;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snippet marked {@code java min=21}: shown with a one-line note where the lab's JShell runs an
 * older Java ({@code run N} exits 0, {@code run} counts it as skipped, the lesson can still be
 * finished), run normally where {@code NETLAB_JAVA} names a JDK 21 or newer.
 */
class MinJavaSnippetTest {
  @TempDir
  Path dir;
  Path lab;

  /** Snippet 2 uses a Java 21 API; snippet 3 builds on snippet 1 only. */
  static final String LESSON = """
      ---
      title: Virtual threads
      minutes: 5
      summary: A Java 21 snippet among Java 17 ones.
      ---

      ```java
      int base = 40;
      ```

      ```java min=21
      Thread t = Thread.ofVirtual().start(() -> System.out.println("virtual " + Thread.currentThread().isVirtual()));
      t.join();
      ```

      ```java
      System.out.println("base " + (base + 2));
      ```
      """;

  @BeforeEach
  void lab() throws Exception {
    lab = dir.resolve("lab");
    Files.createDirectories(lab.resolve("lessons"));
    Files.writeString(lab.resolve("lessons/01-virtual.md"), LESSON);
  }

  /** The environment that makes the engine run a Java older than 21 (the lab's own, here 17). */
  private static Map<String, String> olderEngine() {
    Jdk older = Jdks.below(21).orElse(null);
    Assumptions.assumeTrue(older != null, "no JDK older than 21 on this machine");
    return older.isLab() ? Map.of() : Map.of(Jdk.ENGINE_VARIABLE, older.home().toString());
  }

  private static Map<String, String> newerEngine() {
    Jdk newer = Jdks.atLeast(25).or(() -> Jdks.atLeast(21)).orElse(null);
    Assumptions.assumeTrue(newer != null, "no JDK 21 or newer on this machine");
    return Map.of(Jdk.ENGINE_VARIABLE, newer.home().toString());
  }

  @Test
  void theFlagIsParsedAndLabelled() {
    List<Snippet> s = Snippet.of(Markdown.parse(LESSON));
    assertEquals(0, s.get(0).minJava());
    assertEquals(21, s.get(1).minJava());
    assertEquals("[2] java · Java 21+", s.get(1).label());
    assertFalse(s.get(1).runsOn(17));
    assertTrue(s.get(1).runsOn(21));
    assertTrue(s.get(1).runsOn(25));
    assertEquals("snippet 2 needs Java 21+; the lab's JShell runs Java 17: set NETLAB_JAVA to a JDK 21 or newer to run it",
        s.get(1).tooNewNote(17));
    Snippet bad = Snippet.of(Markdown.parse("```java min=twenty\nint x;\n```\n")).get(0);
    assertThrows(IllegalArgumentException.class, bad::minJava);
  }

  @Test
  void cliRunNShowsTheSnippetWithANoteAndExitsZeroOnAnOlderJava() {
    Map<String, String> env = olderEngine();
    LabRun r = LabRun.run(lab, "", env, "run", "1", "2");
    assertEquals(0, r.exitCode, r.toString());
    assertTrue(r.out.contains("Thread t = Thread.ofVirtual()"), "the snippet is shown: " + r);
    assertTrue(r.out.contains("snippet 2 needs Java 21+; the lab's JShell runs Java 17: set NETLAB_JAVA to a JDK 21 or newer to run it"), r.toString());
    assertFalse(r.out.contains("error:"), "no compile error: " + r);
    assertFalse(r.out.contains("virtual true"), r.toString());
  }

  @Test
  void cliRunAllCountsItAsSkippedNotFailed() {
    LabRun r = LabRun.run(lab, "", olderEngine(), "run", "1");
    assertEquals(0, r.exitCode, r.toString());
    assertTrue(r.out.contains("lesson 01 in JShell on Java 17"), "the header names the engine's Java: " + r);
    assertTrue(r.out.contains("── [2] skipped: snippet 2 needs Java 21+"), r.toString());
    assertTrue(r.out.contains("base 42"), "the snippets after it still run: " + r);
    assertTrue(r.out.contains("lesson 01: 2 ran cleanly, 0 showed their error as expected, 0 not runnable, 1 skipped"), r.toString());
  }

  @Test
  void replRunShowsTheNoteMovesOnAndTheLessonCanStillBeFinished() {
    LabRun r = LabRun.run(lab, "lesson 1\nrun\nrun\nrun\nrun 2\n", olderEngine());
    assertTrue(r.out.contains("▶ snippet 2 of lesson 01\n  Thread t = Thread.ofVirtual()"), r.toString());
    assertTrue(r.out.contains("snippet 2 needs Java 21+; the lab's JShell runs Java 17"), r.toString());
    assertTrue(r.out.contains("'run' runs snippet 3 next"), "run moves on: " + r);
    assertTrue(r.out.contains("▶ snippet 3 of lesson 01\nbase 42"), r.toString());
    assertTrue(r.out.contains("lesson 01 finished: every snippet has run"), r.toString());
    assertFalse(r.out.contains("error:"), r.toString());
  }

  @Test
  void netlabJavaNamingJdk21OrNewerRunsIt() {
    Map<String, String> env = newerEngine();
    LabRun one = LabRun.run(lab, "", env, "run", "1", "2");
    assertEquals(0, one.exitCode, one.toString());
    assertTrue(one.out.contains("virtual true"), one.toString());
    assertFalse(one.out.contains("needs Java 21+"), one.toString());

    LabRun all = LabRun.run(lab, "", env, "run", "1");
    assertEquals(0, all.exitCode, all.toString());
    assertTrue(all.out.contains("lesson 01: 3 ran cleanly"), all.toString());

    LabRun repl = LabRun.run(lab, "lesson 1\nrun 2\njshell\nRuntime.version().feature() >= 21\n/exit\n", env);
    assertTrue(repl.out.contains("virtual true"), repl.toString());
    assertTrue(repl.out.contains("jshell on Java 2"), "the banner names the engine's Java: " + repl);
    assertTrue(repl.out.matches("(?s).*\\$\\d+ ==> true.*"), repl.toString());

    LabRun version = LabRun.run(lab, "", env, "--version");
    assertTrue(version.out.contains("JShell engine: Java 2"), version.toString());
    assertTrue(version.out.contains("from NETLAB_JAVA"), version.toString());
  }

  @Test
  void aNetlabJavaThatIsNoUsableJdkIsReportedAndTheLabsOwnJavaIsUsed() throws Exception {
    LabRun missing = LabRun.run(lab, "", Map.of(Jdk.ENGINE_VARIABLE, dir.resolve("nowhere").toString()), "run", "1", "1");
    assertEquals(0, missing.exitCode, missing.toString());
    // the warning is wrapped to the terminal's width
    assertTrue(missing.out.replace('\n', ' ').contains("is neither a JDK folder nor a java binary; the lab's JShell runs on the lab's own Java"),
        missing.toString());

    // a JDK home whose release file says 11: too old for the lab's classes
    Path old = fakeJdk("old", "11.0.2", "java.base jdk.jshell");
    Jdk.Choice c = Jdk.forSnippets(Map.of(Jdk.ENGINE_VARIABLE, old.toString()));
    assertTrue(c.jdk().isLab(), c.toString());
    assertTrue(c.problem().contains("names Java 11.0.2"), c.problem());

    // a runtime without jdk.jshell (a jlinked JRE)
    Path jre = fakeJdk("jre", "21.0.1", "java.base java.logging");
    Jdk.Choice noShell = Jdk.forSnippets(Map.of(Jdk.ENGINE_VARIABLE, jre.resolve("bin/java").toString()));
    assertTrue(noShell.jdk().isLab(), noShell.toString());
    assertTrue(noShell.problem().contains("without JShell"), noShell.problem());

    // a usable one: its version comes from the release file, nothing is started
    Path good = fakeJdk("good", "21.0.4", "java.base jdk.compiler jdk.jshell");
    Jdk.Choice ok = Jdk.forSnippets(Map.of(Jdk.ENGINE_VARIABLE, good.toString()));
    assertEquals(null, ok.problem());
    assertEquals(21, ok.jdk().feature());
    assertEquals("21.0.4", ok.jdk().version());
    for (Path p : List.of(old, jre, good)) assertFalse(Files.exists(p.resolve("started")), "no fake java was started: " + p);
  }

  /** A folder that looks like a JDK home: a release file and a bin/java that must never run. */
  private Path fakeJdk(String name, String version, String modules) throws Exception {
    Path home = Files.createDirectories(dir.resolve(name));
    Files.createDirectories(home.resolve("bin"));
    Path java = home.resolve("bin/java");
    Files.writeString(java, "#!/bin/sh\necho started >> '" + home.resolve("started") + "'\nexit 1\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\nMODULES=\"" + modules + "\"\n");
    return home;
  }
}
