package netlab.repl.commands;

import netlab.core.Msg;
import netlab.core.NetlabException;
import netlab.exercise.Exercise;
import netlab.grade.CheckResult;
import netlab.grade.Feedback;
import netlab.markdown.Theme;
import netlab.repl.Args;
import netlab.repl.Session;
import org.jline.reader.Completer;

public final class CheckCommand extends BaseCommand {
  public CheckCommand() {
    super("check");
  }

  @Override
  public Completer completer(Session session) {
    return new ExerciseCompleter(session);
  }

  @Override
  public void execute(Session session, Args args) throws NetlabException {
    Exercise ex = session.exercise(args);
    run(session, ex);
  }

  static CheckResult run(Session session, Exercise ex) throws NetlabException {
    var out = session.out();
    out.println(Msg.get("check.checking", ex.id(), session.home().show(ex.starterDir(session.home()))), Theme.DIM);
    CheckResult r = session.grader().check(ex);
    out.lines(Feedback.lines(session.home(), r, out.width()));
    session.record(r);
    if (r.passed()) out.note(Msg.get("check.pass", ex.id()));
    else if (r.compiled() && r.problems().isEmpty() && r.tampered() == null) out.note(Msg.get("check.stuck", ex.id()));
    return r;
  }
}
