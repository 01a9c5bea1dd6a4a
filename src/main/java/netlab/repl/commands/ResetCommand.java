package netlab.repl.commands;

import netlab.core.Msg;
import java.io.IOException;
import java.nio.file.Path;
import netlab.core.ExitCode;
import netlab.core.NetlabException;
import netlab.exercise.Exercise;
import netlab.exercise.Starters;
import netlab.repl.Args;
import netlab.repl.Session;
import org.jline.reader.Completer;

public final class ResetCommand extends BaseCommand {
  public ResetCommand() {
    super("reset");
  }

  @Override
  public Completer completer(Session session) {
    return new ExerciseCompleter(session);
  }

  @Override
  public void execute(Session session, Args args) throws NetlabException {
    if (args.isEmpty()) throw NetlabException.usage(Msg.get("reset.which"));
    Exercise ex = session.exercise(args);
    try {
      Path backup = Starters.reset(session.home(), ex);
      var st = session.progress().exercises.get(ex.id());
      if (st != null) {
        st.status = null; // back to "not started"; the hints already seen stay seen
        st.score = 0;
        session.saveProgress();
      }
      session.out().println(Msg.get("reset.done", ex.id(), session.home().show(ex.starterDir(session.home()))));
      if (backup != null) session.out().note(Msg.get("reset.backup", session.home().show(backup)));
    } catch (IOException e) {
      throw new NetlabException(ExitCode.ENVIRONMENT, Msg.get("reset.failed", ex.id(), e.getMessage()));
    }
  }
}
