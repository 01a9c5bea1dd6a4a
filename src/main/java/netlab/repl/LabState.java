package netlab.repl;

import netlab.core.LabHome;
import netlab.lesson.LessonCatalog;
import netlab.progress.ProgressStore;

/**
 * What a session reads from disk before the first prompt: the lesson catalog and the progress.
 * Loaded on a second thread while the terminal is being set up, since neither needs the other.
 */
public record LabState(LessonCatalog catalog, ProgressStore store, ProgressStore.Loaded progress) {
  public static LabState load(LabHome home) {
    ProgressStore store = new ProgressStore(home.progressFile());
    return new LabState(LessonCatalog.load(home.lessons()), store, store.load());
  }
}
