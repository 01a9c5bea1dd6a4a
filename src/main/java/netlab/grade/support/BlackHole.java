package netlab.grade.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * An address on loopback where a TCP connect gets no answer at all, as behind a firewall that
 * silently drops SYNs: the connecting side waits until its own timeout. Made from a listening
 * socket with backlog 1 whose accept queue is filled with connections nobody accepts: Linux then
 * drops every new SYN (and counts a ListenOverflows), measured on Linux 6.x for 127.0.0.1 and
 * ::1. Filling stops at the first connection that times out, so the hole is known to be black
 * before anyone uses it.
 */
public final class BlackHole implements AutoCloseable {
  /** How long a filling connection may take before the queue counts as full. */
  private static final int PROBE_MS = 200;
  private static final int MAX_FILL = 16;

  private final ServerSocket listener;
  private final List<Socket> fillers;

  private BlackHole(ServerSocket listener, List<Socket> fillers) {
    this.listener = listener;
    this.fillers = fillers;
  }

  /** A black hole on {@code address} (127.0.0.1 or ::1), on a free port. */
  public static BlackHole open(InetAddress address) throws IOException {
    ServerSocket listener = new ServerSocket(0, 1, address);
    List<Socket> fillers = new ArrayList<>();
    InetSocketAddress where = new InetSocketAddress(address, listener.getLocalPort());
    try {
      for (int i = 0; i < MAX_FILL; i++) {
        Socket c = new Socket();
        try {
          c.connect(where, PROBE_MS);
          fillers.add(c);
        } catch (SocketTimeoutException full) {
          c.close();
          return new BlackHole(listener, fillers);
        }
      }
      throw new IOException("the accept queue of " + where + " took " + MAX_FILL
          + " connections without filling up: this system does not drop SYNs for a full backlog");
    } catch (IOException | RuntimeException e) {
      for (Socket f : fillers) f.close();
      listener.close();
      throw e;
    }
  }

  /** Where to connect to get no answer. */
  public InetSocketAddress address() {
    return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
  }

  /** Closes the listener and its queued connections; a SYN still being retried is refused from now on. */
  @Override
  public void close() {
    for (Socket f : fillers) {
      try {
        f.close();
      } catch (IOException ignored) {
        // closing a filler cannot fail in a way that matters to the test
      }
    }
    try {
      listener.close();
    } catch (IOException ignored) {
      // as above
    }
  }
}
