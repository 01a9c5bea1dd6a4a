package netlab.repl.commands;

import netlab.core.Msg;
import netlab.core.NetlabException;
import netlab.lesson.Lesson;
import netlab.repl.Args;
import netlab.repl.Session;

public final class PrevCommand extends BaseCommand {
  public PrevCommand() {
    super("prev", "p");
  }

  @Override
  public void execute(Session session, Args args) throws NetlabException {
    Lesson current = session.current()
        .orElseThrow(() -> NetlabException.usage(Msg.get("prev.none")));
    Lesson prev = session.catalog().previous(current)
        .orElseThrow(() -> NetlabException.usage(Msg.get("prev.first")));
    session.open(prev);
  }
}
