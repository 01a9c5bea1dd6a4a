package netlab.repl.commands;

import java.util.List;
import netlab.lesson.Lesson;
import netlab.markdown.Theme;
import netlab.repl.Args;
import netlab.repl.Session;
import org.jline.utils.AttributedStringBuilder;

public final class ProgressCommand extends BaseCommand {
  public ProgressCommand() {
    super("progress", "progress", "how far you are: lessons finished, where you are");
  }

  @Override
  public void execute(Session session, Args args) {
    var out = session.out();
    List<Lesson> lessons = session.catalog().lessons();
    long done = lessons.stream().filter(l -> session.progress().finished(l.slug())).count();
    out.println(new AttributedStringBuilder().styled(Theme.H3, "Lessons   ")
        .append(bar(done, lessons.size())).append(String.format("  %d of %d finished", done, lessons.size()))
        .toAttributedString());
    session.current().ifPresent(l -> out.println("Current   " + l.id() + " " + l.title()));
    lessons.stream().filter(l -> !session.progress().finished(l.slug())).findFirst()
        .ifPresent(l -> out.println("Up next   " + l.id() + " " + l.title() + "  ('lesson " + l.number() + "')"));
    if (done == lessons.size() && !lessons.isEmpty()) out.println("Every lesson finished.");
    out.note("saved in " + session.home().show(session.home().progressFile()));
  }

  static String bar(long done, long total) {
    int width = 20;
    int filled = total == 0 ? 0 : (int) Math.round(width * (double) done / total);
    return "[" + "■".repeat(filled) + "·".repeat(width - filled) + "]";
  }
}
