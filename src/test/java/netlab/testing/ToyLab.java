package netlab.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A lab with one tiny exercise (adder: {@code Adder.add(a, b)}), for the grader's tests: hostile
 * student code is written over its starter, and the verdicts are checked.
 */
public final class ToyLab {
  private ToyLab() {}

  public static Path create(Path dir) throws IOException {
    LabRun.copyTree(LabRun.repo().resolve("src/test/resources/fixtures/toylab"), dir);
    return dir;
  }

  /** Replaces the student's Adder.java with a class whose add method has {@code body}. */
  public static void studentAdd(Path lab, String body) throws IOException {
    student(lab, "public final class Adder {\n  public static int add(int a, int b) {\n" + body + "\n  }\n}\n");
  }

  public static void student(Path lab, String source) throws IOException {
    Files.writeString(lab.resolve("exercises/01-adder/Adder.java"), source);
  }

  /**
   * Puts the built lab's jar and launcher into {@code lab}, as {@code release} needs them; the
   * test is skipped (not failed) where the jar was not built first ({@code .ci/run} builds it).
   */
  public static void installBuiltLab(Path lab) throws IOException {
    Path jar = LabRun.repo().resolve("target/netlab.jar");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(jar),
        "needs the built lab (./netlab --version; .ci/run builds it first)");
    Files.createDirectories(lab.resolve("target"));
    Files.copy(jar, lab.resolve("target/netlab.jar"));
    Files.copy(LabRun.repo().resolve("netlab"), lab.resolve("netlab"));
  }

  public static void solve(Path lab) throws IOException {
    Files.copy(lab.resolve("solutions/01-adder/Adder.java"), lab.resolve("exercises/01-adder/Adder.java"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
