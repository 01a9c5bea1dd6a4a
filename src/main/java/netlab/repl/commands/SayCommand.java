package netlab.repl.commands;

import netlab.core.Msg;
import netlab.core.NetlabException;
import netlab.repl.Args;
import netlab.repl.Session;

public final class SayCommand extends BaseCommand {
  public SayCommand() {
    super("say");
  }

  @Override
  public void execute(Session session, Args args) throws NetlabException {
    if (args.isEmpty()) throw NetlabException.usage(Msg.get("say.what"));
    session.demos().input(args.rest());
  }
}
