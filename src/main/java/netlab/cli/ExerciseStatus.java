package netlab.cli;

import java.io.IOException;
import netlab.core.LabHome;
import netlab.grade.CheckResult;
import netlab.progress.Progress;
import netlab.progress.ProgressStore;

/** Records a check's outcome in the progress file, so 'exercises' can show it. */
final class ExerciseStatus {
  private ExerciseStatus() {}

  static void record(LabHome home, CheckResult r) {
    ProgressStore store = new ProgressStore(home.progressFile());
    ProgressStore.Loaded loaded = store.load();
    if (loaded.warning() != null) return; // never overwrite a file we could not read
    Progress p = loaded.progress();
    r.recordIn(p);
    try {
      store.save(p);
    } catch (IOException ignored) {
      // the check itself succeeded; progress is a convenience here
    }
  }
}
