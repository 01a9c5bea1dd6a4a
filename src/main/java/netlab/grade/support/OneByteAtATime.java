package netlab.grade.support;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Stream wrappers that move a single byte per call: the worst case a stream may legally
 * produce. Code that assumes one {@code read(buf)} fills {@code buf}, or that what was written
 * in one call arrives in one piece, fails against them every time, not only under load.
 */
public final class OneByteAtATime {
  private OneByteAtATime() {}

  /** Every read returns at most one byte, however large the caller's buffer. */
  public static InputStream input(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, 1));
      }

      @Override
      public long skip(long n) throws IOException {
        return super.skip(Math.min(n, 1));
      }

      @Override
      public int available() {
        return 0;
      }
    };
  }

  /**
   * Every byte is written and flushed on its own. Over a socket with TCP_NODELAY each byte
   * then leaves as its own segment.
   */
  public static OutputStream output(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        out.write(b);
        out.flush();
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
          write(b[i]);
        }
      }
    };
  }
}
