package netlab.grade.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything that confines a batch-grading worker, decided once per run from what this machine
 * offers: the bubblewrap sandbox, a memory cap for the whole process (a cgroup where one can be
 * written, else {@code prlimit --as}), a process cap (a cgroup, else {@code RLIMIT_NPROC} for an
 * unprivileged user: root is exempt from it, so a root grader runs the sandbox as
 * {@code nobody}), and the seccomp filter. Each cap that cannot be applied is named in
 * {@link #missing()}, which the terminal and report.html show: a run is called sandboxed only
 * when nothing is missing.
 */
public final class Confinement {
  /** Memory for a worker and everything it starts: a 256 MB heap, the JVM around it, the 256 MB /tmp. */
  public static final long MEMORY_BYTES = 1L << 30;
  /** Address space where only an rlimit can cap memory: JVMs reserve far more than they use. */
  public static final long ADDRESS_SPACE_BYTES = 3L << 30;
  public static final int PIDS_MAX = 1024;
  /** The user a root grader drops to when RLIMIT_NPROC must cap processes. */
  static final int NOBODY = 65534;

  private final boolean sandbox;
  private final boolean disableUserns;
  private final Path seccomp;
  private final boolean memoryByCgroup;
  private final boolean pidsByCgroup;
  private final boolean prlimit;
  private final boolean dropToNobody;
  private final List<String> applied;
  private final List<String> missing;

  private Confinement(boolean sandbox, boolean disableUserns, Path seccomp, boolean memoryByCgroup,
      boolean pidsByCgroup, boolean prlimit, boolean dropToNobody, List<String> applied, List<String> missing) {
    this.sandbox = sandbox;
    this.disableUserns = disableUserns;
    this.seccomp = seccomp;
    this.memoryByCgroup = memoryByCgroup;
    this.pidsByCgroup = pidsByCgroup;
    this.prlimit = prlimit;
    this.dropToNobody = dropToNobody;
    this.applied = applied;
    this.missing = missing;
  }

  /**
   * What this machine allows. {@code sandbox}: use bubblewrap (when it is there);
   * {@code cgroups}: use cgroups (tests turn them off to exercise the fallback); {@code work}:
   * where to keep the seccomp program.
   */
  public static Confinement probe(boolean sandbox, boolean cgroups, Path work) {
    List<String> applied = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    boolean bwrap = sandbox && Sandbox.available();
    boolean userns = bwrap && Sandbox.canDisableUserns();
    Path filter = null;
    if (bwrap) {
      applied.add("bubblewrap: private network and /tmp (" + (Sandbox.TMP_BYTES >> 20) + " MB), read-only files and /proc");
      if (!userns) missing.add("no user namespaces inside the sandbox (bubblewrap 0.8+ --disable-userns)");
      try {
        filter = SeccompFilter.file(work).orElse(null);
      } catch (IOException e) {
        filter = null;
      }
      if (filter != null) {
        applied.add("seccomp: no ptrace or access to other processes' memory");
      } else {
        missing.add("seccomp filter (no syscall table for " + System.getProperty("os.arch") + ")");
      }
    } else if (!sandbox) {
      missing.add("sandbox (turned off with --no-sandbox)");
    } else {
      missing.add("sandbox (bubblewrap is not installed or cannot create namespaces here)");
    }
    List<String> cg = cgroups ? Cgroups.supported() : List.of();
    boolean memCg = cg.contains("memory");
    boolean pidsCg = cg.contains("pids");
    boolean havePrlimit = Sandbox.runs(List.of("prlimit", "--nproc=4096", "--", "true"));
    boolean root = isRoot();
    boolean nobody = false;
    if (memCg) {
      applied.add("memory: " + (MEMORY_BYTES >> 20) + " MB for the whole process (cgroup)");
    } else if (havePrlimit) {
      applied.add("memory: " + (ADDRESS_SPACE_BYTES >> 20) + " MB of address space (prlimit --as; no writable memory cgroup)");
    } else {
      missing.add("memory cap (no writable memory cgroup and no prlimit)");
    }
    if (pidsCg) {
      applied.add("processes: " + PIDS_MAX + " (cgroup)");
    } else if (havePrlimit && (!root || bwrap && canDropToNobody())) {
      nobody = root;
      applied.add("processes: " + PIDS_MAX + " (RLIMIT_NPROC" + (root ? ", as user nobody" : "") + "; no writable pids cgroup)");
    } else {
      missing.add("process cap (no writable pids cgroup, and RLIMIT_NPROC does not bind root)");
    }
    return new Confinement(bwrap, userns, filter, memCg, pidsCg, havePrlimit, nobody, List.copyOf(applied),
        List.copyOf(missing));
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static boolean canDropToNobody() {
    return Sandbox.runs(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--",
        "bwrap", "--unshare-all", "--unshare-user", "--ro-bind", "/", "/", "true"));
  }

  public boolean sandboxed() {
    return sandbox;
  }

  /** Whether the worker runs as another user (nobody), who must be able to read its files. */
  public boolean runsAsAnotherUser() {
    return dropToNobody;
  }

  /** The caps in force, one line each. */
  public List<String> applied() {
    return applied;
  }

  /** The caps that could not be applied here, one line each (empty when fully confined). */
  public List<String> missing() {
    return missing;
  }

  /** The confinement of one worker process: its cgroups, created before it starts. */
  public Applied apply() {
    Cgroups cg = memoryByCgroup || pidsByCgroup ? Cgroups.create(MEMORY_BYTES, PIDS_MAX) : null;
    return new Applied(cg);
  }

  /** One worker's share: what its launcher must do, and what to remove when it is gone. */
  public final class Applied implements AutoCloseable {
    private final Cgroups cgroups;

    Applied(Cgroups cgroups) {
      this.cgroups = cgroups;
    }

    /** Shell lines the worker's launcher runs before exec: joining the cgroups. */
    public List<String> shellSetup() {
      List<String> lines = new ArrayList<>();
      if (cgroups != null) {
        for (Path p : cgroups.procsFiles()) lines.add("echo $$ > '" + p + "'");
      }
      return lines;
    }

    /** A file the launcher opens as descriptor 3 for bubblewrap's seccomp program, or null. */
    public Path seccompFile() {
      return sandbox ? seccomp : null;
    }

    /** The commands between the launcher and the JVM: user, rlimits, bubblewrap. */
    public List<String> prefix(List<Path> readOnly, Path socket) {
      List<String> cmd = new ArrayList<>();
      if (dropToNobody) {
        cmd.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
      }
      List<String> limits = new ArrayList<>();
      if (!memoryByCgroup && prlimit) limits.add("--as=" + ADDRESS_SPACE_BYTES);
      if (!pidsByCgroup && prlimit && (dropToNobody || !isRoot())) limits.add("--nproc=" + PIDS_MAX);
      if (!limits.isEmpty()) {
        cmd.add("prlimit");
        cmd.addAll(limits);
        cmd.add("--");
      }
      if (sandbox) cmd.addAll(Sandbox.prefix(readOnly, socket, disableUserns, seccomp == null ? -1 : 3));
      return cmd;
    }

    /** Whether the kernel killed something in this worker for memory. */
    public boolean memoryExhausted() {
      return cgroups != null && cgroups.memoryExhausted();
    }

    /** Whether the socket must be open to another user (the sandbox runs as nobody). */
    public boolean sharedWithNobody() {
      return dropToNobody;
    }

    @Override
    public void close() {
      if (cgroups != null) cgroups.close();
    }
  }

  /** For messages: "sandboxed (…)" only when nothing is missing. */
  public String summary() {
    if (missing.isEmpty()) return "sandboxed (" + String.join("; ", applied) + ")";
    return "NOT fully sandboxed: missing " + String.join("; ", missing)
        + (applied.isEmpty() ? "" : " (in force: " + String.join("; ", applied) + ")");
  }

  /** Whether this confinement is complete. */
  public Optional<String> firstMissing() {
    return missing.stream().findFirst();
  }
}
