package netlab.progress;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a student has done, keyed by lesson and exercise slug (not number) so that renumbering
 * lessons keeps everyone's progress. Plain fields: Jackson maps them to and from JSON.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Progress {
  public int version = 1;
  /** Slug of the lesson the REPL reopens at. */
  public String current;
  /** The student id given to 'submit', remembered for the next time. */
  public String student;
  /** The language chosen with 'lang' ({@code zh}, {@code en}); absent: the locale decides. */
  public String lang;
  public Map<String, LessonState> lessons = new TreeMap<>();
  public Map<String, ExerciseState> exercises = new TreeMap<>();

  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static final class LessonState {
    /** ISO-8601 instants. */
    public String opened;
    /** When the lesson was read: its end was on screen in the pager, or every runnable snippet ran. */
    public String finished;
    /** The line (1-based) at the top of the pager when the student left it; absent means the top. */
    public Integer line;
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static final class ExerciseState {
    /** {@code failing} or {@code passing}; absent means not started. */
    public String status;
    public int score;
    public int max;
    public int hintsShown;
    public String lastChecked;
  }

  public LessonState lesson(String slug) {
    return lessons.computeIfAbsent(slug, s -> new LessonState());
  }

  public ExerciseState exercise(String id) {
    return exercises.computeIfAbsent(id, s -> new ExerciseState());
  }

  public boolean finished(String slug) {
    LessonState s = lessons.get(slug);
    return s != null && s.finished != null;
  }
}
