package netlab.repl.commands;

import netlab.exercise.ExerciseTable;
import netlab.exercise.Exercise;
import netlab.repl.Args;
import netlab.repl.Session;

public final class ExercisesCommand extends BaseCommand {
  public ExercisesCommand() {
    super("exercises", "exercises", "list the exercises: number, id, title, status, points");
  }

  @Override
  public void execute(Session session, Args args) {
    var out = session.out();
    var catalog = session.exercises();
    for (Exercise e : catalog.exercises()) {
      out.println(ExerciseTable.row(e, session.progress().exercises.get(e.id())));
    }
    for (String p : catalog.problems()) out.warn(p);
    out.note("'check ID' runs an exercise's tests; files are in exercises/NN-id/, the task in its README.md.");
  }
}
