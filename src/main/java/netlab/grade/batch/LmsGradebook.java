package netlab.grade.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import netlab.core.Msg;
import netlab.core.NetlabException;

/**
 * The gradebook in the layout a learning management system imports, beside {@code gradebook.csv}:
 * a column per exercise, named {@code 01-adder Adder}, holding the points. Neither file has a
 * total or a problems column: the LMS totals itself, and an extra column would be imported as one
 * more assignment.
 * <ul>
 *   <li><b>Canvas</b> ({@code gradebook-canvas.csv}): the columns of Canvas's own gradebook export,
 *       {@code Student, ID, SIS User ID, SIS Login ID, Section}, then the assignments, and its
 *       second row, {@code Points Possible}. The student id goes in {@code SIS Login ID}, which
 *       Canvas matches students by when {@code ID} (Canvas's internal number) is empty; a new
 *       column becomes a new assignment worth its points.
 *   <li><b>Moodle</b> ({@code gradebook-moodle.csv}): {@code ID number} and the grade items; on
 *       import, map from {@code ID number} to the user field the ids are (ID number or username),
 *       and each exercise to a grade item or a new one.
 * </ul>
 */
public enum LmsGradebook {
  CANVAS("canvas", "gradebook-canvas.csv"),
  MOODLE("moodle", "gradebook-moodle.csv");

  /** Canvas's gradebook export starts with these, in this order. */
  static final List<String> CANVAS_IDENTITY = List.of("Student", "ID", "SIS User ID", "SIS Login ID", "Section");
  static final String CANVAS_POINTS = "Points Possible";
  static final String MOODLE_ID = "ID number";

  public final String id;
  public final String file;

  LmsGradebook(String id, String file) {
    this.id = id;
    this.file = file;
  }

  public static LmsGradebook parse(String name) throws NetlabException {
    for (LmsGradebook l : values()) if (l.id.equals(name.trim().toLowerCase(Locale.ROOT))) return l;
    throw NetlabException.usage(Msg.get("batch.lms", name));
  }

  /**
   * Writes the files asked for and removes the others, so that no LMS file is left from an
   * earlier run with other grades. {@code titles}: exercise dir → its column name.
   */
  static void writeAll(Path out, List<LmsGradebook> wanted, List<StudentGrade> students, List<String> dirs,
      java.util.Map<String, String> titles) throws IOException {
    for (LmsGradebook l : values()) {
      if (wanted.contains(l)) {
        ReportWriter.atomically(out.resolve(l.file), l.csv(students, dirs, titles).getBytes(StandardCharsets.UTF_8));
      } else {
        Files.deleteIfExists(out.resolve(l.file));
      }
    }
  }

  String csv(List<StudentGrade> students, List<String> dirs, java.util.Map<String, String> titles) {
    List<List<String>> rows = new ArrayList<>();
    List<String> head = new ArrayList<>(this == CANVAS ? CANVAS_IDENTITY : List.of(MOODLE_ID));
    for (String d : dirs) head.add(titles.getOrDefault(d, d));
    rows.add(head);
    if (this == CANVAS) {
      List<String> points = new ArrayList<>(List.of(CANVAS_POINTS, "", "", "", ""));
      for (String d : dirs) points.add(Integer.toString(max(students, d)));
      rows.add(points);
    }
    for (StudentGrade g : students) {
      List<String> row = new ArrayList<>(this == CANVAS ? List.of(g.student, "", "", g.student, "") : List.of(g.student));
      for (String d : dirs) {
        row.add(g.exercises.stream().filter(e -> e.dir.equals(d)).findFirst().map(e -> Integer.toString(e.score)).orElse(""));
      }
      rows.add(row);
    }
    StringBuilder b = new StringBuilder();
    for (List<String> r : rows) {
      b.append(String.join(",", r.stream().map(ClassReport::csv).toList())).append("\r\n");
    }
    return b.toString();
  }

  private static int max(List<StudentGrade> students, String dir) {
    return students.stream().flatMap(s -> s.exercises.stream()).filter(e -> e.dir.equals(dir)).mapToInt(e -> e.max).max().orElse(0);
  }
}
