package netlab.repl.commands;

import java.util.List;
import netlab.core.Msg;
import netlab.lesson.Lesson;
import netlab.markdown.Wrap;
import netlab.markdown.Theme;
import netlab.repl.Args;
import netlab.repl.Session;
import org.jline.utils.AttributedStringBuilder;

public final class ProgressCommand extends BaseCommand {
  public ProgressCommand() {
    super("progress");
  }

  @Override
  public void execute(Session session, Args args) {
    var out = session.out();
    List<Lesson> lessons = session.catalog().lessons();
    long done = lessons.stream().filter(l -> session.progress().finished(l.slug())).count();
    out.println(new AttributedStringBuilder().styled(Theme.H3, head("progress.lessons"))
        .append(bar(done, lessons.size())).append("  " + Msg.get("progress.finished", done, lessons.size()))
        .toAttributedString());
    List<String> exercises = lessons.stream().flatMap(l -> l.exercises().stream()).distinct().toList();
    long passing = exercises.stream().map(session.progress().exercises::get)
        .filter(st -> st != null && "passing".equals(st.status)).count();
    if (!exercises.isEmpty()) {
      out.println(new AttributedStringBuilder().styled(Theme.H3, head("progress.exercises"))
          .append(bar(passing, exercises.size())).append("  " + Msg.get("progress.passing", passing, exercises.size()))
          .toAttributedString());
    }
    session.current().ifPresent(l -> out.println(head("progress.current") + l.id() + " " + l.title() + where(session, l)));
    lessons.stream().filter(l -> !session.progress().finished(l.slug())).findFirst()
        .ifPresent(l -> out.println(head("progress.next") + l.id() + " " + l.title() + "  " + Msg.get("progress.open", l.number())));
    if (done == lessons.size() && !lessons.isEmpty()) out.println(Msg.get("progress.all"));
    out.println();
    LessonRows.print(session, false);
    out.note(Msg.get("progress.saved", session.home().show(session.home().progressFile())));
  }

  @Override
  public String details() {
    return Msg.get("lessons.finishedMeans");
  }

  /** "  (you left it at line 120)" when the pager was left below the top. */
  private static String where(Session session, Lesson l) {
    var st = session.progress().lessons.get(l.slug());
    return st == null || st.line == null ? "" : "  " + Msg.get("progress.leftAt", st.line);
  }

  /** A row heading ("Lessons", "Up next") padded to one column, by display width. */
  private static String head(String key) {
    int col = 0;
    for (String k : HEADS) col = Math.max(col, Wrap.columns(Msg.get(k)));
    String h = Msg.get(key);
    return h + " ".repeat(col + 1 - Wrap.columns(h));
  }

  private static final String[] HEADS = {"progress.lessons", "progress.exercises", "progress.current", "progress.next"};

  static String bar(long done, long total) {
    int width = 20;
    int filled = total == 0 ? 0 : (int) Math.round(width * (double) done / total);
    return "[" + "■".repeat(filled) + "·".repeat(width - filled) + "]";
  }
}
