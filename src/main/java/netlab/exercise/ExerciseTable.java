package netlab.exercise;

import netlab.markdown.Theme;
import netlab.progress.Progress;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;

/** One line of the exercise list, shared by the REPL's 'exercises' and the CLI's. */
public final class ExerciseTable {
  private ExerciseTable() {}

  public static AttributedString row(Exercise e, Progress.ExerciseState st) {
    String status = st == null || st.status == null ? "not started" : st.status;
    var style = "passing".equals(status) ? Theme.OK : "failing".equals(status) ? Theme.BAD : Theme.DIM;
    int score = st == null ? 0 : st.score;
    return new AttributedStringBuilder()
        .styled(Theme.H3, e.numberLabel() + "  ")
        .append(String.format("%-20s %-32s ", e.id(), e.title()))
        .styled(style, String.format("%-12s", status))
        .styled(Theme.DIM, String.format("%3d/%d pts", score, e.points()))
        .toAttributedString();
  }
}
