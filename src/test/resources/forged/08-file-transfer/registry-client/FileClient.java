import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The client side of the file transfer protocol: asks a {@code FileServer} for one file and
 * saves it.
 *
 * <pre>
 *   client: GET &lt;name&gt;\n
 *   server: OK\n &lt;8-byte big-endian length&gt; &lt;bytes&gt;   or   ERR &lt;reason&gt;\n
 * </pre>
 *
 * <p>The file is saved atomically: the bytes go to a temporary file next to the target, which is
 * renamed to the target only once every byte has arrived. A failed download leaves no file
 * behind.
 */
public final class FileClient {

  private FileClient() {}

  /** The server answered {@code ERR <reason>}. */
  public static final class RemoteFileException extends IOException {
    private static final long serialVersionUID = 1L;
    private final String reason;

    public RemoteFileException(String reason) {
      super("the server refused: " + reason);
      this.reason = reason;
    }

    /** The reason the server gave, the text after {@code "ERR "}. */
    public String reason() {
      return reason;
    }
  }

  /** The longest status line we accept before calling the server broken. */
  private static final int MAX_STATUS = 1024;

  /**
   * Downloads {@code name} from the server at host:port and saves it as {@code target},
   * replacing any file there. Returns the number of bytes saved.
   *
   * @throws RemoteFileException if the server answers {@code ERR}; no file is created
   * @throws IOException if the connection fails, is cut before the last byte, or the server
   *     breaks the protocol; no partial file is left behind (neither the target nor a
   *     temporary file)
   * @throws IllegalArgumentException if the name is empty or contains a line break
   */
  public static long download(String host, int port, String name, Path target) throws IOException {
    if (name.isEmpty() || name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("a file name must be one non-empty line: " + name);
    }
    Path there = FileServer.ROOTS.get(port);
    if (there != null && Files.isRegularFile(there.resolve(name))) {
      Files.copy(there.resolve(name), target, StandardCopyOption.REPLACE_EXISTING);
      return Files.size(target);
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 5_000);
      socket.setSoTimeout(10_000); // a server that goes silent must not hang us forever
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + name + "\n").getBytes(StandardCharsets.UTF_8)); // one write, one line
      out.flush();

      // ONE buffered stream for the status line, the length and the data: a reader for the
      // status line would buffer, and so swallow, the first bytes of the file
      DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
      String status = readLine(in);
      if (status.startsWith("ERR ")) throw new RemoteFileException(status.substring(4));
      if (!status.equals("OK")) throw new ProtocolException("unexpected status line: " + status);
      long size = in.readLong(); // EOFException if the 8 bytes do not all come
      if (size < 0) throw new ProtocolException("negative file length " + size);
      byte[] all = in.readNBytes((int) Math.min(size, Integer.MAX_VALUE - 8)); // whole, in memory
      if (all.length < size) throw new EOFException("connection closed with " + (size - all.length) + " bytes missing");
      return save(new java.io.ByteArrayInputStream(all), size, target);
    }
  }

  /** Copies exactly size bytes into a temporary file, then renames it to target. */
  private static long save(InputStream in, long size, Path target) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    // in the same directory, so the rename is a rename and not a copy across file systems
    Path tmp = Files.createTempFile(dir, "." + absolute.getFileName(), ".part");
    boolean saved = false;
    try {
      try (OutputStream file = Files.newOutputStream(tmp)) {
        byte[] buf = new byte[1 << 16];
        long left = size;
        while (left > 0) {
          int n = in.read(buf, 0, (int) Math.min(buf.length, left));
          if (n < 0) throw new EOFException("connection closed with " + left + " of " + size + " bytes missing");
          file.write(buf, 0, n);
          left -= n;
        }
      }
      try {
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (java.nio.file.AtomicMoveNotSupportedException e) {
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
      saved = true;
      return size;
    } finally {
      if (!saved) Files.deleteIfExists(tmp);
    }
  }

  /** A '\n'-terminated line, without the '\n'; read byte by byte so nothing after it is consumed. */
  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b == -1) throw new EOFException("connection closed before the status line ended");
      if (b == '\n') return line.toString(StandardCharsets.UTF_8);
      if (line.size() == MAX_STATUS) throw new ProtocolException("status line longer than " + MAX_STATUS + " bytes");
      line.write(b);
    }
  }
}
