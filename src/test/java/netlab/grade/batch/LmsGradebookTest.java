package netlab.grade.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gradebook as Canvas and Moodle import it, read back as a CSV tool reads it (Python's csv
 * module, strict): the headers each system documents, a row per student with their points under
 * each exercise, and ids with commas and quotes still whole.
 */
class LmsGradebookTest {
  @TempDir
  Path dir;

  /** Student id → points per exercise (null: not graded in this run). */
  static final Map<String, Integer[]> CLASS = new LinkedHashMap<>();

  static {
    CLASS.put("alice", new Integer[] {3, 4});
    CLASS.put("li, wei", new Integer[] {1, 0});
    CLASS.put("o\"neil", new Integer[] {0, 2});
    CLASS.put("zed", new Integer[] {2, null});
  }

  static List<StudentGrade> students() {
    List<StudentGrade> all = new ArrayList<>();
    for (Map.Entry<String, Integer[]> c : CLASS.entrySet()) {
      StudentGrade g = new StudentGrade();
      g.student = c.getKey();
      g.key = "k" + all.size();
      g.problems.add("a problem, with a comma"); // never a column of the LMS files
      String[][] ex = {{"01-adder", "Adder", "3"}, {"02-echo", "Echo \"server\"", "4"}};
      for (int i = 0; i < ex.length; i++) {
        if (c.getValue()[i] == null) continue;
        StudentGrade.ExerciseGrade e = new StudentGrade.ExerciseGrade();
        e.dir = ex[i][0];
        e.title = ex[i][1];
        e.max = Integer.parseInt(ex[i][2]);
        e.score = c.getValue()[i];
        e.submitted = true;
        g.exercises.add(e);
      }
      all.add(g);
    }
    return all;
  }

  @Test
  void canvasGetsItsExportColumnsAPointsPossibleRowAndEachStudentsPoints() throws Exception {
    ClassReport.write(dir, students(), List.of("01-adder", "02-echo"), new Isolation(List.of("bubblewrap"), List.of()),
        List.of(LmsGradebook.CANVAS));
    List<List<String>> rows = ReportSafetyTest.pythonCsv(dir.resolve("gradebook-canvas.csv"));
    assertEquals(List.of("Student", "ID", "SIS User ID", "SIS Login ID", "Section", "01-adder Adder", "02-echo Echo \"server\""),
        rows.get(0));
    assertEquals(List.of("Points Possible", "", "", "", "", "3", "4"), rows.get(1));
    assertEquals(2 + CLASS.size(), rows.size(), rows.toString());
    Map<String, List<String>> bySisLogin = new LinkedHashMap<>();
    for (List<String> r : rows.subList(2, rows.size())) {
      assertEquals(7, r.size(), "every row as wide as the header: " + r);
      assertEquals("", r.get(1), "Canvas's own user id is left to Canvas");
      bySisLogin.put(r.get(3), r.subList(5, 7));
    }
    assertEquals(CLASS.keySet(), bySisLogin.keySet());
    for (Map.Entry<String, Integer[]> c : CLASS.entrySet()) {
      assertEquals(cells(c.getValue()), bySisLogin.get(c.getKey()), c.getKey());
    }
    assertFalse(Files.exists(dir.resolve("gradebook-moodle.csv")), "only what was asked for");
  }

  @Test
  void moodleGetsAnIdNumberColumnAndAGradeItemPerExercise() throws Exception {
    ClassReport.write(dir, students(), List.of("01-adder", "02-echo"), new Isolation(List.of("bubblewrap"), List.of()),
        List.of(LmsGradebook.MOODLE));
    List<List<String>> rows = ReportSafetyTest.pythonCsv(dir.resolve("gradebook-moodle.csv"));
    assertEquals(List.of("ID number", "01-adder Adder", "02-echo Echo \"server\""), rows.get(0));
    assertEquals(1 + CLASS.size(), rows.size(), rows.toString());
    int i = 1;
    for (Map.Entry<String, Integer[]> c : CLASS.entrySet()) {
      List<String> r = rows.get(i++);
      assertEquals(c.getKey(), r.get(0));
      assertEquals(cells(c.getValue()), r.subList(1, 3), c.getKey());
    }
    // and the next run without it leaves no stale file with older grades behind
    ClassReport.write(dir, students(), List.of("01-adder", "02-echo"), new Isolation(List.of("bubblewrap"), List.of()), List.of());
    assertFalse(Files.exists(dir.resolve("gradebook-moodle.csv")));
    assertTrue(Files.exists(dir.resolve("gradebook.csv")));
  }

  private static List<String> cells(Integer[] points) {
    List<String> out = new ArrayList<>();
    for (Integer p : points) out.add(p == null ? "" : Integer.toString(p));
    return out;
  }
}
