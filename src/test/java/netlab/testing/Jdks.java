package netlab.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import netlab.core.Jdk;
import netlab.core.NetlabException;

/**
 * The JDKs on this machine, for tests that run the JShell engine on a Java other than the one
 * running the tests: {@code NETLAB_TEST_JAVA} (a JDK home or java binary) when set, else the
 * Temurin 25 this project's machines have, else the newest JDK in the usual folders.
 */
public final class Jdks {
  /** Overrides the search: the JDK the tests use as "the newer Java". */
  public static final String OVERRIDE = "NETLAB_TEST_JAVA";
  static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

  private Jdks() {}

  /**
   * A JDK of at least {@code feature} for the engine, other than the lab's own when the lab's is
   * older. {@code NETLAB_TEST_JAVA} wins when set (and must name a JDK: a typo is an error, not a skip).
   */
  public static Optional<Jdk> atLeast(int feature) {
    String named = System.getenv(OVERRIDE);
    if (named != null && !named.isBlank()) {
      try {
        Jdk j = Jdk.at(Path.of(named));
        if (j.feature() < feature) throw new IllegalStateException(OVERRIDE + " names Java " + j.version() + ", older than " + feature);
        return Optional.of(j);
      } catch (NetlabException e) {
        throw new IllegalStateException(OVERRIDE + ": " + e.getMessage(), e);
      }
    }
    if (Jdk.lab().feature() >= feature) return Optional.of(Jdk.lab());
    List<Path> homes = new ArrayList<>();
    homes.add(TEMURIN_25);
    homes.addAll(installed());
    return Jdk.newest(homes, feature);
  }

  /** A JDK older than {@code feature} (the lab's own when it is), for the "too old" side of a test. */
  public static Optional<Jdk> below(int feature) {
    if (Jdk.lab().feature() < feature) return Optional.of(Jdk.lab());
    for (Path home : installed()) {
      try {
        Jdk j = Jdk.at(home);
        if (j.jshell() && j.feature() >= Jdk.FLOOR && j.feature() < feature) return Optional.of(j);
      } catch (NetlabException e) {
        // not a JDK
      }
    }
    return Optional.empty();
  }

  /** The JDK homes in Linux's and macOS's usual folders. */
  public static List<Path> installed() {
    List<Path> out = new ArrayList<>();
    for (Path root : List.of(Path.of("/usr/lib/jvm"), Path.of("/Library/Java/JavaVirtualMachines"))) {
      if (!Files.isDirectory(root)) continue;
      try (Stream<Path> s = Files.list(root)) {
        s.sorted().forEach(p -> out.add(Files.isDirectory(p.resolve("Contents/Home")) ? p.resolve("Contents/Home") : p));
      } catch (IOException e) {
        // unreadable: nothing found there
      }
    }
    return out;
  }

  /** True on a CI runner, where a missing JDK must fail the build instead of skipping. */
  public static boolean onCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }
}
