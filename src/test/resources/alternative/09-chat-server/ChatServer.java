// ALTERNATIVE: a ReentrantLock and a LinkedHashMap instead of synchronized and HashMap; bounded LinkedBlockingQueues; writers stopped by a poison line instead of an interrupt; nicknames checked char by char instead of a regex
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

/** The chat server with an explicit lock, bounded linked queues and poison lines. */
public final class ChatServer implements AutoCloseable {

  /** Put in a queue to make its writer stop; compared by identity. */
  private static final String POISON = new String("stop");

  private final ServerSocket listener;
  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Member> members = new LinkedHashMap<>(); // guarded by lock
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  private volatile Thread acceptor;

  private static final class Member {
    final String nick;
    final Socket socket;
    final BlockingQueue<String> queue;

    Member(String nick, Socket socket, int capacity) {
      this.nick = nick;
      this.socket = socket;
      this.queue = new LinkedBlockingQueue<>(capacity);
    }
  }

  public ChatServer(int port, int queueCapacity) throws IOException {
    if (queueCapacity <= 0) throw new IllegalArgumentException("queue capacity " + queueCapacity + " < 1");
    capacity = queueCapacity;
    listener = new ServerSocket(port, 100, InetAddress.getByName("127.0.0.1"));
  }

  public int port() {
    return listener.getLocalPort();
  }

  public void start() {
    Thread t = thread("chat-accept", this::accept);
    acceptor = t;
    t.start();
  }

  private Thread thread(String name, Runnable body) {
    Thread t = new Thread(() -> {
      try {
        body.run();
      } finally {
        threads.remove(Thread.currentThread());
      }
    }, name);
    t.setDaemon(true);
    threads.add(t);
    return t;
  }

  private void accept() {
    while (!closed) {
      try {
        Socket s = listener.accept();
        connections.add(s);
        if (closed) {
          quietly(s);
          return;
        }
        thread("chat-in", () -> session(s)).start();
      } catch (IOException e) {
        if (closed) return;
      }
    }
  }

  private static boolean validNick(String s) {
    if (s.isEmpty() || s.length() > 16) return false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
      if (!ok) return false;
    }
    return true;
  }

  private void session(Socket s) {
    Member me = null;
    try (s) {
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      String nick = in.readLine();
      if (nick == null) return;
      if (!validNick(nick)) {
        send(s, "ERROR invalid nickname");
        return;
      }
      me = enter(nick, s);
      if (me == null) {
        send(s, "ERROR nickname taken");
        return;
      }
      for (String line = in.readLine(); line != null && !line.equals("/quit"); line = in.readLine()) {
        if (!line.isEmpty() && !say(me, me.nick + ": " + line)) break;
      }
    } catch (IOException e) {
      // reset or close(): a leave
    } finally {
      if (me != null) leave(me);
      connections.remove(s);
    }
  }

  private static void send(Socket s, String line) throws IOException {
    s.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private Member enter(String nick, Socket s) {
    lock.lock();
    try {
      if (closed || members.containsKey(nick)) return null;
      Member m = new Member(nick, s, capacity);
      m.queue.offer("WELCOME " + nick);
      broadcast(m, "* " + nick + " joined");
      members.put(nick, m);
      thread("chat-out-" + nick, () -> write(m)).start();
      return m;
    } finally {
      lock.unlock();
    }
  }

  /** False if the speaker has been dropped meanwhile. */
  private boolean say(Member from, String line) {
    lock.lock();
    try {
      if (members.get(from.nick) != from) return false;
      broadcast(from, line);
      return true;
    } finally {
      lock.unlock();
    }
  }

  private void broadcast(Member from, String line) {
    List<Member> full = new ArrayList<>();
    for (Member m : members.values()) {
      if (m != from && !m.queue.offer(line)) full.add(m);
    }
    for (Member m : full) leave(m);
  }

  private void leave(Member m) {
    lock.lock();
    try {
      if (members.get(m.nick) != m) return;
      members.remove(m.nick);
      stop(m);
      broadcast(m, "* " + m.nick + " left");
    } finally {
      lock.unlock();
    }
  }

  /** Ends both threads of a member: the socket wakes its reader (and a writer stuck in write). */
  private static void stop(Member m) {
    m.queue.clear();
    m.queue.offer(POISON);
    quietly(m.socket);
  }

  private static void write(Member m) {
    try {
      OutputStream out = m.socket.getOutputStream();
      while (true) {
        String line = m.queue.take();
        if (line == POISON) return;
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // gone
    } finally {
      quietly(m.socket);
    }
  }

  @Override
  public void close() {
    closed = true;
    quietly(listener);
    lock.lock();
    try {
      for (Member m : members.values()) stop(m);
      members.clear();
    } finally {
      lock.unlock();
    }
    for (Socket s : connections) quietly(s);
    long deadline = System.nanoTime() + 2_000_000_000L;
    for (Thread t : List.copyOf(threads)) {
      if (t == Thread.currentThread()) continue;
      try {
        t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void quietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // best effort
    }
  }
}
