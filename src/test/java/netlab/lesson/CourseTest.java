package netlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import netlab.testing.LabRun;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

/** The real course in lessons/: loads cleanly, is numbered without gaps, renders at 80 columns. */
class CourseTest {
  private final LessonCatalog catalog = LessonCatalog.load(LabRun.repo().resolve("lessons"));

  @Test
  void everyLessonFileLoadsWithoutProblems() {
    assertEquals(List.of(), catalog.problems().stream().map(p -> p.format(LabRun.repo())).toList());
    assertFalse(catalog.lessons().isEmpty());
  }

  @Test
  void lessonsAreNumberedFromOneWithoutGaps() {
    for (int i = 0; i < catalog.lessons().size(); i++) {
      assertEquals(i + 1, catalog.lessons().get(i).number(), "lesson numbers run 01, 02, … without gaps");
    }
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
  void everyLessonHasATableADiagramAndJavaSnippets() {
    for (Lesson l : catalog.lessons()) {
      String md = l.markdown();
      assertTrue(md.contains("\n|") && md.contains("|---") || md.contains("|:--"), l.label() + " has a table");
      assertTrue(md.contains("```text"), l.label() + " has a text diagram");
      assertTrue(md.contains("```java"), l.label() + " has Java code");
      assertTrue(md.contains("## Self-check"), l.label() + " has self-check questions");
    }
  }
}
