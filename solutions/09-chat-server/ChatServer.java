import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.regex.Pattern;

/**
 * A multi-client chat server over TCP on 127.0.0.1, with a line protocol (UTF-8, one message per
 * line ending in {@code \n}):
 *
 * <pre>
 *   client: &lt;nickname&gt;          first line; 1-16 of A-Z a-z 0-9 _ -
 *   server: WELCOME &lt;nickname&gt;  to the new client: it has joined
 *       or: ERROR &lt;reason&gt;      nickname taken or invalid; then the server closes
 *   others: * &lt;nickname&gt; joined
 *   client: &lt;text&gt;              others get "&lt;nickname&gt;: &lt;text&gt;"; empty lines are ignored
 *   client: /quit               the server closes the connection
 *   others: * &lt;nickname&gt; left     after /quit, end of stream, reset, or a drop
 * </pre>
 *
 * <p>Each client has a reader thread, a writer thread and a bounded outgoing queue. Broadcasting
 * only offers lines to the queues, which never blocks; a client whose queue is full reads too
 * slowly (or not at all) and is dropped, so it can never hold up the others.
 */
public final class ChatServer implements AutoCloseable {

  private static final Pattern NICKNAME = Pattern.compile("[A-Za-z0-9_-]{1,16}");

  private final ServerSocket listener;
  private final int queueCapacity;

  // all guarded by this
  private final Map<String, Client> clients = new HashMap<>();
  private final Set<Socket> sockets = new HashSet<>();
  private final Set<Thread> threads = new HashSet<>();
  private boolean started;
  private boolean closed;

  /** One joined client: its socket, its outgoing queue and the thread that drains it. */
  private static final class Client {
    final String nick;
    final Socket socket;
    final BlockingQueue<String> outbox;
    Thread writer;

    Client(String nick, Socket socket, int capacity) {
      this.nick = nick;
      this.socket = socket;
      this.outbox = new ArrayBlockingQueue<>(capacity);
    }

    /** Stops both of its threads: the reader wakes with an exception, the writer too. */
    void disconnect() {
      closeQuietly(socket);
      if (writer != null) writer.interrupt();
    }
  }

  /**
   * Binds 127.0.0.1:port (0: any free port). Every client gets an outgoing queue of
   * {@code queueCapacity} lines; a client whose queue is full is dropped.
   *
   * @throws IllegalArgumentException if queueCapacity is less than 1
   * @throws IOException if the port cannot be bound
   */
  public ChatServer(int port, int queueCapacity) throws IOException {
    if (queueCapacity < 1) throw new IllegalArgumentException("queueCapacity must be at least 1: " + queueCapacity);
    this.queueCapacity = queueCapacity;
    ServerSocket s = new ServerSocket();
    try {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    } catch (IOException e) {
      s.close();
      throw e;
    }
    listener = s;
  }

  /** The bound local port: the real one when 0 was asked for. */
  public int port() {
    return listener.getLocalPort();
  }

  /** Starts accepting clients on a background thread and returns at once. Call it once. */
  public void start() {
    synchronized (this) {
      if (closed) throw new IllegalStateException("server is closed");
      if (started) throw new IllegalStateException("server already started");
      started = true;
      spawn("chat-acceptor-" + port(), this::acceptLoop);
    }
  }

