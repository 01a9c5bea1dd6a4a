package netlab.grade.batch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything batch grading found out about one student: written as {@code grade.json} in the
 * student's report folder, and the single source every report (gradebook, results.json, JUnit
 * XML, feedback, the HTML report, a merge of shards) is made from.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class StudentGrade {
  public String student;
  /** The file or folder graded, relative to the submissions folder. */
  public String source;
  /**
   * The report folder's name, {@link SubmissionKey#of} the source: unlike the student id, never
   * the same for two submissions.
   */
  public String key;
  /** The student the submission's manifest names, if it names one (it may not be {@link #student}). */
  public String manifestStudent;
  /**
   * Why the grader failed on this submission, if it did: it scored 0, and the next run grades it
   * again rather than resuming, in case the cause was the machine and not the submission.
   */
  public String graderError;
  public boolean sandboxed;
  public long millis;
  /** Problems with the submission itself (not a zip, a hash mismatch, stray files…). */
  public List<String> problems = new ArrayList<>();
  public List<ExerciseGrade> exercises = new ArrayList<>();

  public int score() {
    return exercises.stream().mapToInt(e -> e.score).sum();
  }

  public int max() {
    return exercises.stream().mapToInt(e -> e.max).sum();
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public static final class ExerciseGrade {
    public String id;
    public String dir;
    public String title;
    public boolean submitted;
    public boolean compiled;
    /** Why this exercise's results could not be believed (it then scores 0), or null. */
    public String tampered;
    public int score;
    public int max;
    public long millis;
    public List<String> problems = new ArrayList<>();
    public List<String> diagnostics = new ArrayList<>();
    public List<String> notes = new ArrayList<>();
    public List<TestGrade> tests = new ArrayList<>();
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public static final class TestGrade {
    public String name;
    public int points;
    public boolean passed;
    public String reason;
    public List<String> detail = new ArrayList<>();
    public String output;
    public long millis;
    /** One of the instructor's own tests: students did not see it in their checks. */
    public boolean instructorOnly;
  }
}
