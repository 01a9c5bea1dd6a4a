package netlab.grade.protocol;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Newline-delimited JSON over a Unix domain socket between the lab and a worker. A channel of
 * its own: results never travel on the worker's stdout, where student code can print anything.
 * (A Unix socket is a file, so it also reaches a worker inside a sandbox with no network.)
 *
 * <p>Reads and writes go straight to the SocketChannel, which has separate read and write locks;
 * the streams of {@code Channels.newInputStream/newOutputStream} share one lock on Java 17, so
 * a thread blocked reading would stop another from writing.
 */
public final class Channel implements AutoCloseable {
  // jackson-jr, not databind: a worker's cold start is on the path of every `netlab check`,
  // and jr is ready in ~40 ms where an ObjectMapper takes ~150 ms
  private static final JSON JSON_JR = JSON.builder().build();
  private final SocketChannel socket;
  private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  public Channel(SocketChannel socket) {
    this.socket = socket;
    readBuffer.flip(); // empty, ready for reading
  }

  public void send(Object message) throws IOException {
    byte[] json = JSON_JR.asBytes(message);
    ByteBuffer b = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n');
    b.flip();
    synchronized (this) {
      while (b.hasRemaining()) socket.write(b);
    }
  }

  /** The next message, or null when the other side has gone. Call from one thread only. */
  public <T> T receive(Class<T> type) throws IOException {
    line.reset();
    while (true) {
      while (readBuffer.hasRemaining()) {
        byte c = readBuffer.get();
        if (c == '\n') return JSON_JR.beanFrom(type, line.toByteArray());
        line.write(c);
      }
      readBuffer.clear();
      int n = socket.read(readBuffer);
      readBuffer.flip();
      if (n < 0) return null;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
