package netlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import netlab.exercise.Planned;
import netlab.testing.LabRun;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

/**
 * The real course in lessons/: sixteen lessons numbered without gaps, valid front matter, the
 * sections every lesson promises, every topic of the curriculum in its lesson, links to demos
 * that exist (or are planned), and clean rendering at 80 columns.
 */
class CourseTest {
  private final LessonCatalog catalog = LessonCatalog.load(LabRun.repo().resolve("lessons"));

  @Test
  void everyLessonFileLoadsWithoutProblems() {
    assertEquals(List.of(), catalog.problems().stream().map(p -> p.format(LabRun.repo())).toList());
    assertFalse(catalog.lessons().isEmpty());
  }

  @Test
  void lessonsAreNumberedOneToSeventeenWithoutGaps() {
    List<Integer> numbers = catalog.lessons().stream().map(Lesson::number).toList();
    List<Integer> expected = new ArrayList<>();
    // 16 (robust clients) and 17 (TLS) were appended in issue 14, so no lesson was renumbered
    for (int i = 1; i <= 17; i++) expected.add(i);
    assertEquals(expected, numbers);
  }

  @Test
  void everyLessonHasTheFrontMatterAStudentSees() {
    for (Lesson l : catalog.lessons()) {
      assertFalse(l.summary().isBlank(), l.label() + " has a summary");
      assertTrue(l.minutes() > 0, l.label() + " has minutes");
    }
  }

  @Test
  void everyLessonRendersWithinEightyColumns() {
    for (Lesson l : catalog.lessons()) {
      List<AttributedString> lines = LessonView.render(l, 80);
      for (int i = 0; i < lines.size(); i++) {
        assertTrue(lines.get(i).columnLength() <= 80, l.label() + " line " + (i + 1) + " is wider than 80: " + lines.get(i));
      }
    }
  }

  @Test
  void everyLessonHasATableADiagramJavaSnippetsAndTheSectionsItPromises() {
    List<String> sections = List.of("## Common mistakes", "## Try it", "## See it live", "## Exercise", "## Recap",
        "## Self-check");
    List<String> missing = new ArrayList<>();
    for (Lesson l : catalog.lessons()) {
      String md = l.markdown();
      if (!(md.contains("\n|") && (md.contains("|---") || md.contains("|:--") || md.contains("| ---")))) missing.add(l.label() + ": a table");
      if (!md.contains("```text")) missing.add(l.label() + ": a ```text diagram");
      if (!md.contains("```java")) missing.add(l.label() + ": Java snippets");
      for (String s : sections) {
        if (!md.contains("\n" + s)) missing.add(l.label() + ": section '" + s + "'");
      }
      if (md.indexOf("\n## Self-check") < md.indexOf("\n## Recap")) missing.add(l.label() + ": the self-check comes last");
      int check = md.indexOf("\n## Self-check");
      if (check >= 0) {
        String tail = md.substring(check);
        int rule = tail.indexOf("\n---");
        if (rule < 0 || !tail.substring(rule).contains("Answers")) {
          missing.add(l.label() + ": self-check answers below a '---' line");
        }
      }
    }
    assertEquals(List.of(), missing);
  }

  @Test
  void everyTopicOfTheCurriculumIsInItsLesson() throws IOException {
    List<String> missing = new ArrayList<>();
    int topics = 0;
    for (String line : Files.readAllLines(LabRun.repo().resolve("lessons/topics.txt"), StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) continue;
      // the English phrases: those after 'zh:' are for the Chinese lesson (ZhCourseTest)
      ChineseCourse.Topic t = ChineseCourse.Topic.parse(line);
      topics++;
      Lesson l = catalog.byNumber(t.lesson()).orElse(null);
      if (l == null) {
        missing.add("lesson " + String.format("%02d", t.lesson()) + " (for '" + t.topic() + "') does not exist");
        continue;
      }
      String text = l.markdown().toLowerCase(Locale.ROOT);
      boolean found = false;
      for (String phrase : t.english()) {
        if (text.contains(phrase.toLowerCase(Locale.ROOT))) found = true;
      }
      if (!found) missing.add(l.label() + " lacks '" + t.topic() + "'");
    }
    assertTrue(topics > 100, "the checklist was read");
    assertEquals(List.of(), missing);
  }

  @Test
  void everyLinkedDemoExistsOrIsPlanned() {
    for (Lesson l : catalog.lessons()) {
      for (String d : l.demos()) {
        assertTrue(Planned.DEMOS.contains(d) || netlab.demo.DemoRegistry.names().contains(d),
            l.label() + " links demo '" + d + "', which is neither a demo nor planned");
      }
    }
  }

  @Test
  void theCourseUsesTheChineseTermsOnce() {
    String all = String.join("\n", catalog.lessons().stream().map(Lesson::markdown).toList());
    for (String term : List.of("粘包", "三次握手", "四次挥手", "进程", "线程", "互斥锁", "死锁", "正则表达式")) {
      assertTrue(all.contains(term), "the course names " + term);
    }
  }
}
