// ALTERNATIVE: select(Consumer) instead of iterating selectedKeys(); a queue of pending chunks per client instead of one compacted buffer, reading on until 64 KiB are pending; an AtomicBoolean guards close()
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A single-threaded NIO echo server. Each client has a queue of byte chunks waiting to go back;
 * the server keeps reading from a client until 64 KiB are waiting, then only writes until the
 * queue is empty again. The loop hands every ready key to a handler with select(Consumer), which
 * empties the selected-key set by itself.
 */
public final class SelectorEchoServer implements AutoCloseable {

  private static final int CHUNK = 8 * 1024;
  private static final int MAX_PENDING = 64 * 1024;

  /** What one client still has to get back, and whether it has finished sending. */
  private static final class Client {
    final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    int pendingBytes;
    boolean inputDone;
  }

  private final Selector selector;
  private final ServerSocketChannel listener;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(CHUNK);
  private volatile Thread loop;

  public SelectorEchoServer(int port) throws IOException {
    Selector sel = Selector.open();
    ServerSocketChannel ch = null;
    try {
      ch = ServerSocketChannel.open();
      ch.configureBlocking(false);
      ch.bind(new InetSocketAddress("127.0.0.1", port));
      ch.register(sel, SelectionKey.OP_ACCEPT);
    } catch (IOException | RuntimeException e) {
      if (ch != null) ch.close();
      sel.close();
      throw e;
    }
    selector = sel;
    listener = ch;
  }

  public int port() {
    return ((InetSocketAddress) listener.socket().getLocalSocketAddress()).getPort();
  }

  public synchronized void start() {
    if (loop != null || stopping.get()) throw new IllegalStateException("start() may be called once");
    Thread t = new Thread(this::serve, "echo-selector");
    t.setDaemon(true);
    loop = t;
    t.start();
  }

  private void serve() {
    try {
      while (!stopping.get()) {
        selector.select(this::handle);
      }
    } catch (IOException | ClosedSelectorException e) {
      // nothing left to serve
    } finally {
      for (SelectionKey k : selector.keys()) drop(k);
      try {
        selector.close();
      } catch (IOException ignored) {
        // best effort
      }
    }
  }

  private void handle(SelectionKey key) {
    try {
      if (key.channel() == listener) {
        SocketChannel c = listener.accept();
        if (c != null) {
          c.configureBlocking(false);
          c.register(selector, SelectionKey.OP_READ, new Client());
        }
        return;
      }
      if (key.isReadable()) readFrom(key);
      if (key.isValid() && key.isWritable()) writeTo(key);
    } catch (IOException | UncheckedIOException e) {
      drop(key); // this client only
    }
  }

  private void readFrom(SelectionKey key) throws IOException {
    SocketChannel c = (SocketChannel) key.channel();
    Client client = (Client) key.attachment();
    readBuffer.clear();
    int n = c.read(readBuffer);
    if (n < 0) {
      client.inputDone = true;
    } else if (n > 0) {
      readBuffer.flip();
      ByteBuffer copy = ByteBuffer.allocate(n);
      copy.put(readBuffer).flip();
      client.pending.addLast(copy);
      client.pendingBytes += n;
    }
    writeTo(key);
  }

  private void writeTo(SelectionKey key) throws IOException {
    SocketChannel c = (SocketChannel) key.channel();
    Client client = (Client) key.attachment();
    while (!client.pending.isEmpty()) {
      ByteBuffer head = client.pending.peekFirst();
      client.pendingBytes -= c.write(head);
      if (head.hasRemaining()) break; // the socket is full: wait for OP_WRITE
      client.pending.removeFirst();
    }
    if (client.pending.isEmpty() && client.inputDone) {
      drop(key); // all echoed, and the client sends no more
      return;
    }
    int ops = 0;
    if (!client.pending.isEmpty()) ops |= SelectionKey.OP_WRITE;
    if (!client.inputDone && client.pendingBytes < MAX_PENDING) ops |= SelectionKey.OP_READ;
    key.interestOps(ops);
  }

  private static void drop(SelectionKey key) {
    try {
      key.channel().close();
    } catch (IOException ignored) {
      // already gone
    }
  }

  @Override
  public void close() {
    if (!stopping.compareAndSet(false, true)) {
      awaitLoop();
      return;
    }
    Thread t;
    synchronized (this) {
      t = loop;
    }
    if (t == null) {
      try {
        listener.close();
        selector.close();
      } catch (IOException ignored) {
        // best effort
      }
      return;
    }
    selector.wakeup();
    awaitLoop();
  }

  /** Waits (2 s at most) for the loop thread, which closes every channel on its way out. */
  private void awaitLoop() {
    Thread t = loop;
    if (t == null || Thread.currentThread() == t) return;
    long deadline = System.nanoTime() + 2_000_000_000L;
    boolean interrupted = false;
    while (t.isAlive() && System.nanoTime() < deadline) {
      try {
        t.join(50);
      } catch (InterruptedException e) {
        interrupted = true; // finish waiting, then tell the caller
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }
}
