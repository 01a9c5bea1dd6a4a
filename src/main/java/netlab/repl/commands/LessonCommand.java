package netlab.repl.commands;

import netlab.core.NetlabException;
import netlab.lesson.LessonCatalog;
import netlab.repl.Args;
import netlab.repl.Session;
import org.jline.reader.Completer;

public final class LessonCommand extends BaseCommand {
  public LessonCommand() {
    super("lesson", "lesson N|NAME", "open a lesson by number or name (a prefix will do: 'lesson udp')", "open");
  }

  @Override
  public String details() {
    return "Shows the lesson in the pager: space and arrows scroll, / searches, q returns to the prompt.\n"
        + "A prefix or word that several lessons share opens the first in course order and names the others.\n"
        + "Without an argument, reopens the current lesson.";
  }

  @Override
  public Completer completer(Session session) {
    return new LessonCompleter(session);
  }

  @Override
  public void execute(Session session, Args args) throws NetlabException {
    if (args.isEmpty()) {
      var lesson = session.current().or(() -> session.catalog().lessons().stream().findFirst())
          .orElseThrow(() -> NetlabException.usage("there are no lessons to open"));
      session.open(lesson);
      return;
    }
    try {
      var match = session.catalog().lookup(args.rest());
      session.open(match.lesson());
      // after the lesson, so that it is beside the prompt once the pager closes
      match.note().ifPresent(session.out()::note);
    } catch (LessonCatalog.LessonNotFound e) {
      throw NetlabException.usage(e.getMessage());
    }
  }
}
