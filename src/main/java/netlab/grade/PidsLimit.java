package netlab.grade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * A cap on the number of processes and threads a worker and everything it starts may have,
 * with the cgroup "pids" controller (v1 or v2) when this machine lets us create one. A fork or
 * thread bomb then fails inside the worker instead of taking the machine down.
 */
final class PidsLimit implements AutoCloseable {
  private final Path dir;

  private PidsLimit(Path dir) {
    this.dir = dir;
  }

  static Optional<PidsLimit> create(int max) {
    for (Path parent : new Path[] {Path.of("/sys/fs/cgroup/pids"), Path.of("/sys/fs/cgroup")}) {
      try {
        if (!Files.isWritable(parent) || !Files.exists(parent.resolve("cgroup.procs"))) continue;
        if (parent.endsWith("cgroup") && !Files.readString(parent.resolve("cgroup.subtree_control")).contains("pids")) {
          continue;
        }
        Path dir = parent.resolve("netlab-" + UUID.randomUUID());
        Files.createDirectory(dir);
        if (!Files.exists(dir.resolve("pids.max"))) {
          Files.delete(dir);
          continue;
        }
        Files.writeString(dir.resolve("pids.max"), Integer.toString(max));
        return Optional.of(new PidsLimit(dir));
      } catch (IOException | RuntimeException e) {
        // not allowed here: try the next kind, or go without
      }
    }
    return Optional.empty();
  }

  void add(long pid) {
    try {
      Files.writeString(dir.resolve("cgroup.procs"), Long.toString(pid));
    } catch (IOException ignored) {
      // the process has already ended
    }
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(dir); // only empty cgroups can go; the worker is dead by now
    } catch (IOException ignored) {
      // the kernel removes nothing by itself, but an empty cgroup costs nothing
    }
  }
}
