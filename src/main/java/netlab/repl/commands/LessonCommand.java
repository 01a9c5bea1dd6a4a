package netlab.repl.commands;

import netlab.core.Msg;
import netlab.core.NetlabException;
import netlab.lesson.LessonCatalog;
import netlab.repl.Args;
import netlab.repl.Session;
import org.jline.reader.Completer;

public final class LessonCommand extends BaseCommand {
  public LessonCommand() {
    super("lesson", "open");
  }

  @Override
  public Completer completer(Session session) {
    return new LessonCompleter(session);
  }

  @Override
  public void execute(Session session, Args args) throws NetlabException {
    if (args.isEmpty()) {
      var lesson = session.current().or(() -> session.catalog().lessons().stream().findFirst())
          .orElseThrow(() -> NetlabException.usage(Msg.get("lesson.none")));
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
