package netlab.repl.commands;

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
    super("solution", "solution ID", "the reference solution, once your code passes every test");
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
      String now = st == null || st.status == null ? "not checked yet" : "now " + st.score + "/" + st.max;
      throw NetlabException.usage("solve it first: 'check " + ex.id() + "' must pass every test (" + now + ")");
    }
    StringBuilder md = new StringBuilder("## Reference solution: " + ex.title() + "\n\n");
    for (Path f : ex.solutionFiles(session.home())) {
      try {
        md.append("### ").append(f.getFileName()).append("\n\n```java\n").append(Files.readString(f)).append("\n```\n\n");
      } catch (IOException e) {
        throw new NetlabException(ExitCode.ENVIRONMENT, "the solution is not available in this lab ("
            + session.home().show(f) + ")");
      }
    }
    session.page(TerminalRenderer.render(md.toString(), session.out().width()));
  }
}
