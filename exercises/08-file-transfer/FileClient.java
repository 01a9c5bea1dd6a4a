import java.io.IOException;
import java.nio.file.Path;

/**
 * The client side of the file transfer protocol: asks a {@code FileServer} for one file and
 * saves it.
 *
 * <pre>
 *   client: GET &lt;name&gt;\n
 *   server: OK\n &lt;8-byte big-endian length&gt; &lt;bytes&gt;   or   ERR &lt;reason&gt;\n
 * </pre>
 *
 * <p>A download either saves the whole file or leaves no file behind: write to a temporary file
 * next to the target and rename it once every byte has arrived, or delete what you wrote when
 * something goes wrong.
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
    // TODO: connect, send "GET " + name + "\n" (UTF-8), read the status line byte by byte,
    //       then the 8-byte length, then exactly that many bytes into the file. Read all three
    //       through ONE buffered stream.
    throw new UnsupportedOperationException("TODO: FileClient.download");
  }
}
