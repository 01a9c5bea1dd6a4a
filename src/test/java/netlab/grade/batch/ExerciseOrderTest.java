package netlab.grade.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

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
}
