package netlab.repl.commands;

import netlab.core.NetlabException;
import netlab.repl.Args;
import netlab.repl.Session;

public final class SayCommand extends BaseCommand {
  public SayCommand() {
    super("say", "say TEXT", "send a line to the running demo (a chat message, a regex to try)");
  }

  @Override
  public void execute(Session session, Args args) throws NetlabException {
    if (args.isEmpty()) throw NetlabException.usage("say what? e.g. 'say hello'");
    session.demos().input(args.rest());
  }
}
