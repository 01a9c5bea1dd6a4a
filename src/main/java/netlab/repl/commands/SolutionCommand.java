package netlab.repl.commands;

import netlab.core.Msg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import netlab.core.ExitCode;
import netlab.core.NetlabException;
import netlab.exercise.Exercise;
import netlab.markdown.TerminalRenderer;
import netlab.repl.Args;
import netlab.repl.Session;
import org.jline.reader.Completer;

public final class SolutionCommand extends BaseCommand {
  public SolutionCommand() {
    super("solution");
  }

  @Override
  public Completer completer(Session session) {
    return new ExerciseCompleter(session);
  }

  @Override
  public void execute(Session session, Args args) throws NetlabException {
    Exercise ex = session.exercise(args);
    var st = session.progress().exercises.get(ex.id());
    if (st == null || !"passing".equals(st.status)) {
      String now = st == null || st.status == null ? Msg.get("solution.unchecked") : Msg.get("solution.now", st.score, st.max);
      throw NetlabException.usage(Msg.get("solution.first", ex.id(), now));
    }
    StringBuilder md = new StringBuilder("## " + Msg.get("solution.title", ex.localTitle()) + "\n\n");
    for (Path f : ex.solutionFiles(session.home())) {
      try {
        md.append("### ").append(f.getFileName()).append("\n\n```java\n").append(Files.readString(f)).append("\n```\n\n");
      } catch (IOException e) {
        throw new NetlabException(ExitCode.ENVIRONMENT, Msg.get("solution.missing", session.home().show(f)));
      }
    }
    session.page(TerminalRenderer.render(md.toString(), session.out().width()));
  }
}
