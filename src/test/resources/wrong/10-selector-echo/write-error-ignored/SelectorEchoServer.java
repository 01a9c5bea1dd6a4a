// WRONG: ignores a failed write(): the output stays pending with OP_WRITE on, and a reset client is always writable, so the loop spins
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;

/**
 * A TCP echo server on 127.0.0.1 that serves every client from ONE thread with a NIO
 * {@link Selector}: every byte a client sends comes back to that client, in order.
 *
 * <p>All channels are non-blocking. Each connection keeps a buffer as its key's attachment. A
 * write may take only part of the buffer; the rest waits for {@code OP_WRITE}, and while it
 * waits the server stops reading from that client, so a client that sends faster than it reads
 * is slowed down by TCP instead of filling the server's memory. When a client ends its output
 * (read returns -1), everything it sent has already been echoed, and the server closes the
 * connection.
 */
public final class SelectorEchoServer implements AutoCloseable {

  /** Per-connection buffer: what was read and not yet written back. */
  private static final int BUFFER_SIZE = 16 * 1024;

  private final Selector selector;
  private final ServerSocketChannel server;
  private volatile boolean running = true;
  private Thread loop; // guarded by this
  private boolean closed; // guarded by this

  /**
   * Binds a listening channel to 127.0.0.1:port (0: any free port) and registers it with a new
   * selector. Nothing runs until {@link #start()}.
   *
   * @throws IOException if the port cannot be bound, e.g. it is in use
   */
  public SelectorEchoServer(int port) throws IOException {
    selector = Selector.open();
    try {
      server = ServerSocketChannel.open();
    } catch (IOException e) {
      selector.close();
      throw e;
    }
    try {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
      server.configureBlocking(false);
      server.register(selector, SelectionKey.OP_ACCEPT);
    } catch (IOException e) {
      server.close();
      selector.close();
      throw e;
    }
  }

  /** The bound local port: the real one when 0 was asked for. */
  public int port() {
    return server.socket().getLocalPort();
  }

  /** Starts the event loop on one new thread and returns at once. Call it once. */
  public void start() {
    synchronized (this) {
      if (closed) throw new IllegalStateException("server is closed");
      if (loop != null) throw new IllegalStateException("server already started");
      loop = new Thread(this::run, "selector-echo-" + port());
      loop.setDaemon(true);
      loop.start();
    }
  }

  private void run() {
    try {
      while (running) {
        selector.select(); // sleeps until a channel is ready, or wakeup()
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
          SelectionKey key = it.next();
          it.remove(); // the selector never removes it: handled keys would come back
          try {
            if (!key.isValid()) continue;
            if (key.isAcceptable()) {
              accept();
            } else if (key.isReadable()) {
              read(key);
            } else if (key.isWritable()) {
              flush(key);
            }
          } catch (IOException e) {
            // a reset or a broken pipe: drop this client only, serve the others
            closeQuietly(key);
          }
        }
      }
    } catch (IOException | ClosedSelectorException e) {
      // the selector itself failed or was closed: nothing left to serve
    } finally {
      for (SelectionKey k : selector.keys()) closeQuietly(k);
      closeQuietly(server);
      closeQuietly(selector);
    }
  }

  private void accept() throws IOException {
    SocketChannel c = server.accept();
    if (c == null) return; // the connection went away before we took it
    try {
      c.configureBlocking(false);
      c.register(selector, SelectionKey.OP_READ, ByteBuffer.allocate(BUFFER_SIZE));
    } catch (IOException e) {
      c.close(); // only this new client is lost, not the listener
    }
  }

  private void read(SelectionKey key) throws IOException {
    SocketChannel c = (SocketChannel) key.channel();
    ByteBuffer buf = (ByteBuffer) key.attachment();
    // OP_READ is only on while nothing is pending, so buf is empty here
    if (c.read(buf) == -1) {
      closeQuietly(key); // the client is done sending, and everything has been echoed
      return;
    }
    flush(key);
  }

  /** Writes what is pending; asks for OP_WRITE while some is left, else reads again. */
  private void flush(SelectionKey key) throws IOException {
    SocketChannel c = (SocketChannel) key.channel();
    ByteBuffer buf = (ByteBuffer) key.attachment();
    buf.flip(); // fill mode -> drain mode
    try {
      c.write(buf); // may write only a part, or nothing
    } catch (IOException e) {
      // the client is slow or went away: try again at the next OP_WRITE
    }
    boolean pending = buf.hasRemaining();
    buf.compact(); // keep the rest, back to fill mode
    // OP_WRITE only while output is pending: a writable socket is the normal case, and asking
    // for it all the time would make select() return at once, forever (a busy loop)
    key.interestOps(pending ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
  }

  private static void closeQuietly(SelectionKey key) {
    key.cancel();
    closeQuietly(key.channel());
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // best effort: the channel may already be closed or reset
    }
  }

  /**
   * Stops the server: ends the loop (flag + {@code wakeup()}), which closes every connection,
   * the listening channel (the port is free again) and the selector; waits for the thread.
   * Safe to call twice, and before start().
   */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      closed = true;
      t = loop;
    }
    running = false;
    if (t == null) { // never started: no loop to clean up
      closeQuietly(server);
      closeQuietly(selector);
      return;
    }
    selector.wakeup(); // select() returns now; the loop sees running == false
    if (t != Thread.currentThread()) {
      try {
        t.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
