package netlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import netlab.testing.LabRun;
import netlab.testing.SampleLab;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  @TempDir
  Path dir;
  Path lab;

  @BeforeEach
  void lab() throws Exception {
    lab = SampleLab.create(dir);
  }

  @Test
  void lessonByASharedPrefixPrintsTheFirstAndNamesTheOthersOnStderr() throws Exception {
    LabRun r = LabRun.run(LabRun.copyOfLab(dir.resolve("real")), "", "lesson", "udp");
    assertEquals(0, r.exitCode, r.toString());
    assertTrue(r.out.startsWith("Lesson 04 · UDP sockets"), r.out);
    assertFalse(r.out.contains("also matches"), "stdout holds only the lesson");
    assertEquals("netlab: also matches: 05 udp-chat (give its number to open it)", r.err.strip());
  }

  @Test
  void versionAndHelp() {
    LabRun v = LabRun.run(lab, "", "--version");
    assertEquals(0, v.exitCode);
    assertTrue(v.out.startsWith("netlab "), v.out);
    LabRun h = LabRun.run(lab, "", "--help");
    assertEquals(0, h.exitCode);
    assertTrue(h.out.contains("Usage: netlab"), h.out);
    assertTrue(h.out.contains("Exit codes:"), h.out);
    assertTrue(h.out.contains("render"), h.out);
  }

  @Test
  void everySubcommandAnswersHelpEvenWithoutItsRequiredArguments() {
    // the usage error says "see 'netlab grade --help'": that must work
    for (String cmd : new String[] {"check", "grade", "submit", "release", "merge", "render"}) {
      LabRun h = LabRun.run(lab, "", cmd, "--help");
      assertEquals(0, h.exitCode, h.toString());
      assertTrue(h.out.startsWith("Usage: netlab " + cmd), h.out);
      assertTrue(h.out.lines().allMatch(l -> l.length() <= 80), "fits 80 columns: " + h.out);
    }
  }

  @Test
  void lessonPrintsPlainTextWhenNotATerminal() {
    LabRun r = LabRun.run(lab, "", "lesson", "1");
    assertEquals(0, r.exitCode, r.toString());
    assertTrue(r.out.startsWith("Lesson 01 · IP addresses · 30 min\n"), r.out);
    assertFalse(r.out.contains("\u001b"), "no escape codes in a pipe");
  }

  @Test
  void anUnknownLessonIsAUsageErrorWithOneLine() {
    LabRun r = LabRun.run(lab, "", "lesson", "99");
    assertEquals(2, r.exitCode);
    assertEquals("netlab: no lesson 99; lessons are 01–03 (type 'lessons' to list them)\n", r.err);
  }

  @Test
  void unknownOptionsAndCommandsAreUsageErrors() {
    LabRun r = LabRun.run(lab, "", "--bogus");
    assertEquals(2, r.exitCode);
    assertTrue(r.err.startsWith("netlab: unknown option: '--bogus'"), r.err);
    assertEquals(1, r.err.strip().lines().count(), r.err);
    LabRun missing = LabRun.run(lab, "", "lesson");
    assertEquals(2, missing.exitCode);
    assertTrue(missing.err.contains("missing required parameter"), missing.err);
  }

  @Test
  void renderRendersAFileOrStdin() throws Exception {
    Path md = dir.resolve("notes.md");
    Files.writeString(md, "# Notes\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
    LabRun file = LabRun.run(lab, "", "render", md.toString());
    assertEquals(0, file.exitCode, file.toString());
    assertTrue(file.out.contains("Notes\n═════\n\n┌───┬───┐"), file.out);
    LabRun stdin = LabRun.run(lab, "*hello* `world`\n", "render", "-");
    assertEquals("hello world\n", stdin.out);
  }

  @Test
  void renderOfAMissingFileIsAUsageError() {
    LabRun r = LabRun.run(lab, "", "render", dir.resolve("nope.md").toString());
    assertEquals(2, r.exitCode);
    assertEquals("netlab: no such file: " + dir.resolve("nope.md") + "\n", r.err);
  }

  @Test
  void noArgumentsStartsTheRepl() {
    LabRun r = LabRun.run(lab, "lessons\n");
    assertEquals(0, r.exitCode);
    assertTrue(r.out.contains("01  IP addresses"), r.out);
  }

  @Test
  void lessonsListsAndFailsWhenALessonIsBroken() throws Exception {
    LabRun ok = LabRun.run(lab, "", "lessons");
    assertEquals(0, ok.exitCode);
    assertTrue(ok.out.contains("  01  IP addresses"), ok.out);
    Files.writeString(lab.resolve("lessons/04-broken.md"), "no front matter");
    LabRun broken = LabRun.run(lab, "", "lessons");
    assertEquals(1, broken.exitCode);
    assertTrue(broken.out.contains("warning: lessons/04-broken.md:1: missing front matter"), broken.out);
  }
}
