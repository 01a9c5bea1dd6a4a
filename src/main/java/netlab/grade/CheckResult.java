package netlab.grade;

import java.util.List;
import netlab.exercise.Exercise;
import netlab.grade.protocol.Event;

/**
 * The outcome of checking one exercise: problems that stopped it early (a missing file),
 * compiler diagnostics, one outcome per hidden test, notes (threads left running, a worker
 * that had to be replaced), and {@code tampered}: why the results cannot be believed (then every
 * test failed and the score is 0), or null.
 */
public record CheckResult(Exercise exercise, List<String> problems, List<Event.Diagnostic> diagnostics,
    boolean compiled, List<TestOutcome> tests, List<String> notes, long millis, String tampered) {

  public CheckResult(Exercise exercise, List<String> problems, List<Event.Diagnostic> diagnostics, boolean compiled,
      List<TestOutcome> tests, List<String> notes, long millis) {
    this(exercise, problems, diagnostics, compiled, tests, notes, millis, null);
  }

  public int score() {
    return tests.stream().filter(TestOutcome::passed).mapToInt(TestOutcome::points).sum();
  }

  public int max() {
    return tests.stream().mapToInt(TestOutcome::points).sum();
  }

  public boolean passed() {
    return problems.isEmpty() && compiled && !tests.isEmpty() && tests.stream().allMatch(TestOutcome::passed);
  }

  /** Records this check in the student's progress: passing or failing, the score, when. */
  public void recordIn(netlab.progress.Progress p) {
    netlab.progress.Progress.ExerciseState st = p.exercise(exercise.id());
    st.status = passed() ? "passing" : "failing";
    st.score = score();
    st.max = max() > 0 ? max() : exercise.points();
    st.lastChecked = netlab.progress.ProgressStore.now();
  }

  public long failedCount() {
    return tests.stream().filter(t -> !t.passed()).count();
  }
}
