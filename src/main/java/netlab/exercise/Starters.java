package netlab.exercise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import netlab.core.LabHome;

/**
 * Pristine copies of the starters, so 'reset' can restore one. Students edit the files in
 * exercises/ directly, so the lab copies each exercise's files into {@code .netlab/starters/}
 * the first time it sees them (normally the first start, before any editing) and never again.
 * A student kit may ship them in {@code starters/} instead, which is preferred.
 */
public final class Starters {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private Starters() {}

  static Path snapshotDir(LabHome home, Exercise ex) {
    return home.state().resolve("starters").resolve(ex.dir());
  }

  static Path shippedDir(LabHome home, Exercise ex) {
    return home.root().resolve("starters").resolve(ex.dir());
  }

  /** Where the pristine starter of {@code ex} is, or null if none is known. */
  public static Path pristine(LabHome home, Exercise ex) {
    Path shipped = shippedDir(home, ex);
    if (Files.isDirectory(shipped)) return shipped;
    Path snap = snapshotDir(home, ex);
    return Files.isDirectory(snap) ? snap : null;
  }

  /** Copies every exercise not yet copied; cheap when all are. */
  public static void snapshotAll(LabHome home, List<Exercise> exercises) {
    for (Exercise ex : exercises) {
      if (Files.isDirectory(shippedDir(home, ex)) || Files.isDirectory(snapshotDir(home, ex))) continue;
      if (!ex.starterFiles(home).stream().allMatch(Files::isRegularFile)) continue;
      try {
        Path tmp = Files.createDirectories(home.state().resolve("starters")).resolve(ex.dir() + ".tmp");
        Files.createDirectories(tmp);
        for (String f : ex.files()) {
          Files.copy(ex.starterDir(home).resolve(f), tmp.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(tmp, snapshotDir(home, ex), StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException ignored) {
        // no snapshot: reset will say so; nothing else depends on it
      }
    }
  }

  /**
   * Restores the starter files of {@code ex}; the student's current files are moved to
   * {@code .netlab/backups/NN-id-TIME/} first. Returns the backup folder (null if nothing was
   * there to back up).
   */
  public static Path reset(LabHome home, Exercise ex) throws IOException {
    Path source = pristine(home, ex);
    if (source == null) throw new IOException("no pristine copy of the " + ex.id() + " starter is known");
    Path dir = Files.createDirectories(ex.starterDir(home));
    List<Path> existing = new ArrayList<>();
    for (String f : ex.files()) {
      if (Files.exists(dir.resolve(f))) existing.add(dir.resolve(f));
    }
    Path backup = null;
    if (!existing.isEmpty()) {
      backup = home.state().resolve("backups").resolve(ex.dir() + "-" + ZonedDateTime.now(ZoneOffset.UTC).format(STAMP));
      Files.createDirectories(backup);
      for (Path p : existing) Files.copy(p, backup.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
    for (String f : ex.files()) {
      Path tmp = dir.resolve("." + f + ".reset");
      Files.copy(source.resolve(f), tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmp, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    return backup;
  }
}
