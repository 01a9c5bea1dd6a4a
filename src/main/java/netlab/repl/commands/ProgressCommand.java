package netlab.repl.commands;

import java.util.List;
import netlab.lesson.Lesson;
import netlab.markdown.Theme;
import netlab.repl.Args;
import netlab.repl.Session;
import org.jline.utils.AttributedStringBuilder;

public final class ProgressCommand extends BaseCommand {
  public ProgressCommand() {
    super("progress", "progress", "how far you are: lessons finished, exercises passing, where you are");
  }

  @Override
  public void execute(Session session, Args args) {
    var out = session.out();
    List<Lesson> lessons = session.catalog().lessons();
    long done = lessons.stream().filter(l -> session.progress().finished(l.slug())).count();
    out.println(new AttributedStringBuilder().styled(Theme.H3, "Lessons   ")
        .append(bar(done, lessons.size())).append(String.format("  %d of %d finished", done, lessons.size()))
        .toAttributedString());
    List<String> exercises = lessons.stream().flatMap(l -> l.exercises().stream()).distinct().toList();
    long passing = exercises.stream().map(session.progress().exercises::get)
        .filter(st -> st != null && "passing".equals(st.status)).count();
    if (!exercises.isEmpty()) {
      out.println(new AttributedStringBuilder().styled(Theme.H3, "Exercises ")
          .append(bar(passing, exercises.size())).append(String.format("  %d of %d passing", passing, exercises.size()))
          .toAttributedString());
    }
    session.current().ifPresent(l -> out.println("Current   " + l.id() + " " + l.title() + where(session, l)));
    lessons.stream().filter(l -> !session.progress().finished(l.slug())).findFirst()
        .ifPresent(l -> out.println("Up next   " + l.id() + " " + l.title() + "  ('lesson " + l.number() + "')"));
    if (done == lessons.size() && !lessons.isEmpty()) out.println("Every lesson finished.");
    out.println();
    LessonRows.print(session, false);
    out.note("saved in " + session.home().show(session.home().progressFile()));
  }

  @Override
  public String details() {
    return LessonsCommand.FINISHED;
  }

  /** "  (you left it at line 120)" when the pager was left below the top. */
  private static String where(Session session, Lesson l) {
    var st = session.progress().lessons.get(l.slug());
    return st == null || st.line == null ? "" : "  (you left it at line " + st.line + ")";
  }

  static String bar(long done, long total) {
    int width = 20;
    int filled = total == 0 ? 0 : (int) Math.round(width * (double) done / total);
    return "[" + "■".repeat(filled) + "·".repeat(width - filled) + "]";
  }
}
