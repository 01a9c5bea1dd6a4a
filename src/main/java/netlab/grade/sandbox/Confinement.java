package netlab.grade.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import netlab.core.Lang;
import netlab.core.Msg;

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
  private final List<Line> applied;
  private final List<Line> missing;

  /**
   * One protection, or one that is missing, as a message: English in files (report.html,
   * results.json, which scripts read), the session's language on the terminal.
   */
  private record Line(String key, Object... args) {
    String in(Lang l) {
      return Msg.format(l, key, args);
    }
  }

  private static List<String> in(List<Line> lines, Lang l) {
    return lines.stream().map(x -> x.in(l)).toList();
  }

  private Confinement(boolean sandbox, boolean disableUserns, Path seccomp, boolean memoryByCgroup,
      boolean pidsByCgroup, boolean prlimit, boolean dropToNobody, List<Line> applied, List<Line> missing) {
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
    List<Line> applied = new ArrayList<>();
    List<Line> missing = new ArrayList<>();
    boolean bwrap = sandbox && Sandbox.available();
    boolean userns = bwrap && Sandbox.canDisableUserns();
    Path filter = null;
    if (bwrap) {
      applied.add(new Line("confine.bwrap", Sandbox.TMP_BYTES >> 20));
      if (!userns) missing.add(new Line("confine.noUserns"));
      try {
        filter = SeccompFilter.file(work).orElse(null);
      } catch (IOException e) {
        filter = null;
      }
      if (filter != null) {
        applied.add(new Line("confine.seccomp"));
      } else {
        missing.add(new Line("confine.noSeccomp", System.getProperty("os.arch")));
      }
    } else if (!sandbox) {
      missing.add(new Line("confine.off"));
    } else {
      missing.add(new Line("confine.noBwrap"));
    }
    List<String> cg = cgroups ? Cgroups.supported() : List.of();
    boolean memCg = cg.contains("memory");
    boolean pidsCg = cg.contains("pids");
    boolean havePrlimit = Sandbox.runs(List.of("prlimit", "--nproc=4096", "--", "true"));
    boolean root = isRoot();
    boolean nobody = false;
    if (memCg) {
      applied.add(new Line("confine.memCgroup", MEMORY_BYTES >> 20));
    } else if (havePrlimit) {
      applied.add(new Line("confine.memPrlimit", ADDRESS_SPACE_BYTES >> 20));
    } else {
      missing.add(new Line("confine.noMem"));
    }
    if (pidsCg) {
      applied.add(new Line("confine.pidsCgroup", PIDS_MAX));
    } else if (havePrlimit && (!root || bwrap && canDropToNobody())) {
      nobody = root;
      applied.add(new Line(root ? "confine.pidsRlimitNobody" : "confine.pidsRlimit", PIDS_MAX));
    } else {
      missing.add(new Line("confine.noPids"));
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

  /** The caps in force, one line each, in English (for files). */
  public List<String> applied() {
    return in(applied, Lang.EN);
  }

  /** The caps that could not be applied here, one line each, in English (empty when fully confined). */
  public List<String> missing() {
    return in(missing, Lang.EN);
  }

  /** {@link #missing()} in the session's language, for the terminal. */
  public List<String> missingShown() {
    return in(missing, Msg.lang());
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

  /** For the terminal, in the session's language: "sandboxed (…)" only when nothing is missing. */
  public String summary() {
    Lang l = Msg.lang();
    String and = Msg.format(l, "confine.and");
    if (missing.isEmpty()) return Msg.format(l, "confine.sandboxed", String.join(and, in(applied, l)));
    return Msg.format(l, "confine.notSandboxed", String.join(and, in(missing, l)))
        + (applied.isEmpty() ? "" : Msg.format(l, "confine.inForce", String.join(and, in(applied, l))));
  }

  /** Whether this confinement is complete. */
  public Optional<String> firstMissing() {
    return missing().stream().findFirst();
  }
}
