package netlab.cli;

import java.util.concurrent.Callable;
import netlab.exercise.Exercise;
import netlab.exercise.ExerciseCatalog;
import netlab.progress.Progress;
import netlab.progress.ProgressStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "exercises")
final class ExercisesSubcommand implements Callable<Integer> {
  @ParentCommand
  TopCommand top;

  @Override
  public Integer call() {
    var home = top.cli().home();
    var printer = top.cli().printer();
    ExerciseCatalog catalog = ExerciseCatalog.load(home);
    Progress progress = new ProgressStore(home.progressFile()).load().progress();
    for (Exercise e : catalog.exercises()) {
      printer.println(netlab.exercise.ExerciseTable.row(e, progress.exercises.get(e.id())));
    }
    for (String p : catalog.problems()) printer.warn(p);
    return catalog.problems().isEmpty() ? 0 : 1;
  }
}
