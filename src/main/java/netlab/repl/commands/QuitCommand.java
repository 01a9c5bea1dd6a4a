package netlab.repl.commands;

import netlab.repl.Args;
import netlab.repl.Session;

public final class QuitCommand extends BaseCommand {
  public QuitCommand() {
    super("quit", "exit");
  }

  @Override
  public void execute(Session session, Args args) {
    session.requestQuit();
  }
}
