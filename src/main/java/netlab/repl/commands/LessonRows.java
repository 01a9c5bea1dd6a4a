package netlab.repl.commands;

import java.util.List;
import netlab.lesson.Lesson;
import netlab.markdown.Theme;
import netlab.progress.Progress;
import netlab.repl.Session;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;

/**
 * One lesson per row, as 'lessons' and 'progress' show them: where you are, ✓ when finished,
 * number, title, and the status and score of the lesson's exercises beside it.
 */
final class LessonRows {
  private LessonRows() {}

  /** The rows of every lesson; {@code minutes} adds the time each takes. */
  static void print(Session session, boolean minutes) {
    var lessons = session.catalog().lessons();
    int titleWidth = lessons.stream().mapToInt(l -> l.title().length()).max().orElse(10);
    String current = session.current().map(Lesson::slug).orElse(null);
    for (Lesson l : lessons) {
      for (AttributedString row : rows(session, l, l.slug().equals(current), titleWidth, minutes)) {
        session.out().println(row);
      }
    }
  }

  private static List<AttributedString> rows(Session session, Lesson l, boolean here, int titleWidth, boolean minutes) {
    boolean done = session.progress().finished(l.slug());
    AttributedStringBuilder row = new AttributedStringBuilder()
        .styled(here ? Theme.PROMPT : Theme.PLAIN, here ? "▶ " : "  ")
        .styled(done ? Theme.OK : Theme.DIM, done ? "✓ " : "· ")
        .styled(Theme.H3, l.id() + "  ")
        .append(String.format("%-" + titleWidth + "s", l.title()));
    if (minutes) row.styled(Theme.DIM, String.format("  %3d min", l.minutes()));
    AttributedString exercises = exercises(session.progress(), l.exercises());
    if (exercises.length() == 0) return List.of(row.toAttributedString());
    // beside the lesson when it fits, else on a line of its own under the title
    if (row.length() + 2 + exercises.length() <= session.out().width()) {
      return List.of(row.append("  ").append(exercises).toAttributedString());
    }
    return List.of(row.toAttributedString(),
        new AttributedStringBuilder().append("        ").append(exercises).toAttributedString());
  }

  /** "udp-echo passing 10/10 · udp-retry not started". */
  static AttributedString exercises(Progress progress, List<String> ids) {
    AttributedStringBuilder b = new AttributedStringBuilder();
    for (String id : ids) {
      if (b.length() > 0) b.styled(Theme.DIM, " · ");
      Progress.ExerciseState st = progress.exercises.get(id);
      String status = st == null || st.status == null ? "not started" : st.status;
      b.append(id).append(" ")
          .styled("passing".equals(status) ? Theme.OK : "failing".equals(status) ? Theme.BAD : Theme.DIM, status);
      if (st != null && st.status != null) b.append(" " + st.score + "/" + st.max);
    }
    return b.toAttributedString();
  }
}
