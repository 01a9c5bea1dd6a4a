package netlab.repl.commands;

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
    super("check", "check [ID]", "run an exercise's hidden tests on your code (default: this lesson's exercise)");
  }

  @Override
  public String details() {
    return "Compiles your files in exercises/NN-id/ and runs the hidden tests in a separate JVM: "
        + "nothing your code does (an endless loop, System.exit, megabytes of output) can stop the lab. "
        + "Compile errors come first, then one line per test, then the score.";
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
    out.println("checking " + ex.id() + " (" + session.home().show(ex.starterDir(session.home())) + ")…", Theme.DIM);
    CheckResult r = session.grader().check(ex);
    out.lines(Feedback.lines(session.home(), r, out.width()));
    session.record(r);
    if (r.passed()) out.note("All tests pass. 'solution " + ex.id() + "' shows the reference solution to compare.");
    else if (r.compiled() && r.problems().isEmpty() && r.tampered() == null) out.note("Stuck? 'hint " + ex.id() + "' gives a hint.");
    return r;
  }
}
