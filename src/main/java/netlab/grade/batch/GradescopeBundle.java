package netlab.grade.batch;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import netlab.core.LabHome;
import netlab.core.Msg;
import netlab.core.NetlabException;
import netlab.exercise.Exercise;
import netlab.exercise.ExerciseCatalog;
import netlab.grade.Grader;
import netlab.grade.HiddenTests;

/**
 * The zip an instructor uploads to Gradescope as a programming assignment's autograder, laid out
 * as Gradescope's autograder specification asks: {@code setup.sh} and {@code run_autograder} at
 * the root, beside {@code netlab/}, a grading lab (the built jar, the starters and every compiled
 * hidden test, instructor-only ones included; no solutions and no test sources, since a
 * submission's code runs in the same container). Gradescope unpacks it into
 * {@code /autograder/source}.
 */
public final class GradescopeBundle {
  static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwxr-xr-x");
  static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");

  private GradescopeBundle() {}

  /** Writes {@code zip}; {@code exercises} are the ones each submission is graded on. */
  public static void write(LabHome home, ExerciseCatalog catalog, Grader grader, Path jar, Path zip, List<Exercise> exercises)
      throws IOException, NetlabException {
    if (Files.exists(zip)) throw NetlabException.usage(Msg.get("batch.autograderExists", zip));
    if (!zip.getFileName().toString().endsWith(".zip")) throw NetlabException.usage(Msg.get("batch.autograderNotZip", zip));
    Path parent = zip.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path staging = Files.createTempDirectory(parent, ".autograder-");
    try {
      Release.build(home, catalog, grader, jar, staging.resolve("netlab"), true);
      String args = "--exercises " + String.join(",", exercises.stream().map(Exercise::dir).toList());
      Files.writeString(staging.resolve("setup.sh"), resource("setup.sh"), StandardCharsets.UTF_8);
      Files.writeString(staging.resolve("run_autograder"), resource("run_autograder").replace("@ARGS@", args), StandardCharsets.UTF_8);
      zip(staging, zip);
    } finally {
      HiddenTests.deleteTree(staging);
    }
  }

  static String resource(String name) throws IOException {
    try (InputStream in = GradescopeBundle.class.getResourceAsStream("/netlab/release/" + name)) {
      if (in == null) throw new IOException("the lab's jar has no " + name + " (a broken build?)");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Zips {@code dir}'s contents (not the folder itself: Gradescope looks for the scripts at the
   * root) with Unix modes, so the scripts and the launcher stay executable once unpacked. The
   * JDK's zip file system writes modes (Java 14+); ZipOutputStream cannot.
   */
  private static void zip(Path dir, Path zip) throws IOException {
    URI uri = URI.create("jar:" + zip.toAbsolutePath().toUri());
    try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of("create", "true", "enablePosixFileAttributes", "true"));
        Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all.sorted()::iterator) {
        if (p.equals(dir)) continue;
        Path target = fs.getPath("/", dir.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
          Files.setPosixFilePermissions(target, EXECUTABLE);
        } else {
          Files.copy(p, target);
          String name = p.getFileName().toString();
          boolean script = name.equals("setup.sh") || name.equals("run_autograder") || name.equals("netlab");
          Files.setPosixFilePermissions(target, script ? EXECUTABLE : READABLE);
        }
      }
    }
  }
}
