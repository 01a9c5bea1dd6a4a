package netlab.repl.commands;

import netlab.core.Msg;
import netlab.core.NetlabException;
import netlab.lesson.Lesson;
import netlab.repl.Args;
import netlab.repl.Session;

public final class NextCommand extends BaseCommand {
  public NextCommand() {
    super("next", "n");
  }

  @Override
  public void execute(Session session, Args args) throws NetlabException {
    var catalog = session.catalog();
    Lesson current = session.current().orElse(null);
    if (current == null) {
      session.open(catalog.lessons().stream().findFirst()
          .orElseThrow(() -> NetlabException.usage(Msg.get("lesson.none"))));
      return;
    }
    Lesson next = catalog.next(current).orElse(null);
    if (next == null) {
      session.out().wrapped(new org.jline.utils.AttributedString(Msg.get("next.last")));
      return;
    }
    session.open(next);
  }
}
