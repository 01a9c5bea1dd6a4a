package netlab.repl;

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

/** Drives the REPL the way a script does: commands piped into stdin, answers read from stdout. */
class ReplTest {
  @TempDir
  Path dir;
  Path lab;

  @BeforeEach
  void lab() throws Exception {
    lab = SampleLab.create(dir);
  }

  private LabRun repl(String input) {
    return LabRun.run(lab, input);
  }

  @Test
  void welcomesAndListsTheLessons() {
    LabRun r = repl("lessons\n");
    assertEquals(0, r.exitCode, r.toString());
    assertTrue(r.out.startsWith("NetLab — network programming in Java."), r.out);
    assertTrue(r.out.contains("  · 01  IP addresses          30 min"), r.out);
    assertTrue(r.out.contains("  · 03  Bytes and encodings   20 min"), r.out);
    assertTrue(r.out.contains("0 of 3 finished"), r.out);
  }

  @Test
  void pipedOutputIsPlainTextWithoutPromptsOrEscapes() {
    LabRun r = repl("lessons\nlesson 1\n");
    assertFalse(r.out.contains("\u001b"), "escape codes in piped output");
    assertFalse(r.out.contains("netlab>"), "prompts in piped output");
  }

  @Test
  void lessonShowsTheRenderedLessonAndRemembersIt() throws Exception {
    LabRun r = repl("lesson 1\n");
    assertTrue(r.out.contains("Lesson 01 · IP addresses · 30 min"), r.out);
    assertTrue(r.out.contains("Broadcast\n─────────"), r.out);
    assertTrue(r.out.contains("╭─ [1] java"), r.out);
    String saved = Files.readString(lab.resolve(".netlab/progress.json"));
    assertTrue(saved.contains("\"current\" : \"ip-addresses\""), saved);

    LabRun again = repl("");
    assertTrue(again.out.contains("Welcome back: you were on lesson 01 (IP addresses)"), again.out);
  }

  @Test
  void openAndSlugPrefixesWorkToo() {
    LabRun r = repl("open ports\nlesson byt\n");
    assertTrue(r.out.contains("Lesson 02 · Ports and endpoints"), r.out);
    assertTrue(r.out.contains("Lesson 03 · Bytes and encodings"), r.out);
  }

  @Test
  void nextMovesOnAndPrevGoesBack() {
    LabRun r = repl("lesson 1\nnext\nlessons\nnext\nnext\nprev\n");
    assertTrue(r.out.contains("Lesson 02 · Ports and endpoints"), r.out);
    assertTrue(r.out.contains("  · 01  IP addresses"), "next alone does not finish a lesson\n" + r.out);
    assertTrue(r.out.contains("▶ · 02  Ports and endpoints"), r.out);
    assertTrue(r.out.contains("That was the last lesson"), r.out);
    int last = r.out.lastIndexOf("Lesson 02 · Ports and endpoints");
    assertTrue(last > r.out.indexOf("That was the last lesson"), "prev goes back to 02");
  }

  @Test
  void searchListsEveryLessonAndLineThatMatches() {
    LabRun r = repl("search broadcast\n");
    assertTrue(r.out.contains("01 IP addresses  (lesson 1)"), r.out);
    assertTrue(r.out.contains("Broadcast"), r.out);
    assertTrue(r.out.contains("The broadcast address of 192.168.1.0/24 is 192.168.1.255."), r.out);
    assertTrue(r.out.contains("02 Ports and endpoints  (lesson 2)"), r.out);
    assertTrue(r.out.contains("3 lines in 2 lessons"), r.out);
    LabRun none = repl("search quantum\n");
    assertTrue(none.out.contains("No lesson mentions 'quantum'."), none.out);
  }

  @Test
  void anUnknownCommandSuggestsTheNearestOne() {
    LabRun r = repl("lesons\nhlep\nfrobnicate\n");
    assertTrue(r.out.contains("error: unknown command 'lesons'; did you mean 'lessons'?"), r.out);
    assertTrue(r.out.contains("error: unknown command 'hlep'; did you mean 'help'?"), r.out);
    assertTrue(r.out.contains("error: unknown command 'frobnicate'; type 'help' for the list"), r.out);
  }

  @Test
  void javaTypedAtTheLabPromptIsSentToJshellNotCalledAnUnknownCommand() {
    String[] lines = {
        "show(\"later\", port)", "int x = 3;", "System.out.println(1)", "x = 3", "count += 2",
        "var s = new java.net.Socket()", "String[] parts = line.split(\",\")", "List<String> xs = List.of()",
        "Math.PI", "new DatagramSocket(0)", "for (int i = 0; i < 3; i++) {", "import java.net.*;", "socket.close();"};
    LabRun r = repl(String.join("\n", lines) + "\nlesons\nlesosn 4\nserch a=b\nprogress\n");
    String answer = "error: this is Java: type it inside 'jshell'";
    assertEquals(lines.length, r.out.split(java.util.regex.Pattern.quote(answer), -1).length - 1, r.out);
    assertFalse(r.out.contains("unknown command 'show("), r.out);
    // typos of commands are still typos
    assertTrue(r.out.contains("error: unknown command 'lesons'; did you mean 'lessons'?"), r.out);
    assertTrue(r.out.contains("error: unknown command 'lesosn'; did you mean 'lesson'?"), r.out);
    assertTrue(r.out.contains("error: unknown command 'serch'; did you mean 'search'?"), r.out);
    assertTrue(r.out.contains("0 of 3 finished"), "the lab goes on:\n" + r.out);
  }

