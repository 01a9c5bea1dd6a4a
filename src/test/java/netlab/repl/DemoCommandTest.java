package netlab.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netlab.demo.Demo;
import netlab.demo.DemoRegistry;
import netlab.testing.LabRun;
import netlab.testing.SampleLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** demo, say and demo stop through the REPL; quit frees every port a demo held. */
class DemoCommandTest {
  @TempDir
  Path dir;

  @Test
  void demoListsEveryDemoWithItsLesson() throws Exception {
    LabRun r = LabRun.run(SampleLab.create(dir), "demo\nlesson 2\ndemo\n");
    for (String name : DemoRegistry.names()) assertTrue(r.out.contains("  " + name), name + "\n" + r.out);
    assertTrue(r.out.contains("[07] a TCP connection's states from the kernel"), r.out);
    assertTrue(r.out.contains("for lesson 02: port-in-use — 'demo port-in-use' starts it"), r.out);
  }

  @Test
  void theDemoListWrapsAtWordsWithAHangingIndentOnANarrowTerminal() throws Exception {
    Path lab = SampleLab.create(dir);
    for (int width : new int[] {100, 60, 40}) {
      LabRun r = LabRun.run(lab, "demo\n", java.util.Map.of("COLUMNS", String.valueOf(width)));
      List<String> lines = r.out.lines().toList();
      assertTrue(lines.stream().allMatch(l -> l.length() <= width), "every line fits " + width + " columns:\n" + r.out);
      assertTrue(lines.stream().noneMatch(l -> l.endsWith(" ")), "no trailing spaces:\n" + r.out);
      // joining each demo's continuation lines gives back its whole summary, every word intact
      StringBuilder joined = new StringBuilder();
      for (String l : lines) {
        if (l.startsWith("   ")) joined.append(' ').append(l.strip());
        else joined.append('\n').append(l.strip());
      }
      String text = joined.toString().replaceAll(" +", " ");
      for (Demo d : DemoRegistry.all()) {
        String entry = d.name() + " " + String.format("[%02d]", d.lesson()) + " " + d.summary();
        assertTrue(text.contains(entry), "'" + entry + "' at " + width + " columns:\n" + r.out);
      }
      // a continuation line hangs under the summary's column (or under the name when narrow)
      // (names are padded to the longest one, "happy-eyeballs" since lesson 16)
      int longest = DemoRegistry.names().stream().mapToInt(String::length).max().orElseThrow();
      int hang = width >= 60 ? 2 + longest + 1 + "[02] ".length() : 6;
      for (String l : lines) {
        if (l.startsWith("   ")) assertEquals(hang, l.length() - l.stripLeading().length(), "[" + l + "]\n" + r.out);
      }
    }
  }

  @Test
  void startingADemoWhileAnotherRunsSaysWhichItStopped() throws Exception {
    LabRun r = LabRun.run(SampleLab.create(dir), "demo udp-chat\ndemo tcp-echo\ndemo stop\n");
    int stopped = r.out.indexOf("stopped demo udp-chat (one demo runs at a time)");
    assertTrue(stopped > r.out.indexOf("demo udp-chat is running"), r.out);
    assertTrue(r.out.indexOf("demo tcp-echo is running") > stopped, "then the new one starts:\n" + r.out);
    assertTrue(r.out.contains("stopped demo tcp-echo; its ports are free"), r.out);
  }

  @Test
  void aListeningDemoRunsTakesInputAndQuitFreesItsPort() throws Exception {
    LabRun r = LabRun.run(SampleLab.create(dir), "demo udp-chat\nsay hello there\ndemo stop\ndemo stop\n");
    assertTrue(r.out.contains("demo udp-chat is running"), r.out);
    // the line was sent; the bot's answer may come after 'demo stop' closed its socket (a race
    // the script cannot wait out), so it is not required here
    assertTrue(r.out.contains("send() to bot: \"hello there\""), r.out);
    assertTrue(r.out.contains("stopped demo udp-chat; its ports are free"), r.out);
    assertTrue(r.out.contains("no demo is running"), r.out);
  }

  @Test
  void quitWhileADemoListensFreesThePort() throws Exception {
    LabRun r = LabRun.run(SampleLab.create(dir), "demo tcp-echo\nquit\n");
    Matcher m = Pattern.compile("nc 127\\.0\\.0\\.1 (\\d+)").matcher(r.out);
    assertTrue(m.find(), r.out);
    try (ServerSocket again = new ServerSocket()) {
      again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(m.group(1))));
    }
  }

  @Test
  void aBusyPortAndUnknownDemosGiveOneClearLine() throws Exception {
    try (ServerSocket held = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = held.getLocalPort();
      LabRun r = LabRun.run(SampleLab.create(dir), "demo tcp-echo --port " + port + "\ndemo nope\nsay hi\ndemo http --port x\n");
      assertTrue(r.out.contains("error: port " + port + " on 127.0.0.1 is in use by another program"), r.out);
      assertTrue(r.out.contains("error: no demo 'nope'; 'demo' lists them"), r.out);
      assertTrue(r.out.contains("error: no demo is running; 'demo' lists them"), r.out);
      assertTrue(r.out.contains("error: --port must be a port number 0-65535, got 'x'"), r.out);
    }
  }

  @Test
  void scriptedDemosPlayStandaloneAndExitZero() throws Exception {
    LabRun r = LabRun.run(SampleLab.create(dir), "", "demo", "encoding");
    assertEquals(0, r.exitCode, r.toString());
    assertTrue(r.out.contains("浣犲ソ"), r.out);
    LabRun bad = LabRun.run(SampleLab.create(dir.resolve("b")), "", "demo", "nope");
    assertEquals(2, bad.exitCode);
  }
}