  /** Starts a daemon thread that close() will wait for; false once the server is closed. */
  private synchronized boolean spawn(String name, Runnable body) {
    if (closed) return false;
    Thread t = new Thread(() -> {
      try {
        body.run();
      } finally {
        synchronized (this) {
          threads.remove(Thread.currentThread());
        }
      }
    }, name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
    return true;
  }

  private void acceptLoop() {
    while (true) {
      Socket s;
      try {
        s = listener.accept();
      } catch (IOException e) {
        return; // close() closed the listener
      }
      synchronized (this) {
        if (closed || !spawn("chat-reader-" + s.getPort(), () -> session(s))) {
          closeQuietly(s);
          return;
        }
        sockets.add(s);
      }
    }
  }

  /** The reader side of one connection: the nickname, then messages until the client leaves. */
  private void session(Socket s) {
    Client me = null;
    try {
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      String nick = in.readLine(); // readLine also takes "\r\n" off
      if (nick == null) return; // gone before saying who it is
      if (!NICKNAME.matcher(nick).matches()) {
        refuse(s, "ERROR invalid nickname: use 1 to 16 letters, digits, _ or -");
        return;
      }
      me = join(nick, s);
      if (me == null) {
        refuse(s, "ERROR nickname taken: " + nick);
        return;
      }
      String line;
      while ((line = in.readLine()) != null) {
        if (line.equals("/quit")) break;
        if (line.isEmpty()) continue;
        synchronized (this) {
          if (clients.get(nick) != me) break; // dropped meanwhile
          deliver(me, nick + ": " + line);
        }
      }
    } catch (IOException e) {
      // reset, or our own close(): the client is gone either way
    } finally {
      if (me != null) {
        synchronized (this) {
          remove(me);
        }
      }
      closeQuietly(s);
      synchronized (this) {
        sockets.remove(s);
      }
    }
  }

  /** Registers a new client and starts its writer; null if the nickname is taken. */
  private synchronized Client join(String nick, Socket s) {
    if (closed || clients.containsKey(nick)) return null;
    Client c = new Client(nick, s, queueCapacity);
    c.outbox.add("WELCOME " + nick); // first in its own queue: it sees everything said after
    Thread writer = new Thread(() -> writeLoop(c), "chat-writer-" + nick);
    writer.setDaemon(true);
    c.writer = writer;
    clients.put(nick, c);
    threads.add(writer);
    deliver(c, "* " + nick + " joined");
    writer.start();
    return c;
  }

  /** Offers a line to every client except {@code from}, dropping those whose queue is full. */
  private void deliver(Client from, String line) {
    assert Thread.holdsLock(this);
    List<Client> full = new ArrayList<>();
    for (Client c : clients.values()) {
      if (c != from && !c.outbox.offer(line)) full.add(c); // offer never blocks
    }
    for (Client c : full) remove(c);
  }

  /** Takes a client out (once) and tells the others it left. */
  private void remove(Client c) {
    assert Thread.holdsLock(this);
    if (!clients.remove(c.nick, c)) return; // already gone
    c.disconnect();
    deliver(c, "* " + c.nick + " left");
  }

  /** The writer side: drains the client's queue into its socket until it is disconnected. */
  private void writeLoop(Client c) {
    try {
      Writer out = new BufferedWriter(new OutputStreamWriter(c.socket.getOutputStream(), StandardCharsets.UTF_8));
      while (true) {
        String line = c.outbox.take();
        out.write(line);
        out.write('\n');
        if (c.outbox.isEmpty()) out.flush(); // a burst goes out in few writes
      }
    } catch (IOException | InterruptedException e) {
      // disconnected: the socket was closed or the thread interrupted
    } finally {
      closeQuietly(c.socket); // a failed write ends the reader too, which announces the leave
      synchronized (this) {
        threads.remove(Thread.currentThread());
      }
    }
  }

  private static void refuse(Socket s, String line) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /**
   * Stops the server: closes the listener and every connection (clients see the end of the
   * stream) and waits until all its threads have ended. Safe to call twice, and before
   * {@code start()}.
   */
  @Override
  public void close() {
    List<Thread> toJoin;
    synchronized (this) {
      closed = true;
      closeQuietly(listener);
      for (Client c : clients.values()) c.disconnect();
      clients.clear();
      for (Socket s : sockets) closeQuietly(s);
      toJoin = new ArrayList<>(threads);
    }
    for (Thread t : toJoin) {
      if (t == Thread.currentThread()) continue;
      try {
        t.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // closing is best effort
    }
  }
}
