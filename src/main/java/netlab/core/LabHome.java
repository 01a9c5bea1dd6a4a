package netlab.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The lab folder: lessons, exercises, solutions and hidden tests live here, and the student's
 * state in {@code .netlab/}. Every path the lab uses is derived from the root.
 */
/** {@code state} holds per-student state: progress, history, backups, caches (git-ignored). */
public record LabHome(Path root, Path state) {
  public LabHome {
    root = root.toAbsolutePath().normalize();
    state = state.toAbsolutePath().normalize();
  }

  /** A lab whose state lives in {@code root/.netlab}. */
  public LabHome(Path root) {
    this(root, root.resolve(".netlab"));
  }

  /**
   * The {@code netlab.home} system property (set by the launcher), else {@code NETLAB_HOME},
   * else the nearest folder upwards from the working directory that has {@code lessons/}.
   */
  public static LabHome locate(Map<String, String> env) {
    Path root = locateRoot(env);
    // NETLAB_STATE moves progress and history elsewhere (the launcher's CDS training run, tests)
    String state = env.get("NETLAB_STATE");
    return state != null && !state.isBlank() ? new LabHome(root, Path.of(state)) : new LabHome(root);
  }

  private static Path locateRoot(Map<String, String> env) {
    String prop = System.getProperty("netlab.home");
    if (prop != null && !prop.isBlank()) return Path.of(prop);
    String var = env.get("NETLAB_HOME");
    if (var != null && !var.isBlank()) return Path.of(var);
    Path cwd = Path.of("").toAbsolutePath();
    for (Path p = cwd; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("lessons"))) return p;
    }
    return cwd;
  }

  public Path lessons() {
    return root.resolve("lessons");
  }

  public Path exercises() {
    return root.resolve("exercises");
  }

  public Path solutions() {
    return root.resolve("solutions");
  }

  /** Hidden grading tests: {@code src/hidden/NN-id/*.java}, never shown to students. */
  public Path hiddenTests() {
    return root.resolve("src").resolve("hidden");
  }


  public Path progressFile() {
    return state().resolve("progress.json");
  }

  public Path historyFile() {
    return state().resolve("history");
  }

  /** {@code path} relative to the lab folder when it is inside it, for messages. */
  public String show(Path path) {
    Path abs = path.toAbsolutePath().normalize();
    return abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
  }
}
