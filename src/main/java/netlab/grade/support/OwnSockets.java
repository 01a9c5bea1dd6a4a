package netlab.grade.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The TCP sockets this process holds open, from Linux's /proc/self/fd (which file descriptors
 * are sockets, by inode) and /proc/net/tcp and tcp6 (what each inode is: ports, peer, state).
 * A test takes {@link #inodes()} before calling code and {@link #openedSince} after it to see
 * which sockets that code left open, for example a connect attempt still in SYN_SENT. Other
 * systems have no /proc: {@link #available()} is false and the lists are empty.
 */
public final class OwnSockets {
  private static final Path FDS = Path.of("/proc/self/fd");
  private static final Path TCP = Path.of("/proc/net/tcp");
  private static final Path TCP6 = Path.of("/proc/net/tcp6");
  private static final String[] STATES = {"?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
      "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING"};

  private OwnSockets() {}

  /** One open TCP socket of this process. */
  public record Tcp(long inode, InetSocketAddress local, InetSocketAddress remote, String state) {
    @Override
    public String toString() {
      return state.equals("LISTEN") ? "a socket listening on " + local
          : "a socket from " + local + " to " + remote + " in state " + state;
    }
  }

  public static boolean available() {
    return Files.isDirectory(FDS) && Files.isReadable(TCP6);
  }

  /** The inodes of every socket this process has open now (TCP or not). */
  public static Set<Long> inodes() {
    Set<Long> out = new HashSet<>();
    if (!available()) return out;
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(FDS)) {
      for (Path fd : fds) {
        String target;
        try {
          target = Files.readSymbolicLink(fd).toString();
        } catch (IOException | UnsupportedOperationException closedMeanwhile) {
          continue;
        }
        if (target.startsWith("socket:[") && target.endsWith("]")) {
          out.add(Long.parseLong(target.substring(8, target.length() - 1)));
        }
      }
    } catch (IOException e) {
      // /proc vanished: report what was seen
    }
    return out;
  }

  /** TCP sockets open now whose inode was not in {@code before}. */
  public static List<Tcp> openedSince(Set<Long> before) {
    Set<Long> now = inodes();
    now.removeAll(before);
    if (now.isEmpty()) return List.of();
    Map<Long, Tcp> table = table();
    List<Tcp> out = new ArrayList<>();
    for (long inode : now) {
      Tcp t = table.get(inode);
      if (t != null) out.add(t);
    }
    return out;
  }

  /** Every TCP socket the kernel lists, by inode (TIME_WAIT entries, which have none, are left out). */
  static Map<Long, Tcp> table() {
    Map<Long, Tcp> out = new HashMap<>();
    read(TCP, out);
    read(TCP6, out);
    return out;
  }

  private static void read(Path file, Map<Long, Tcp> out) {
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
        long inode = Long.parseLong(f[9]);
        if (inode == 0) continue;
        int st = Integer.parseInt(f[3], 16);
        out.put(inode, new Tcp(inode, endpoint(f[1]), endpoint(f[2]), st < STATES.length ? STATES[st] : "0x" + f[3]));
      } catch (RuntimeException | UnknownHostException ignored) {
        // a line we do not understand is skipped
      }
    }
  }

  /** "0100007F:1F90" or 32 hex digits and a port: the address is in 32-bit words of host (little-endian) order. */
  static InetSocketAddress endpoint(String hex) throws UnknownHostException {
    int colon = hex.indexOf(':');
    String addr = hex.substring(0, colon);
    byte[] b = new byte[addr.length() / 2];
    for (int word = 0; word < b.length / 4; word++) {
      for (int k = 0; k < 4; k++) {
        int from = (word * 4 + 3 - k) * 2;
        b[word * 4 + k] = (byte) Integer.parseInt(addr.substring(from, from + 2), 16);
      }
    }
    return new InetSocketAddress(InetAddress.getByAddress(b), Integer.parseInt(hex.substring(colon + 1), 16));
  }
}
