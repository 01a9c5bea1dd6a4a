package netlab.repl.commands;

import netlab.repl.Args;
import netlab.repl.Session;

public final class LessonsCommand extends BaseCommand {
  public LessonsCommand() {
    super("lessons", "lessons", "list the lessons: number, title, minutes, ✓ when finished, exercise status and score");
  }

  @Override
  public String details() {
    return FINISHED;
  }

  /** What ✓ means, for 'help lessons' and 'help progress'. */
  static final String FINISHED = "A lesson is finished (✓) when you have reached its end in the pager, or run every one of "
      + "its snippets ('run'). Beside it: its exercises, each not started, failing or passing, with the score of "
      + "the last 'check'.";

  @Override
  public void execute(Session session, Args args) {
    var out = session.out();
    var catalog = session.catalog();
    LessonRows.print(session, true);
    if (catalog.lessons().isEmpty()) out.note("no lessons found in " + session.home().show(catalog.dir()));
    for (var p : catalog.problems()) out.warn(p.format(session.home().root()));
    long finished = catalog.lessons().stream().filter(l -> session.progress().finished(l.slug())).count();
    out.note(finished + " of " + catalog.lessons().size() + " finished. 'lesson N' opens one.");
  }
}
