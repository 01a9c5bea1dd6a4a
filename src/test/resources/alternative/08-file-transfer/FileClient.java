// ALTERNATIVE: the status line and the length read with readNBytes from one BufferedInputStream, the name checked with a stream of chars, the temporary file moved without ATOMIC_MOVE
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The client: one buffered stream for everything, a temporary file renamed at the end. */
public final class FileClient {

  private FileClient() {}

  public static final class RemoteFileException extends IOException {
    private static final long serialVersionUID = 1L;
    private final String reason;

    public RemoteFileException(String reason) {
      super("the server refused: " + reason);
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  public static long download(String host, int port, String name, Path target) throws IOException {
    if (name.isEmpty() || name.chars().anyMatch(ch -> ch == '\n' || ch == '\r')) {
      throw new IllegalArgumentException("not a one-line file name: " + name.replace("\n", "\\n"));
    }
    try (Socket s = new Socket(host, port)) {
      s.setSoTimeout(15_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET " + name + "\n").getBytes(StandardCharsets.UTF_8));
      InputStream in = new BufferedInputStream(s.getInputStream());
      String status = statusLine(in);
      if (status.startsWith("ERR ")) throw new RemoteFileException(status.substring("ERR ".length()));
      if (!"OK".equals(status)) throw new IOException("not a reply of this protocol: " + status);
      byte[] len = in.readNBytes(8);
      if (len.length < 8) throw new EOFException("the length was cut off after " + len.length + " bytes");
      long size = ByteBuffer.wrap(len).getLong();
      if (size < 0) throw new IOException("negative length " + size);
      Path dir = target.toAbsolutePath().getParent();
      Path tmp = Files.createTempFile(dir, ".download-", ".tmp");
      try {
        try (OutputStream file = Files.newOutputStream(tmp)) {
          byte[] buf = new byte[16 * 1024];
          for (long left = size; left > 0; ) {
            int n = in.readNBytes(buf, 0, (int) Math.min(buf.length, left));
            if (n == 0) throw new EOFException((size - left) + " of " + size + " bytes came");
            file.write(buf, 0, n);
            left -= n;
          }
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        return size;
      } finally {
        Files.deleteIfExists(tmp); // gone already after a successful move
      }
    }
  }

  private static String statusLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) throw new EOFException("the status line was cut off");
      if (line.size() > 4096) throw new IOException("status line too long");
      line.write(b);
    }
    return line.toString(StandardCharsets.UTF_8);
  }
}
