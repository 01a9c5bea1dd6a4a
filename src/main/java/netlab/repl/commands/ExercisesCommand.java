package netlab.repl.commands;

import netlab.core.Msg;
import netlab.exercise.ExerciseTable;
import netlab.exercise.Exercise;
import netlab.repl.Args;
import netlab.repl.Session;

public final class ExercisesCommand extends BaseCommand {
  public ExercisesCommand() {
    super("exercises");
  }

  @Override
  public void execute(Session session, Args args) {
    var out = session.out();
    var catalog = session.exercises();
    for (Exercise e : catalog.exercises()) {
      out.println(ExerciseTable.row(e, session.progress().exercises.get(e.id())));
    }
    for (String p : catalog.problems()) out.warn(p);
    out.note(Msg.get("exercises.note"));
  }
}
