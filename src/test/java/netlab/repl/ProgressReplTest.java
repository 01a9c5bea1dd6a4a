package netlab.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netlab.core.LabHome;
import netlab.core.Printer;
import netlab.testing.KeyboardTerminal;
import netlab.testing.LabRun;
import netlab.testing.SampleLab;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress that reflects work: a lesson is finished when its end was on screen in the pager or
 * every snippet ran; exercises' status and score beside the lessons; a restart reopens the lesson
 * where the pager was left. The pager runs on an xterm the test types into and reads.
 */
class ProgressReplTest {
  private static final int COLUMNS = 80;
  private static final int ROWS = 20;
  private static final Pattern STATUS =
      Pattern.compile("lesson 01 · lines (\\d+)–(\\d+)/(\\d+) · (\\d+)% +q quit · / search · h help");

  @TempDir
  Path dir;
  Path lab;

  @BeforeEach
  void lab() throws Exception {
    lab = SampleLab.create(dir);
    StringBuilder md = new StringBuilder(
        "---\ntitle: A long lesson\nminutes: 10\nsummary: Many lines.\nexercises:\n  - subnet-calculator\n---\n\n");
    md.append("```java\nint x = 1;\n```\n\n");
    for (int i = 1; i <= 60; i++) md.append("Paragraph ").append(i).append(" of the long lesson.\n\n");
    Files.writeString(lab.resolve("lessons/01-ip-addresses.md"), md.toString());
  }

  /** A session at a terminal (pager on), its command output kept apart from the screen. */
  private record AtTerminal(Session session, Repl repl, ByteArrayOutputStream out) {
    String text() {
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  private AtTerminal atTerminal(KeyboardTerminal term) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Printer printer = new Printer(new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true), false, COLUMNS);
    Session session = new Session(new LabHome(lab), printer, term.terminal(), true, false);
    return new AtTerminal(session, new Repl(session, StandardCommands.create(), term.terminal(), false), bytes);
  }

  /** The pager's status line on the screen, as a matcher of {@link #STATUS}. */
  private static Matcher status(String screen) {
    Matcher m = STATUS.matcher(screen);
    assertTrue(m.find(), "a status line like 'lesson 01 · lines 1–19/125 · 15%   q quit · / search · h help':\n" + screen);
    return m;
  }

