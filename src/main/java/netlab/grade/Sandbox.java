package netlab.grade;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A bubblewrap sandbox for one grading worker: new user, PID, network, IPC and UTS namespaces
 * (a private loopback: parallel workers never clash on ports and nothing leaves the machine),
 * a read-only view of only what the JVM needs plus the student's own files and the compiled
 * tests, a small private /tmp, all capabilities dropped, and death with its parent.
 */
public final class Sandbox {
  /** Size of the sandbox's private /tmp: the only place student code can write. */
  static final long TMP_BYTES = 256L << 20;

  private Sandbox() {}

  /** Whether bwrap is installed and allowed to create namespaces here. */
  public static boolean available() {
    try {
      Process p = new ProcessBuilder("bwrap", "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "true")
          .redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * The bwrap command that runs what follows it with {@code readOnly} paths visible (read-only)
   * and {@code writable} ones visible and writable, nothing else of the file system.
   */
  public static List<String> prefix(List<Path> readOnly, List<Path> writable) {
    List<String> cmd = new ArrayList<>(List.of("bwrap", "--unshare-all", "--die-with-parent", "--new-session",
        "--cap-drop", "ALL", "--proc", "/proc", "--dev", "/dev"));
    for (String top : List.of("/usr", "/etc")) cmd.addAll(List.of("--ro-bind", top, top));
    for (String link : List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")) {
      Path p = Path.of(link);
      try {
        if (Files.isSymbolicLink(p)) {
          cmd.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), link));
        } else if (Files.isDirectory(p)) {
          cmd.addAll(List.of("--ro-bind", link, link));
        }
      } catch (IOException ignored) {
        // not there: nothing to show
      }
    }
    cmd.addAll(List.of("--size", Long.toString(TMP_BYTES), "--tmpfs", "/tmp"));
    Set<Path> seen = new LinkedHashSet<>();
    for (Path p : readOnly) bind(cmd, seen, p, "--ro-bind");
    for (Path p : writable) bind(cmd, seen, p, "--bind");
    cmd.addAll(List.of("--setenv", "HOME", "/tmp", "--setenv", "TMPDIR", "/tmp", "--chdir", "/tmp"));
    return cmd;
  }

  private static void bind(List<String> cmd, Set<Path> seen, Path p, String how) {
    Path abs = p.toAbsolutePath().normalize();
    if (!Files.exists(abs)) return; // a class path may name jars that are not there
    List<Path> forms = new ArrayList<>(List.of(abs));
    try {
      Path real = abs.toRealPath();
      if (!real.equals(abs)) forms.add(real);
    } catch (IOException ignored) {
      // not there yet
    }
    for (Path f : forms) {
      if (f.startsWith("/usr") && how.equals("--ro-bind")) continue; // already visible
      if (seen.add(f)) cmd.addAll(List.of(how, f.toString(), f.toString()));
    }
  }

  /** What a worker JVM needs to see: its Java and its class path. */
  public static List<Path> jvmPaths() {
    List<Path> out = new ArrayList<>();
    out.add(Path.of(System.getProperty("java.home")));
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!e.isBlank()) out.add(Path.of(e));
    }
    return out;
  }
}
