package netlab.repl.commands;

import netlab.lesson.Lesson;
import netlab.markdown.Theme;
import netlab.repl.Args;
import netlab.repl.Session;
import org.jline.utils.AttributedStringBuilder;

public final class LessonsCommand extends BaseCommand {
  public LessonsCommand() {
    super("lessons", "lessons", "list the lessons: number, title, minutes, ✓ when finished");
  }

  @Override
  public void execute(Session session, Args args) {
    var out = session.out();
    var catalog = session.catalog();
    int titleWidth = catalog.lessons().stream().mapToInt(l -> l.title().length()).max().orElse(10);
    String current = session.current().map(Lesson::slug).orElse(null);
    for (Lesson l : catalog.lessons()) {
      boolean done = session.progress().finished(l.slug());
      boolean here = l.slug().equals(current);
      out.println(new AttributedStringBuilder()
          .styled(here ? Theme.PROMPT : Theme.PLAIN, here ? "▶ " : "  ")
          .styled(done ? Theme.OK : Theme.DIM, done ? "✓ " : "· ")
          .styled(Theme.H3, l.id() + "  ")
          .append(String.format("%-" + titleWidth + "s", l.title()))
          .styled(Theme.DIM, String.format("  %3d min", l.minutes()))
          .toAttributedString());
    }
    if (catalog.lessons().isEmpty()) out.note("no lessons found in " + session.home().show(catalog.dir()));
    for (var p : catalog.problems()) out.warn(p.format(session.home().root()));
    long finished = catalog.lessons().stream().filter(l -> session.progress().finished(l.slug())).count();
    out.note(finished + " of " + catalog.lessons().size() + " finished. 'lesson N' opens one.");
  }
}
