package netlab.grade.sandbox;

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
 * no further user namespaces inside, a read-only view of only what the JVM needs, a read-only
 * {@code /proc} (so {@code /proc/self/mem} cannot be written: it would let code patch the
 * worker's memory), a small private /tmp, the worker's socket as the only thing it shares with
 * the host (read-only: connecting needs no write access to the file), all capabilities dropped,
 * death with its parent, and a seccomp filter ({@link SeccompFilter}) against reading or writing
 * another process's memory.
 */
public final class Sandbox {
  /** Size of the sandbox's private /tmp: the only place student code can write. */
  public static final long TMP_BYTES = 256L << 20;

  private Sandbox() {}

  /** Whether bwrap is installed and allowed to create namespaces here. */
  public static boolean available() {
    return runs(List.of("bwrap", "--unshare-all", "--unshare-user", "--die-with-parent", "--ro-bind", "/", "/", "true"));
  }

  /** Whether this bwrap can forbid user namespaces inside the sandbox (bubblewrap 0.8+). */
  static boolean canDisableUserns() {
    return runs(List.of("bwrap", "--unshare-all", "--unshare-user", "--disable-userns", "--ro-bind", "/", "/", "true"));
  }

  static boolean runs(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
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
   * The bwrap command that runs what follows it with {@code readOnly} paths visible (read-only),
   * the {@code socket} file bound read-only at its own path, and nothing else of the host's file
   * system. {@code seccompFd}: a file descriptor holding the seccomp program, or -1.
   */
  public static List<String> prefix(List<Path> readOnly, Path socket, boolean disableUserns, int seccompFd) {
    List<String> cmd = new ArrayList<>(List.of("bwrap", "--unshare-all", "--unshare-user"));
    if (disableUserns) cmd.add("--disable-userns");
    cmd.addAll(List.of("--die-with-parent", "--new-session", "--cap-drop", "ALL",
        "--proc", "/proc", "--remount-ro", "/proc", "--dev", "/dev"));
    if (seccompFd >= 0) cmd.addAll(List.of("--seccomp", Integer.toString(seccompFd)));
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
    for (Path p : readOnly) bind(cmd, seen, p);
    // the socket's folder on the host stays out of reach: only the socket itself is shared
    Path s = socket.toAbsolutePath().normalize();
    cmd.addAll(List.of("--ro-bind", s.toString(), s.toString()));
    cmd.addAll(List.of("--setenv", "HOME", "/tmp", "--setenv", "TMPDIR", "/tmp", "--chdir", "/tmp"));
    return cmd;
  }

  private static void bind(List<String> cmd, Set<Path> seen, Path p) {
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
      if (f.startsWith("/usr")) continue; // already visible
      if (seen.add(f)) cmd.addAll(List.of("--ro-bind", f.toString(), f.toString()));
    }
  }
}