  @Test
  void aPrefixSeveralLessonsShareOpensTheFirstAndNamesTheOthers() throws Exception {
    Path real = LabRun.copyOfLab(dir.resolve("real"));
    LabRun r = LabRun.run(real, "lesson udp\nprogress\n");
    assertTrue(r.out.contains("Lesson 04 · UDP sockets"), r.out);
    assertFalse(r.out.contains("Lesson 05 ·"), r.out);
    assertTrue(r.out.contains("also matches: 05 udp-chat (give its number to open it)"), r.out);
    assertFalse(r.out.contains("error:"), r.out);
    assertTrue(r.out.contains("Current   04 UDP sockets"), r.out);
    // an exact number or slug names one lesson, and nothing else is mentioned
    LabRun exact = LabRun.run(real, "lesson 5\nlesson udp-sockets\n");
    assertTrue(exact.out.contains("Lesson 05 · UDP chat"), exact.out);
    assertFalse(exact.out.contains("also matches"), exact.out);
  }

  @Test
  void clearIsACommandAndPrintsNothingInPlainOutput() {
    LabRun r = repl("clear\nprogress\n");
    assertFalse(r.out.contains("unknown command"), r.out);
    assertFalse(r.out.contains("\u001b"), "no escape codes in plain output:\n" + r.out);
    assertTrue(r.out.contains("0 of 3 finished"), r.out);
  }

  @Test
  void clearClearsTheScreenWithTheTerminalsOwnSequence() throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    var terminal = new org.jline.terminal.impl.DumbTerminal("test", "xterm-256color",
        new java.io.ByteArrayInputStream(new byte[0]), bytes, java.nio.charset.StandardCharsets.UTF_8);
    var printer = new netlab.core.Printer(terminal.writer(), true, 80);
    Session session = new Session(new netlab.core.LabHome(lab), printer, terminal, true, true);
    Repl r = new Repl(session, StandardCommands.create(), terminal, false);
    r.dispatch("clear");
    String clear = org.jline.utils.Curses.tputs(terminal.getStringCapability(org.jline.utils.InfoCmp.Capability.clear_screen));
    assertFalse(clear.isEmpty());
    assertTrue(bytes.toString(java.nio.charset.StandardCharsets.UTF_8).contains(clear), bytes.toString());
    session.close();
  }

  @Test
  void badLessonNumbersGiveOneClearLineAndTheLabGoesOn() {
    LabRun r = repl("lesson 99\nlesson\nprev\nlessons\n");
    assertTrue(r.out.contains("error: no lesson 99; lessons are 01–03 (type 'lessons' to list them)\n"), r.out);
    assertTrue(r.out.contains("error: this is the first lesson; 'next' goes forward"), r.out);
    assertTrue(r.out.contains("0 of 3 finished"), "still running after the errors");
  }

  @Test
  void helpFitsANarrowTerminalWrappingAtWords() {
    for (String columns : new String[] {"60", "40"}) {
      LabRun r = LabRun.run(lab, "help\n", java.util.Map.of("COLUMNS", columns));
      int width = Integer.parseInt(columns);
      assertTrue(r.out.lines().allMatch(l -> l.length() <= width), "every line fits " + columns + " columns:\n" + r.out);
      assertTrue(r.out.contains("backup)") || r.out.contains("backup"), r.out);
      assertTrue(r.out.lines().noneMatch(l -> l.strip().equals("p)")), "no word is cut in two:\n" + r.out);
    }
  }

  @Test
  void helpListsEveryCommandAndExplainsOne() {
    LabRun r = repl("help\nhelp lesson\nhelp nothing\n");
    for (String c : new String[] {"help", "lessons", "lesson N|NAME", "next", "prev", "search TEXT", "progress", "quit"}) {
      assertTrue(r.out.contains("  " + c), "help lists " + c + "\n" + r.out);
    }
    assertTrue(r.out.contains("also: open"), r.out);
    assertTrue(r.out.contains("error: no command 'nothing'; type 'help' for the list"), r.out);
  }

  @Test
  void quitAndEndOfInputBothLeaveCleanly() {
    LabRun quit = repl("quit\nlessons\n");
    assertEquals(0, quit.exitCode);
    assertFalse(quit.out.contains("0 of 3 finished"), "nothing runs after quit");
    LabRun eof = repl("progress\n"); // input ends: that is Ctrl-D
    assertEquals(0, eof.exitCode);
    assertTrue(eof.out.contains("0 of 3 finished"), eof.out);
  }

  @Test
  void ctrlCCancelsTheLineAndTheLabGoesOn() {
    // with no process signals on a dumb terminal, jline reads ^C (ETX) and raises the interrupt
    LabRun r = repl("lesso\u0003lessons\n");
    assertTrue(r.out.contains("0 of 3 finished"), r.out);
    assertFalse(r.out.contains("unknown command"), r.out);
  }

  @Test
  void aCorruptProgressFileIsReportedAndKept() throws Exception {
    Files.createDirectories(lab.resolve(".netlab"));
    Files.writeString(lab.resolve(".netlab/progress.json"), "{ not json");
    LabRun r = repl("lessons\n");
    assertTrue(r.out.contains("warning: progress file progress.json was corrupt"), r.out);
    try (var files = Files.list(lab.resolve(".netlab"))) {
      assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("progress.json.corrupt-")));
    }
  }

  @Test
  void brokenLessonsAreReportedAndTheRestLoad() throws Exception {
    Files.writeString(lab.resolve("lessons/04-broken.md"), "---\nminutes: x\n---\n");
    LabRun r = repl("lessons\n");
    assertTrue(r.out.contains("warning: lessons/04-broken.md:1: front matter has no title; add 'title: …'"), r.out);
    assertTrue(r.out.contains("01  IP addresses"), r.out);
  }
}
