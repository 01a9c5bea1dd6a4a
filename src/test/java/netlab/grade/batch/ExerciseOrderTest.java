package netlab.grade.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import netlab.testing.LabRun;
import netlab.testing.ToyLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Students graded at once start their exercises at different places, so they do not wait or compute in step. */
class ExerciseOrderTest {
  private static List<Integer> firsts(int students, int exercises, int jobs) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < students; i++) out.add(BatchGrader.firstExercise(i, exercises, jobs));
    return out;
  }

  @Test
  void fourStudentsAtOnceStartAQuarterOfTheCourseApart() {
    assertEquals(List.of(0, 5, 10, 15, 0, 5, 10, 15, 0, 5), firsts(10, 21, 4));
  }

  @Test
  void oneAtATimeOrOneExerciseStartsAtTheFirst() {
    assertEquals(List.of(0, 0, 0), firsts(3, 21, 1));
    assertEquals(List.of(0, 0, 0), firsts(3, 1, 4));
  }

  @Test
  void moreJobsThanExercisesStillStayInRange() {
    for (int i = 0; i < 50; i++) {
      int f = BatchGrader.firstExercise(i, 3, 8);
      assertEquals(true, f >= 0 && f < 3, "student " + i + " starts at " + f);
    }
  }

  @TempDir
  Path dir;

  /**
   * The toy lab with four adders, each test run taking a few hundred milliseconds, graded two at
   * a time: the second student starts at the third exercise, and the last student's exercises
   * are taken by the free thread at the end. Every grade lands on its own exercise, listed in
   * the course's order.
   */
  @Test
  void exercisesGradedInAnyOrderOrByAnotherThreadAreReportedInTheCoursesOrder() throws Exception {
    Path lab = ToyLab.create(dir.resolve("lab"));
    Path toml = lab.resolve("exercises/exercises.toml");
    String one = Files.readString(toml);
    String block = one.substring(one.indexOf("[[exercise]]"));
    StringBuilder all = new StringBuilder(one);
    String hidden = Files.readString(lab.resolve("src/hidden/01-adder/AdderHiddenTest.java"))
        .replace("  void small() {\n", "  void small() throws InterruptedException {\n    Thread.sleep(150);\n");
    Files.writeString(lab.resolve("src/hidden/01-adder/AdderHiddenTest.java"), hidden);
    for (int n = 2; n <= 4; n++) {
      String folder = "0" + n + "-adder" + n;
      all.append("\n").append(block.replace("id = \"adder\"", "id = \"adder" + n + "\"")
          .replace("number = 1", "number = " + n).replace("title = \"Adder\"", "title = \"Adder " + n + "\""));
      for (String tree : List.of("exercises", "solutions", "src/hidden")) {
        LabRun.copyTree(lab.resolve(tree).resolve("01-adder"), lab.resolve(tree).resolve(folder));
      }
    }
    Files.writeString(toml, all.toString());
    Path subs = dir.resolve("subs");
    for (String student : List.of("s1", "s2", "s3")) {
      for (int n = 1; n <= 4; n++) {
        String folder = n == 1 ? "01-adder" : "0" + n + "-adder" + n;
        if (student.equals("s2") && n == 4) continue; // not submitted
        Path d = Files.createDirectories(subs.resolve(student).resolve(folder));
        String body = student.equals("s2") && n == 3 ? "a - b" : "a + b";
        Files.writeString(d.resolve("Adder.java"),
            "public final class Adder {\n  public static int add(int a, int b) {\n    return " + body + ";\n  }\n}\n");
      }
    }
    LabRun graded = LabRun.run(lab, "", "grade", subs.toString(), "--out", dir.resolve("report").toString(),
        "--timeout", "5", "--jobs", "2");
    assertEquals(0, graded.exitCode, graded.toString());
    ObjectMapper json = new ObjectMapper();
    for (String student : List.of("s1", "s2", "s3")) {
      JsonNode g = json.readTree(dir.resolve("report/students").resolve(student).resolve("grade.json").toFile());
      List<String> order = new ArrayList<>();
      List<Integer> scores = new ArrayList<>();
      for (JsonNode e : g.path("exercises")) {
        order.add(e.path("dir").asText());
        scores.add(e.path("score").asInt());
      }
      assertEquals(List.of("01-adder", "02-adder2", "03-adder3", "04-adder4"), order, student);
      assertEquals(student.equals("s2") ? List.of(3, 3, 0, 0) : List.of(3, 3, 3, 3), scores, student + ": " + g);
    }
    String csv = Files.readString(dir.resolve("report/gradebook.csv"));
    assertEquals(true, csv.startsWith("\"student\",\"01-adder\",\"02-adder2\",\"03-adder3\",\"04-adder4\",\"total\""), csv);
    assertEquals(true, csv.contains("\n\"s2\",\"3\",\"3\",\"0\",\"0\",\"6\",\"12\","), csv);
  }
}
