package netlab.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * TCP sockets as the Linux kernel lists them in /proc/net/tcp and /proc/net/tcp6: local and
 * remote port, state, queue lengths and inode. Other systems have no such file; callers check
 * {@link #available()} and fall back to a clearly labelled simulation.
 */
public final class KernelSockets {
  private static final Path TCP = Path.of("/proc/net/tcp");
  private static final Path TCP6 = Path.of("/proc/net/tcp6");
  static final String[] STATES = {"?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT",
      "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING"};

  /**
   * One line of the table. For a LISTEN socket, {@code rxQueue} is the accept queue's current
   * length (its limit, the backlog, is not in this file: {@code ss -ltn} shows it, from
   * netlink); for a connection, bytes not yet read and not yet acknowledged.
   */
  public record Entry(int localPort, int remotePort, String state, long rxQueue, long txQueue, long inode) {}

  private KernelSockets() {}

  public static boolean available() {
    return Files.isReadable(TCP);
  }

  public static List<Entry> all() {
    List<Entry> out = new ArrayList<>();
    read(TCP, out);
    read(TCP6, out);
    return out;
  }

  private static void read(Path file, List<Entry> out) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      return;
    }
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).trim().split("\\s+");
      if (f.length < 10) continue;
      try {
        int local = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
        int remote = Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16);
        int st = Integer.parseInt(f[3], 16);
        String[] q = f[4].split(":");
        out.add(new Entry(local, remote, st < STATES.length ? STATES[st] : "0x" + f[3],
            Long.parseLong(q[1], 16), Long.parseLong(q[0], 16), Long.parseLong(f[9])));
      } catch (RuntimeException ignored) {
        // a line we do not understand is skipped
      }
    }
  }

  /** The state of the connection from {@code local} to {@code remote}, if the kernel lists it. */
  public static Optional<String> state(int local, int remote) {
    return all().stream().filter(e -> e.localPort() == local && e.remotePort() == remote).map(Entry::state).findFirst();
  }

  public static Optional<Entry> listening(int port) {
    return all().stream().filter(e -> e.localPort() == port && e.state().equals("LISTEN")).findFirst();
  }

  /** The process holding a socket inode, found through /proc/PID/fd links: "pid 1234 (java)". */
  public static Optional<String> owner(long inode) {
    String target = "socket:[" + inode + "]";
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) procs::iterator) {
        String pid = p.getFileName().toString();
        if (!pid.chars().allMatch(Character::isDigit)) continue;
        try (var fds = Files.list(p.resolve("fd"))) {
          for (Path fd : (Iterable<Path>) fds::iterator) {
            try {
              if (Files.readSymbolicLink(fd).toString().equals(target)) {
                String comm = Files.readString(p.resolve("comm")).trim();
                return Optional.of("pid " + pid + " (" + comm + ")");
              }
            } catch (IOException ignored) {
              // gone, or not ours to read
            }
          }
        } catch (IOException ignored) {
          // another user's process
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
