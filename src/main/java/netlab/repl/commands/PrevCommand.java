package netlab.repl.commands;

import netlab.core.NetlabException;
import netlab.lesson.Lesson;
import netlab.repl.Args;
import netlab.repl.Session;

public final class PrevCommand extends BaseCommand {
  public PrevCommand() {
    super("prev", "prev", "open the previous lesson", "p");
  }

  @Override
  public void execute(Session session, Args args) throws NetlabException {
    Lesson current = session.current()
        .orElseThrow(() -> NetlabException.usage("no lesson open yet; try 'lesson 1'"));
    Lesson prev = session.catalog().previous(current)
        .orElseThrow(() -> NetlabException.usage("this is the first lesson; 'next' goes forward"));
    session.open(prev);
  }
}
