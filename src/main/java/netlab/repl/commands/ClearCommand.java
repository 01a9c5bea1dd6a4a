package netlab.repl.commands;

import netlab.repl.Args;
import netlab.repl.Session;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp;

public final class ClearCommand extends BaseCommand {
  public ClearCommand() {
    super("clear");
  }

  @Override
  public void execute(Session session, Args args) {
    // plain output (a pipe, TERM=dumb, NO_COLOR) has no screen to clear, and no escape codes
    Terminal t = session.terminal();
    if (!session.interactive() || t == null) return;
    session.out().writer().flush();
    if (t.puts(InfoCmp.Capability.clear_screen)) t.flush();
  }
}
