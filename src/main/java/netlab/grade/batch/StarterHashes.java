package netlab.grade.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import netlab.core.LabHome;
import netlab.exercise.Exercise;
import netlab.exercise.Starters;

/** Fingerprints of the unchanged starters: many students submitting one is not copying. */
public final class StarterHashes {
  private StarterHashes() {}

  public static Map<String, String> of(LabHome home, List<Exercise> exercises) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (Exercise ex : exercises) {
      Path dir = Starters.pristine(home, ex) != null ? Starters.pristine(home, ex) : ex.starterDir(home);
      List<Path> files = ex.files().stream().map(dir::resolve).filter(Files::isRegularFile).toList();
      if (files.size() == ex.files().size()) out.put(ex.dir(), Normalized.hash(files));
    }
    return out;
  }
}
