package netlab.grade.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
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
 * The student kit: lessons, exercise starters (and a pristine copy of them for 'reset'), the
 * built lab, the hidden tests compiled (never their sources), a student README, and the
 * launcher. No solutions and no test sources. Runs without Maven: the jar is prebuilt.
 */
public final class Release {
  private Release() {}

  public static void build(LabHome home, ExerciseCatalog catalog, Grader grader, Path jar, Path out)
      throws IOException, NetlabException {
    build(home, catalog, grader, jar, out, false);
  }

  /**
   * The kit; with {@code instructorTests}, a grading lab instead (for an autograder the students
   * never see): the instructor-only tests are kept, compiled like the rest.
   */
  public static void build(LabHome home, ExerciseCatalog catalog, Grader grader, Path jar, Path out,
      boolean instructorTests) throws IOException, NetlabException {
    if (Files.exists(out) && !isEmpty(out)) {
      throw NetlabException.usage(Msg.get("batch.kitExists", out));
    }
    Files.createDirectories(out);
    copyTree(home.lessons(), out.resolve("lessons"), p -> p.toString().endsWith(".md"));
    Files.createDirectories(out.resolve("exercises"));
    Files.copy(home.exercises().resolve(ExerciseCatalog.FILE), out.resolve("exercises").resolve(ExerciseCatalog.FILE));
    for (Exercise ex : catalog.exercises()) {
      Path starter = ex.starterDir(home);
      copyTree(starter, out.resolve("exercises").resolve(ex.dir()), p -> true);
      copyTree(starter, out.resolve("starters").resolve(ex.dir()), p -> p.toString().endsWith(".java"));
      HiddenTests.Prepared prepared = grader.prepare(ex);
      // class files and the index only: the tests' sources (and, in a kit, the instructor-only tests) stay with the instructor
      if (instructorTests) {
        HiddenTests.copyAll(prepared.classes(), out.resolve("hidden").resolve(ex.dir()));
      } else {
        HiddenTests.copyForStudents(prepared.classes(), out.resolve("hidden").resolve(ex.dir()));
      }
    }
    Files.createDirectories(out.resolve("target"));
    Files.copy(jar, out.resolve("target").resolve("netlab.jar"), StandardCopyOption.REPLACE_EXISTING);
    Path launcher = out.resolve("netlab");
    Files.copy(home.root().resolve("netlab"), launcher, StandardCopyOption.REPLACE_EXISTING);
    try {
      Files.setPosixFilePermissions(launcher, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE));
    } catch (UnsupportedOperationException ignored) {
      // not a POSIX file system: the student runs 'sh netlab'
    }
    Files.writeString(out.resolve("README.md"), readme(catalog.exercises()), StandardCharsets.UTF_8);
    Files.writeString(out.resolve(".gitignore"), ".netlab/\n*.jsa\nsubmission-*.zip\n");
  }

  static String readme(List<Exercise> exercises) {
    StringBuilder b = new StringBuilder("""
        # NetLab: network programming in Java

        ## Start

        ```sh
        ./netlab
        ```

        You need a JDK 17 or newer (`java -version` says 17 or more; Debian/Ubuntu:
        `sudo apt install openjdk-17-jdk`). Nothing else: the lab is already built.

        In the lab, `help` lists the commands. Read a lesson with `lesson 1`, try its code with
        `run`, watch it happen with `demo`, and solve the exercises:

        1. edit the files in `exercises/NN-id/` (each folder's `README.md` says what to build);
        2. `check ID` runs the hidden tests on your code (`hint ID` helps, `watch ID` re-checks on save);
        3. when you are done, `submit` packs every exercise you worked on into `submission-YOUR-ID.zip`
           (the first time it asks for your student id; `submit ID` packs one exercise): hand that in.

        `reset ID` restores an exercise's starter (your files are kept in `.netlab/backups/`).
        Your progress is in `.netlab/`.

        ## Exercises

        """);
    for (Exercise e : exercises) {
      b.append("- `").append(e.dir()).append("` ").append(e.title()).append(" (").append(e.points()).append(" points): ")
          .append(e.summary()).append('\n');
    }
    return b.toString();
  }

  private static boolean isEmpty(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return false;
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  private static void copyTree(Path from, Path to, java.util.function.Predicate<Path> keep) throws IOException {
    if (!Files.isDirectory(from)) return;
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (keep.test(p)) {
          Files.createDirectories(target.getParent());
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
