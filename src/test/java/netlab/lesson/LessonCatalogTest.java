package netlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LessonCatalogTest {
  @TempDir
  Path dir;

  private void write(String name, String text) throws IOException {
    Files.writeString(dir.resolve(name), text);
  }

  private static String lesson(String title, String minutes) {
    return "---\ntitle: " + title + "\nminutes: " + minutes + "\nsummary: s\nexercises:\n  - udp-echo\n  - udp-retry\ndemos: [udp-echo, broadcast]\n---\n\nBody of " + title + ".\n";
  }

  private List<String> problems(LessonCatalog c) {
    return c.problems().stream().map(p -> p.format(dir)).toList();
  }

  @Test
  void loadsLessonsInOrderWithTheirFrontMatter() throws IOException {
    write("02-ports.md", lesson("Ports", "20"));
    write("01-ip-addresses.md", lesson("IP addresses", "30"));
    write("README.md", "not a lesson");
    LessonCatalog c = LessonCatalog.load(dir);
    assertEquals(List.of(), problems(c));
    assertEquals(List.of("ip-addresses", "ports"), c.lessons().stream().map(Lesson::slug).toList());
    Lesson first = c.lessons().get(0);
    assertEquals("IP addresses", first.title());
    assertEquals(30, first.minutes());
    assertEquals(List.of("udp-echo", "udp-retry"), first.exercises());
    assertEquals(List.of("udp-echo", "broadcast"), first.demos());
  }

  @Test
  void brokenFilesAreReportedWithFileAndLineAndTheOthersStillLoad() throws IOException {
    write("01-good.md", lesson("Good", "10"));
    write("02-no-title.md", "---\nminutes: 5\n---\nBody\n");
    write("03-bad-minutes.md", "---\ntitle: X\nsummary: y\nminutes: ten\n---\nBody\n");
    write("04-no-front-matter.md", "# Just markdown\n");
    write("05-unclosed.md", "---\ntitle: Never closed\nminutes: 5\n\nBody\n");
    write("01-duplicate.md", lesson("Dup", "5"));
    write("6-badname.md", lesson("Bad name", "5"));
    write("07-typo-key.md", "---\ntitle: Typo\nminutes: 5\nsumary: oops\n---\nBody\n");
    LessonCatalog c = LessonCatalog.load(dir);
    List<String> p = problems(c);
    assertTrue(p.contains("01-good.md:1: duplicate lesson number 01 (also 01-duplicate.md); renumber one of them"), p.toString());
    assertTrue(p.contains("02-no-title.md:1: front matter has no title; add 'title: …'"), p.toString());
    assertTrue(p.contains("03-bad-minutes.md:4: minutes must be a positive whole number, got 'ten'"), p.toString());
    assertTrue(p.stream().anyMatch(s -> s.startsWith("04-no-front-matter.md:1: missing front matter")), p.toString());
    assertTrue(p.stream().anyMatch(s -> s.startsWith("05-unclosed.md:1: ")), p.toString());
    assertTrue(p.stream().anyMatch(s -> s.startsWith("6-badname.md:1: lesson files are named NN-slug.md")), p.toString());
    assertTrue(p.contains("07-typo-key.md:4: unknown front matter key 'sumary' (known: title, minutes, summary, exercises, demos)"), p.toString());
    // one of the two 01 files, plus 07 (an unknown key is a warning, not a reason to drop it)
    assertEquals(List.of(1, 7), c.lessons().stream().map(Lesson::number).toList());
  }

  @Test
  void findsByNumberSlugPrefixAndSaysWhatToDoOtherwise() throws Exception {
    write("01-ip-addresses.md", lesson("IP addresses", "30"));
    write("04-udp-sockets.md", lesson("UDP sockets", "30"));
    write("05-udp-sockets-more.md", lesson("More UDP", "30"));
    write("06-tcp-sockets.md", lesson("TCP sockets", "30"));
    write("07-tcp-handshake.md", lesson("Handshake and teardown", "30"));
    LessonCatalog c = LessonCatalog.load(dir);
    assertEquals("udp-sockets", c.find("4").slug());
    assertEquals("udp-sockets", c.find("04").slug());
    assertEquals("udp-sockets", c.find("udp").slug());
    assertEquals("tcp-handshake", c.find("tcp-handshake").slug());
    assertEquals("tcp-handshake", c.find("handshake").slug());
    var e = assertThrows(LessonCatalog.LessonNotFound.class, () -> c.find("99"));
    assertEquals("no lesson 99; lessons are 01–07 (type 'lessons' to list them)", e.getMessage());
    // a prefix several lessons share opens the first in course order and names the others
    assertEquals("tcp-sockets", c.find("tcp").slug());
    LessonCatalog.Match tcp = c.lookup("tcp");
    assertEquals(List.of("tcp-handshake"), tcp.others().stream().map(Lesson::slug).toList());
    assertEquals("also matches: 07 tcp-handshake (give its number to open it)", tcp.note().orElseThrow());
    // so does a word inside slugs; an exact slug or a number wins outright
    LessonCatalog.Match sockets = c.lookup("sockets");
    assertEquals("udp-sockets", sockets.lesson().slug());
    assertEquals(List.of("udp-sockets-more", "tcp-sockets"), sockets.others().stream().map(Lesson::slug).toList());
    assertEquals("also matches: 05 udp-sockets-more, 06 tcp-sockets (give a number to open one)", sockets.note().orElseThrow());
    assertTrue(c.lookup("udp-sockets").others().isEmpty(), "the whole slug names one lesson, though a longer one starts with it");
    assertTrue(c.lookup("udp-sockets").note().isEmpty());
    assertTrue(c.lookup("7").others().isEmpty());
    e = assertThrows(LessonCatalog.LessonNotFound.class, () -> c.find("quantum"));
    assertEquals("no lesson matches 'quantum' (type 'lessons' to list them)", e.getMessage());
    assertEquals("udp-sockets-more", c.next(c.find("4")).orElseThrow().slug());
    assertEquals("ip-addresses", c.previous(c.find("4")).orElseThrow().slug());
    assertTrue(c.next(c.find("7")).isEmpty());
  }

  @Test
  void aMissingFolderIsAProblemNotACrash() {
    LessonCatalog c = LessonCatalog.load(dir.resolve("nope"));
    assertTrue(c.lessons().isEmpty());
    assertEquals(1, c.problems().size());
  }
}
