package netlab.repl.commands;

import netlab.core.Msg;
import netlab.repl.Args;
import netlab.repl.Session;

public final class LessonsCommand extends BaseCommand {
  public LessonsCommand() {
    super("lessons");
  }

  @Override
  public String details() {
    return Msg.get("lessons.finishedMeans");
  }

  @Override
  public void execute(Session session, Args args) {
    var out = session.out();
    var catalog = session.catalog();
    LessonRows.print(session, true);
    if (catalog.lessons().isEmpty()) out.note(Msg.get("lessons.none", session.home().show(catalog.dir())));
    for (var p : catalog.problems()) out.warn(p.format(session.home().root()));
    long finished = catalog.lessons().stream().filter(l -> session.progress().finished(l.slug())).count();
    out.note(Msg.get("lessons.summary", finished, catalog.lessons().size()));
  }
}
