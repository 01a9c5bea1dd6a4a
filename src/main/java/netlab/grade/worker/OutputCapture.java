package netlab.grade.worker;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Takes the place of System.out and System.err while tests run. Keeps the first bytes of each
 * test's output for the feedback, counts the rest, and remembers when a test printed more than
 * the limit, so that printing megabytes fails that test instead of flooding anything.
 */
final class OutputCapture extends OutputStream {
  private byte[] kept = new byte[0];
  private int keptLength;
  private long total;

  synchronized void begin(int keep) {
    kept = new byte[keep];
    keptLength = 0;
    total = 0;
  }

  /** What was printed since {@link #begin}: kept text, and a note of how much was left out. */
  synchronized String text() {
    String s = new String(kept, 0, keptLength, StandardCharsets.UTF_8);
    if (total > keptLength) s += "\n… (" + (total - keptLength) + " more bytes not shown)";
    return s;
  }

  synchronized long total() {
    return total;
  }

  @Override
  public synchronized void write(int b) {
    if (keptLength < kept.length) kept[keptLength++] = (byte) b;
    total++;
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    int n = Math.min(len, kept.length - keptLength);
    if (n > 0) {
      System.arraycopy(b, off, kept, keptLength, n);
      keptLength += n;
    }
    total += len;
  }
}
