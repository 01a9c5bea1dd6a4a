package netlab.core;

import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A JDK on this machine: its home, its {@code java} binary and its version. The version of a JDK
 * other than the lab's own is read from the {@code release} file in its home (the line
 * {@code JAVA_VERSION="25.0.3"}), never by starting it: {@code java -version} costs a JVM start.
 *
 * <p>The lab's JShell engine runs on {@link #forSnippets the JDK {@code NETLAB_JAVA} names}, so a
 * lab that itself runs on 17 can still run the lessons' Java 21+ snippets.
 */
public record Jdk(Path home, Path java, String version, int feature, boolean jshell) {
  /** The environment variable naming the JShell engine's JDK: a JDK home or its java binary. */
  public static final String ENGINE_VARIABLE = "NETLAB_JAVA";
  /** The oldest Java the lab's own classes run on (they are compiled for 17). */
  public static final int FLOOR = 17;

  private static final Jdk LAB = new Jdk(Path.of(System.getProperty("java.home")).toAbsolutePath().normalize(),
      Path.of(System.getProperty("java.home"), "bin", binaryName()).toAbsolutePath().normalize(),
      System.getProperty("java.version"), Runtime.version().feature(),
      ModuleFinder.ofSystem().find("jdk.jshell").isPresent());

  /** The JDK the lab itself runs on. */
  public static Jdk lab() {
    return LAB;
  }

  public boolean isLab() {
    return java.equals(LAB.java);
  }

  /**
   * The JShell engine's JDK: the one {@code NETLAB_JAVA} in {@code env} names, else the lab's own.
   * A {@code NETLAB_JAVA} that names no usable JDK is a {@link Choice#problem() problem} to show,
   * and the lab's own JDK is used instead.
   */
  public static Choice forSnippets(Map<String, String> env) {
    String named = env.get(ENGINE_VARIABLE);
    if (named == null || named.isBlank()) return new Choice(LAB, null);
    try {
      Jdk jdk = at(Path.of(named.strip()));
      if (jdk.feature < FLOOR) {
        return new Choice(LAB, Msg.get("engine.tooOld", ENGINE_VARIABLE, jdk.version, named.strip(), FLOOR, LAB.feature));
      }
      if (!jdk.jshell) {
        return new Choice(LAB, Msg.get("engine.noJShell", ENGINE_VARIABLE, named.strip(), LAB.feature));
      }
      return new Choice(jdk, null);
    } catch (NetlabException e) {
      return new Choice(LAB, Msg.get("engine.fallback", e.getMessage(), LAB.feature));
    }
  }

  /** Which JDK was chosen, and why not the one asked for (null when it was used). */
  public record Choice(Jdk jdk, String problem) {
    /** The lab's own JDK, nothing asked for. */
    public static Choice lab() {
      return new Choice(LAB, null);
    }
  }

  /**
   * The JDK at {@code path}: a JDK home, or a {@code java} binary (a symlink such as
   * {@code /usr/bin/java} is followed to its home). Throws when there is no java or no version.
   */
  public static Jdk at(Path path) throws NetlabException {
    Path p = path.toAbsolutePath().normalize();
    Path java;
    if (Files.isDirectory(p)) {
      java = p.resolve("bin").resolve(binaryName());
    } else {
      java = p;
    }
    if (!Files.isRegularFile(java) || !Files.isExecutable(java)) {
      throw new NetlabException(ExitCode.ENVIRONMENT, Msg.get("engine.notJdk", ENGINE_VARIABLE, path));
    }
    Path real;
    try {
      real = java.toRealPath();
    } catch (IOException e) {
      real = java;
    }
    Path home = real.getParent() == null || real.getParent().getParent() == null ? null : real.getParent().getParent();
    if (home != null && home.equals(LAB.home)) return LAB;
    Path release = home == null ? null : home.resolve("release");
    Map<String, String> fields = home == null ? Map.of() : releaseFields(release);
    String version = fields.get("JAVA_VERSION");
    if (version == null) {
      throw new NetlabException(ExitCode.ENVIRONMENT, release == null ? Msg.get("engine.noVersion", path)
          : Msg.get("engine.noVersionIn", path, release));
    }
    String modules = fields.getOrDefault("MODULES", "");
    boolean jshell = Arrays.asList(modules.split("\\s+")).contains("jdk.jshell");
    return new Jdk(home, real, version, feature(version), jshell);
  }

  /** The feature release of a version string: 17 for "17.0.15", 8 for "1.8.0_412". */
  public static int feature(String version) {
    String v = version.startsWith("1.") ? version.substring(2) : version;
    int end = 0;
    while (end < v.length() && Character.isDigit(v.charAt(end))) end++;
    return end == 0 ? 0 : Integer.parseInt(v.substring(0, end));
  }

  /** The feature release of the JDK whose binary is {@code java}, without starting it; 0 if unknown. */
  public static int featureOf(Path java) {
    if (java.toAbsolutePath().normalize().equals(LAB.java)) return LAB.feature;
    try {
      return at(java).feature;
    } catch (NetlabException e) {
      return 0;
    }
  }

  /** The home of the JDK whose binary is {@code java}. */
  public static Path homeOf(Path java) {
    if (java.toAbsolutePath().normalize().equals(LAB.java)) return LAB.home;
    try {
      return at(java).home;
    } catch (NetlabException e) {
      return java.toAbsolutePath().getParent().getParent();
    }
  }

  /** The {@code KEY="value"} lines of a JDK's release file; empty when it cannot be read. */
  static Map<String, String> releaseFields(Path release) {
    Map<String, String> out = new HashMap<>();
    try {
      for (String line : Files.readAllLines(release)) {
        int eq = line.indexOf('=');
        if (eq <= 0) continue;
        String value = line.substring(eq + 1).strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) value = value.substring(1, value.length() - 1);
        out.put(line.substring(0, eq).strip(), value);
      }
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
    return out;
  }

  /** Looks for a JDK in {@code candidates} homes with at least {@code minFeature}: the newest wins. */
  public static Optional<Jdk> newest(Iterable<Path> candidates, int minFeature) {
    Jdk best = null;
    for (Path c : candidates) {
      try {
        Jdk j = at(c);
        if (j.jshell && j.feature >= minFeature && (best == null || j.feature > best.feature)) best = j;
      } catch (NetlabException e) {
        // not a JDK: look further
      }
    }
    return Optional.ofNullable(best);
  }

  /** "Java 25.0.3 (/usr/lib/jvm/temurin-25-jdk-amd64)", or "Java 17.0.15 (the lab's own)". */
  public String describe() {
    return "Java " + version + " " + (isLab() ? Msg.get("engine.labs") : Msg.get("engine.home", home));
  }

  private static String binaryName() {
    return System.getProperty("os.name", "").toLowerCase().contains("win") ? "java.exe" : "java";
  }
}
