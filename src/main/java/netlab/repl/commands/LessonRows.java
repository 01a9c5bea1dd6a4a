package netlab.repl.commands;

import netlab.core.Msg;
import java.util.ArrayList;
import java.util.List;
import netlab.lesson.Lesson;
import netlab.markdown.Theme;
import netlab.markdown.Wrap;
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
    int titleWidth = lessons.stream().mapToInt(l -> Wrap.columns(l.title())).max().orElse(10);
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
        .append(l.title() + " ".repeat(Math.max(0, titleWidth - Wrap.columns(l.title()))));
    if (minutes) row.styled(Theme.DIM, "  " + Msg.get("lessons.minutes", String.format("%3d", l.minutes())));
    List<AttributedString> exercises = exercises(session.progress(), l.exercises());
    if (exercises.isEmpty()) return List.of(row.toAttributedString());
    int width = session.out().width();
    AttributedString all = join(exercises);
    // beside the lesson when they fit, else under the title, as many to a line as fit
    if (row.toAttributedString().columnLength() + 2 + all.columnLength() <= width) {
      return List.of(row.append("  ").append(all).toAttributedString());
    }
    List<AttributedString> out = new ArrayList<>(List.of(row.toAttributedString()));
    AttributedStringBuilder line = new AttributedStringBuilder().append(INDENT);
    for (AttributedString e : exercises) {
      boolean first = line.length() == INDENT.length();
      if (!first && line.toAttributedString().columnLength() + SEPARATOR.length() + e.columnLength() > width) {
        out.add(line.toAttributedString());
        line = new AttributedStringBuilder().append(INDENT);
        first = true;
      }
      if (!first) line.styled(Theme.DIM, SEPARATOR);
      line.append(e);
    }
    out.add(line.toAttributedString());
    return out;
  }

  private static final String INDENT = "        ";
  private static final String SEPARATOR = " · ";

  private static AttributedString join(List<AttributedString> parts) {
    AttributedStringBuilder b = new AttributedStringBuilder();
    for (AttributedString p : parts) {
      if (b.length() > 0) b.styled(Theme.DIM, SEPARATOR);
      b.append(p);
    }
    return b.toAttributedString();
  }

  /** One entry per exercise: "udp-echo passing 10/10", "udp-retry not started". */
  static List<AttributedString> exercises(Progress progress, List<String> ids) {
    List<AttributedString> out = new ArrayList<>();
    for (String id : ids) {
      Progress.ExerciseState st = progress.exercises.get(id);
      String status = st == null || st.status == null ? "not started" : st.status;
      AttributedStringBuilder b = new AttributedStringBuilder().append(id).append(" ")
          .styled("passing".equals(status) ? Theme.OK : "failing".equals(status) ? Theme.BAD : Theme.DIM,
              netlab.exercise.ExerciseTable.status(status));
      if (st != null && st.status != null) b.append(" " + st.score + "/" + st.max);
      out.add(b.toAttributedString());
    }
    return out;
  }
}
