package netlab.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import netlab.testing.LabRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run and jshell in the REPL, and `netlab run`, on a lesson written for the purpose. */
class RunCommandTest {
  @TempDir
  Path dir;
  Path lab;

  @BeforeEach
  void lab() throws Exception {
    lab = dir;
    Path lessons = Files.createDirectories(lab.resolve("lessons"));
    Files.writeString(lessons.resolve("01-snippets.md"), """
        ---
        title: Snippets
        minutes: 5
        summary: Four snippets.
        ---

        ```java
        int base = 40;
        String greet(String who) { return "hello " + who; }
        ```

        ```java no-run
        while (true) { }
        ```

        ```java
        System.out.println(greet("lab") + " " + (base + 2));
        ```

        ```java expect-error
        int oops = undefinedName;
        ```
        """);
    Files.writeString(lessons.resolve("02-other.md"), """
        ---
        title: Other
        minutes: 5
        summary: Another lesson.
        ---

        ```java
        System.out.println(base);
        ```
        """);
  }

  @Test
  void runRunsTheNextSnippetAndDefinitionsPersist() {
    LabRun r = LabRun.run(lab, "lesson 1\nrun\nrun\nrun\nrun\n");
    assertTrue(r.out.contains("▶ snippet 1 of lesson 01\nbase ==> 40\ncreated method greet(String)"), r.out);
    assertTrue(r.out.contains("▶ snippet 3 of lesson 01\nhello lab 42\n"), r.out);
    assertTrue(r.out.contains("▶ snippet 4 of lesson 01\nerror: cannot find symbol"), r.out);
    assertTrue(r.out.contains("  int oops = undefinedName;\n             ^-----------^"), r.out);
    assertTrue(r.out.contains("this snippet shows an error on purpose"), r.out);
    assertTrue(r.out.contains("Every snippet of lesson 01 has run."), r.out);
  }

  @Test
  void runNRunsTheSnippetsItBuildsOnFirst() {
    LabRun r = LabRun.run(lab, "lesson 1\nrun 3\n");
    assertTrue(r.out.contains("hello lab 42"), r.out);
    assertTrue(r.out.contains("(snippets [1] ran first: this one builds on them)"), r.out);
  }

  @Test
  void badNumbersNoRunSnippetsAndNoLessonGiveClearErrors() {
    LabRun r = LabRun.run(lab, "run\nlesson 1\nrun 5\nrun 9\nrun 2\nrun x\n");
    assertTrue(r.out.contains("error: open a lesson first ('lesson 1'); run runs its code"), r.out);
    assertTrue(r.out.contains("error: lesson 01 has 4 snippets; run 1..4"), r.out);
    assertTrue(r.out.contains("error: snippet 2 of lesson 01 is for reading only"), r.out);
    // the number is checked before anything is announced
    assertFalse(r.out.contains("▶ snippet 5"), r.out);
    assertFalse(r.out.contains("▶ snippet 9"), r.out);
    assertFalse(r.out.contains("▶ snippet 2"), r.out);
    assertTrue(r.out.contains("error: run takes a snippet number, e.g. 'run 2' (got 'x')"), r.out);
  }

  @Test
  void anotherLessonOrFreshStartsOver() {
    LabRun r = LabRun.run(lab, "lesson 1\nrun 1\nlesson 2\nrun\nlesson 1\nrun 1\nrun --fresh\n");
    assertTrue(r.out.contains("▶ snippet 1 of lesson 02\nerror: cannot find symbol"), "lesson 2 does not see lesson 1's base:\n" + r.out);
    assertTrue(r.out.contains("started over with an empty JShell"), r.out);
  }

  @Test
  void jshellHasTheLessonsDefinitionsAndMultiLineInput() {
    LabRun r = LabRun.run(lab, "lesson 1\njshell\nbase + 2\nclass Point {\n  int x = base;\n}\nnew Point().x\n/vars\n/exit\nprogress\n");
    assertTrue(r.out.contains("defined the 2 runnable snippets of lesson 01 for you"), r.out);
    assertTrue(r.out.matches("(?s).*\\$\\d+ ==> 42.*"), r.out);
    assertTrue(r.out.contains("created class Point"), r.out);
    assertTrue(r.out.matches("(?s).*\\$\\d+ ==> 40.*"), r.out);
    assertTrue(r.out.contains("int base = 40"), "/vars: " + r.out);
    assertTrue(r.out.contains("back in the lab"), r.out);
    assertTrue(r.out.contains("Current   01 Snippets"), "the REPL goes on: " + r.out);
  }

  @Test
  void printfInASnippetOrAtTheJshellPromptShowsOnlyWhatItPrinted() throws Exception {
    Files.writeString(lab.resolve("lessons/03-printf.md"), """
        ---
        title: Printf
        minutes: 5
        summary: Formatted output.
        ---

        ```java
        System.out.printf("%-6s|%3d%n", "port", 80);
        ```
        """);
    LabRun r = LabRun.run(lab, "lesson 3\nrun 1\njshell\nSystem.out.printf(\"%x%n\", 255)\n/exit\n");
    assertTrue(r.out.contains("▶ snippet 1 of lesson 03\nport  | 80\n"), r.out);
    assertTrue(r.out.contains("ff\n"), r.out);
    assertFalse(r.out.contains("PrintStream"), r.out);
  }

  @Test
  void cliRunExitCodes() {
    LabRun ok = LabRun.run(lab, "", "run", "1", "3");
    assertEquals(0, ok.exitCode, ok.toString());
    assertTrue(ok.out.contains("hello lab 42"), ok.out);
    LabRun err = LabRun.run(lab, "", "run", "1", "4");
    assertEquals(1, err.exitCode, err.toString());
    LabRun bad = LabRun.run(lab, "", "run", "1", "9");
    assertEquals(2, bad.exitCode, bad.toString());
    LabRun noLesson = LabRun.run(lab, "", "run", "7", "1");
    assertEquals(2, noLesson.exitCode, noLesson.toString());
  }
}