  private static String waitForStatusChange(KeyboardTerminal term, String before) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      String screen = term.screen();
      Matcher m = STATUS.matcher(screen);
      if (m.find() && !m.group().equals(before)) return screen;
      if (System.nanoTime() > deadline) throw new AssertionError("the status line never moved from '" + before + "':\n" + screen);
      Thread.sleep(10);
    }
  }

  @Test
  void framesReachATmuxTerminalAsLineDrawingNotAsLetters() throws Exception {
    // tmux announces a screen-like terminal whose alternate charset is switched with SO/SI; tmux
    // drew those frames as 'q' and 'x' in the walkthrough, so the lab must not use it at all
    try (KeyboardTerminal term = new KeyboardTerminal(COLUMNS, ROWS, "screen-256color")) {
      AtTerminal t = atTerminal(term);
      Thread reading = new Thread(() -> t.repl().dispatch("lesson 1"));
      reading.start();
      String screen = term.awaitScreen("q quit · / search · h help");
      term.type("q");
      reading.join(30_000);
      assertTrue(screen.lines().anyMatch(l -> l.equals("│ int x = 1;")), "a framed snippet:\n" + screen);
      assertTrue(screen.lines().anyMatch(l -> l.startsWith("╭─ [1] java")), "a framed snippet:\n" + screen);
      assertFalse(term.written().contains("\u000e"), "no shift-out (SO) to the alternate charset reached the terminal");
    }
  }

  @Test
  void thePagerShowsWhereYouAreAndReachingTheEndFinishesTheLesson() throws Exception {
    try (KeyboardTerminal term = new KeyboardTerminal(COLUMNS, ROWS)) {
      AtTerminal t = atTerminal(term);
      Thread reading = new Thread(() -> t.repl().dispatch("lesson 1"));
      reading.start();
      String screen = term.awaitScreen("q quit · / search · h help");
      Matcher first = status(screen);
      int total = Integer.parseInt(first.group(3));
      assertEquals(1, Integer.parseInt(first.group(1)), screen);
      assertEquals(ROWS - 1, Integer.parseInt(first.group(2)), "the last line on a screen of " + ROWS + " rows:\n" + screen);
      assertEquals(100 * (ROWS - 1) / total, Integer.parseInt(first.group(4)), screen);
      assertTrue(screen.lines().toList().get(ROWS - 1).startsWith("lesson 01 · lines"), "the status is the bottom row:\n" + screen);
      // the frame reaches the screen as line drawing (jline's Display may send it in the terminal's
      // alternate charset, which this emulator shows as '|' and '—'), never as the letters 'x' and 'q'
      assertTrue(screen.lines().anyMatch(l -> l.matches("[│|] int x = 1;")), "a framed snippet:\n" + screen);
      assertTrue(screen.lines().anyMatch(l -> l.matches("╭[─—] \\[1] java")), "a framed snippet:\n" + screen);

      // leaving at the top is not reading the lesson
      term.type("q");
      reading.join(30_000);
      t.repl().dispatch("lessons");
      assertTrue(t.text().contains("▶ · 01  A long lesson"), t.text());

      reading = new Thread(() -> t.repl().dispatch("lesson 1"));
      reading.start();
      String before = status(term.awaitScreen("q quit · / search · h help")).group();
      // space pages on, as a student would, until the end is on screen
      while (!before.contains(" · 100%")) {
        term.type(" ");
        before = status(waitForStatusChange(term, before)).group();
      }
      String left = "lesson 01 · lines " + (total - ROWS + 2) + "–" + total + "/" + total + " · 100%";
      String right = "q quit · / search · h help";
      assertEquals(left + " ".repeat(COLUMNS - 1 - left.length() - right.length()) + right, before,
          "the status spans the screen but its last column");
      term.type("q");
      reading.join(30_000);
      assertFalse(reading.isAlive(), "q leaves the pager");
      assertTrue(t.text().replace("\n", " ").contains("lesson 01 finished: you reached its end; 'next' opens lesson 02"), t.text());
      t.repl().dispatch("lessons");
      assertTrue(t.text().contains("▶ ✓ 01  A long lesson"), t.text());
      assertTrue(Files.readString(lab.resolve(".netlab/progress.json")).contains("\"finished\""));
      t.session().close();
    }
  }

  @Test
  void theStatusLineFitsANarrowTerminal() throws Exception {
    Map<Integer, String> expected = Map.of(
        60, "lines 1–19/\\d+ · \\d+% +q quit · / search · h help",
        40, "lines 1–19/\\d+ · \\d+% +q quit");
    for (var e : expected.entrySet()) {
      try (KeyboardTerminal term = new KeyboardTerminal(e.getKey(), ROWS)) {
        AtTerminal t = atTerminal(term);
        Thread reading = new Thread(() -> t.repl().dispatch("lesson 1"));
        reading.start();
        String screen = term.awaitScreen("% ");
        String bottom = screen.lines().toList().get(ROWS - 1);
        assertTrue(bottom.matches(e.getValue()), "position and keys in " + e.getKey() + " columns: '" + bottom + "'");
        assertEquals(e.getKey() - 1, bottom.length(), bottom);
        term.type("q");
        reading.join(30_000);
        t.session().close();
      }
    }
  }

  @Test
  void aRestartReopensTheLessonWhereThePagerWasLeft() throws Exception {
    String top;
    try (KeyboardTerminal term = new KeyboardTerminal(COLUMNS, ROWS)) {
      AtTerminal t = atTerminal(term);
      Thread reading = new Thread(() -> t.repl().dispatch("lesson 1"));
      reading.start();
      String before = status(term.awaitScreen("q quit · / search · h help")).group();
      term.type(" ");
      before = status(waitForStatusChange(term, before)).group();
      term.type(" ");
      String screen = waitForStatusChange(term, before);
      top = screen.lines().findFirst().orElseThrow();
      term.type("q");
      reading.join(30_000);
      t.session().close();
    }
    String saved = Files.readString(lab.resolve(".netlab/progress.json"));
    assertTrue(saved.contains("\"line\" : " + (2 * (ROWS - 1) + 1)), "two screens down, saved:\n" + saved);
    assertTrue(top.contains("Paragraph"), top);

    // a new session at the terminal: the welcome, then the pager where the student left it
    try (KeyboardTerminal term = new KeyboardTerminal(COLUMNS, ROWS)) {
      ByteArrayOutputStream none = new ByteArrayOutputStream();
      Printer printer = new Printer(term.terminal().writer(), false, COLUMNS);
      Session session = new Session(new LabHome(lab), printer, term.terminal(), true, false);
      Repl repl = new Repl(session, StandardCommands.create(), term.terminal(), false);
      Thread lab = new Thread(repl::run);
      lab.start();
      String screen = term.awaitScreen("q quit · / search · h help");
      assertEquals(top, screen.lines().findFirst().orElseThrow(), "the same top line as when the student left:\n" + screen);
      assertEquals(2 * (ROWS - 1) + 1, Integer.parseInt(status(screen).group(1)), screen);
      assertEquals(3 * (ROWS - 1), Integer.parseInt(status(screen).group(2)), screen);
      term.type("q");
      term.awaitScreen("Welcome back: reopening lesson 01 (A long lesson) where you left it; q returns");
      term.type("progress\r");
      term.awaitScreen("Current   01 A long lesson  (you left it at line " + (2 * (ROWS - 1) + 1) + ")");
      term.type("quit\r");
      lab.join(30_000);
      assertFalse(lab.isAlive(), "quit leaves the lab");
      assertEquals(0, none.size());
    }
  }

  @Test
  void runningEverySnippetFinishesTheLesson() throws Exception {
    Files.writeString(lab.resolve("lessons/03-bytes.md"), """
        ---
        title: Bytes and encodings
        minutes: 20
        summary: From text to bytes.
        ---

        ```java
        int answer = 42;
        ```

        ```java no-run
        while (true) { }
        ```

        ```java
        System.out.println("answer " + answer);
        ```
        """);
    LabRun r = LabRun.run(lab, "lesson 3\nrun\nlessons\nrun\nlessons\n");
    int firstList = r.out.indexOf("▶ · 03  Bytes and encodings");
    assertTrue(firstList > 0, "one snippet of two is not the lesson:\n" + r.out);
    int note = r.out.indexOf("lesson 03 finished: every snippet has run");
    assertTrue(note > firstList, "the last snippet finishes it:\n" + r.out);
    assertTrue(r.out.indexOf("▶ ✓ 03  Bytes and encodings") > note, r.out);
  }

  @Test
  void nextNoLongerFinishesALessonUnread() {
    LabRun r = LabRun.run(lab, "lesson 2\nnext\nlessons\n");
    assertTrue(r.out.contains("  · 02  Ports and endpoints"), r.out);
    assertTrue(r.out.contains("0 of 3 finished"), r.out);
  }

  @Test
  void lessonsAndProgressShowEachLessonsExercisesWithStatusAndScore() throws Exception {
    // a progress file as earlier versions wrote it (no pager line), plus a key from the future
    Files.createDirectories(lab.resolve(".netlab"));
    Files.writeString(lab.resolve(".netlab/progress.json"), """
        {
          "version" : 1,
          "current" : "ports",
          "lessons" : {
            "ip-addresses" : { "opened" : "2026-11-20T09:00:00Z", "finished" : "2026-11-20T10:00:00Z" },
            "ports" : { "opened" : "2026-11-21T09:00:00Z", "bookmark" : 7 }
          },
          "exercises" : {
            "subnet-calculator" : { "status" : "passing", "score" : 10, "max" : 10, "hintsShown" : 1,
                                    "lastChecked" : "2026-11-20T10:05:00Z" },
            "endpoint-parser" : { "status" : "failing", "score" : 3, "max" : 10, "hintsShown" : 0,
                                  "lastChecked" : "2026-11-21T09:30:00Z" }
          }
        }
        """);
    LabRun r = LabRun.run(lab, "lessons\nprogress\n");
    assertFalse(r.out.contains("warning"), r.out);
    assertTrue(r.out.contains("  ✓ 01  A long lesson         10 min  subnet-calculator passing 10/10\n"), r.out);
    assertTrue(r.out.contains("▶ · 02  Ports and endpoints   25 min  endpoint-parser failing 3/10\n"), r.out);
    assertTrue(r.out.contains("  · 03  Bytes and encodings   20 min\n"), "no exercise, nothing beside it:\n" + r.out);
    assertTrue(r.out.contains("Exercises [■■■■■■■■■■··········]  1 of 2 passing"), r.out);
    assertTrue(r.out.contains("  ✓ 01  A long lesson        subnet-calculator passing 10/10\n"), r.out);
    assertTrue(r.out.contains("▶ · 02  Ports and endpoints  endpoint-parser failing 3/10\n"), r.out);

    LabRun narrow = LabRun.run(lab, "lessons\n", Map.of("COLUMNS", "50"));
    assertTrue(narrow.out.contains("▶ · 02  Ports and endpoints   25 min\n        endpoint-parser failing 3/10\n"),
        "on a line of its own when it does not fit beside:\n" + narrow.out);
    assertTrue(narrow.out.lines().filter(l -> l.startsWith("  ") || l.startsWith("▶")).allMatch(l -> l.length() <= 50),
        "every lesson row fits:\n" + narrow.out);

    // two exercises that do not fit on one line under the title: one line each, never wrapped
    Path ports = lab.resolve("lessons/02-ports.md");
    Files.writeString(ports, Files.readString(ports).replace("  - endpoint-parser\n", "  - endpoint-parser\n  - port-scanner\n"));
    LabRun two = LabRun.run(lab, "lessons\n", Map.of("COLUMNS", "50"));
    assertTrue(two.out.contains("▶ · 02  Ports and endpoints   25 min\n        endpoint-parser failing 3/10\n"
        + "        port-scanner not started\n"), two.out);
    assertTrue(two.out.lines().filter(l -> l.startsWith("  ") || l.startsWith("▶")).allMatch(l -> l.length() <= 50),
        "every lesson row fits:\n" + two.out);

    Files.delete(lab.resolve(".netlab/progress.json"));
    LabRun fresh = LabRun.run(lab, "lessons\n");
    assertTrue(fresh.out.contains("  · 01  A long lesson         10 min  subnet-calculator not started\n"), fresh.out);
  }
}
