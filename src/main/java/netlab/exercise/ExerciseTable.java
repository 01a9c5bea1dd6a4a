package netlab.exercise;

import netlab.core.Msg;
import netlab.markdown.Theme;
import netlab.markdown.Wrap;
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
        .append(pad(e.id(), 20) + " " + pad(e.localTitle(), 32) + " ")
        .styled(style, pad(status(status), 12))
        .styled(Theme.DIM, String.format("%3d/%d ", score, e.points()) + Msg.get("exercises.points"))
        .toAttributedString();
  }

  /**
   * An exercise's status as shown: {@code passing}, {@code failing} or {@code not started} as
   * saved in the progress file, in the language of the lab.
   */
  public static String status(String saved) {
    return switch (saved) {
      case "passing" -> Msg.get("status.passing");
      case "failing" -> Msg.get("status.failing");
      case "not started" -> Msg.get("status.notStarted");
      default -> saved;
    };
  }

  static String pad(String s, int columns) {
    return Wrap.pad(s, columns);
  }
}
