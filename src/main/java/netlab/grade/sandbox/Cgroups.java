package netlab.grade.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A cgroup (v1 or v2, whichever this machine lets us write) that caps one worker and everything it
 * starts: {@code pids.max} processes and threads (a fork bomb fails inside) and memory
 * ({@code memory.max} / {@code memory.limit_in_bytes}, swap included), so off-heap allocation,
 * thread stacks and files in the sandbox's /tmp all count. The worker's launcher script writes
 * its own pid into {@link #procsFiles()} before it execs anything, so nothing escapes the cap
 * by starting early.
 */
public final class Cgroups implements AutoCloseable {
  private static final Path ROOT = Path.of("/sys/fs/cgroup");
  private final List<Path> dirs;

  private Cgroups(List<Path> dirs) {
    this.dirs = dirs;
  }

  /** Which caps this machine can apply: "pids", "memory". */
  public static List<String> supported() {
    List<String> out = new ArrayList<>();
    try (Cgroups probe = create(64 << 20, 64)) {
      for (Path d : probe.dirs) {
        if (Files.exists(d.resolve("pids.max")) && !out.contains("pids")) out.add("pids");
        if ((Files.exists(d.resolve("memory.max")) || Files.exists(d.resolve("memory.limit_in_bytes"))) && !out.contains("memory")) {
          out.add("memory");
        }
      }
    }
    return out;
  }

  /** New cgroups with the given caps, each where this machine allows it (possibly none). */
  public static Cgroups create(long memoryBytes, int pidsMax) {
    List<Path> dirs = new ArrayList<>();
    String name = "netlab-" + UUID.randomUUID();
    Path unified = v2Root();
    if (unified != null) {
      Path d = make(unified.resolve(name));
      if (d != null) {
        boolean ok = write(d.resolve("pids.max"), Integer.toString(pidsMax));
        ok |= write(d.resolve("memory.max"), Long.toString(memoryBytes));
        write(d.resolve("memory.swap.max"), "0");
        if (ok) dirs.add(d); else remove(d);
      }
    } else {
      Path pids = make(ROOT.resolve("pids").resolve(name));
      if (pids != null) {
        if (write(pids.resolve("pids.max"), Integer.toString(pidsMax))) dirs.add(pids); else remove(pids);
      }
      Path mem = make(ROOT.resolve("memory").resolve(name));
      if (mem != null) {
        if (write(mem.resolve("memory.limit_in_bytes"), Long.toString(memoryBytes))) {
          write(mem.resolve("memory.memsw.limit_in_bytes"), Long.toString(memoryBytes)); // no escape into swap
          dirs.add(mem);
        } else {
          remove(mem);
        }
      }
    }
    return new Cgroups(dirs);
  }

  /** A v2 hierarchy at /sys/fs/cgroup whose root hands the pids or memory controller down. */
  private static Path v2Root() {
    try {
      Path controllers = ROOT.resolve("cgroup.subtree_control");
      if (!Files.isRegularFile(controllers) || !Files.isWritable(ROOT)) return null;
      String c = Files.readString(controllers);
      return c.contains("pids") || c.contains("memory") ? ROOT : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static Path make(Path dir) {
    try {
      if (!Files.isWritable(dir.getParent())) return null;
      Files.createDirectory(dir);
      return dir;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static boolean write(Path file, String value) {
    try {
      if (!Files.exists(file)) return false;
      Files.writeString(file, value);
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static void remove(Path dir) {
    try {
      Files.deleteIfExists(dir);
    } catch (IOException ignored) {
      // a cgroup with processes left in it cannot go yet; an empty one costs nothing
    }
  }

  /** The {@code cgroup.procs} files to write the worker's pid into. */
  public List<Path> procsFiles() {
    return dirs.stream().map(d -> d.resolve("cgroup.procs")).toList();
  }

  public boolean caps(String what) {
    for (Path d : dirs) {
      if (what.equals("pids") && Files.exists(d.resolve("pids.max"))) return true;
      if (what.equals("memory") && (Files.exists(d.resolve("memory.max")) || Files.exists(d.resolve("memory.limit_in_bytes")))) {
        return true;
      }
    }
    return false;
  }

  /** Whether the memory cap was hit (the kernel killed something for it). */
  public boolean memoryExhausted() {
    for (Path d : dirs) {
      for (String f : List.of("memory.events", "memory.oom_control")) {
        try {
          Path p = d.resolve(f);
          if (!Files.isRegularFile(p)) continue;
          for (String line : Files.readAllLines(p)) {
            String[] kv = line.trim().split("\\s+");
            if (kv.length == 2 && kv[0].equals("oom_kill") && !kv[1].equals("0")) return true;
          }
        } catch (IOException | RuntimeException ignored) {
          // gone already
        }
      }
    }
    return false;
  }

  @Override
  public void close() {
    for (Path d : dirs) remove(d); // only empty cgroups can go; the worker is dead by now
  }
}
