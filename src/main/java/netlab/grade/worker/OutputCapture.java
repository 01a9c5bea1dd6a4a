package netlab.grade.worker;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Takes the place of System.out and System.err while tests run. Keeps the first bytes of each
 * test's output for the feedback, with repeated lines counted rather than kept again
 * ({@link RepeatedLines}), counts the rest, and remembers when a test printed more than the
 * limit, so that printing megabytes fails that test instead of flooding anything.
 */
final class OutputCapture extends OutputStream {
  private RepeatedLines lines = new RepeatedLines(0);
  /** The line being printed: its first bytes, and its length so far. */
  private byte[] line = new byte[0];
  private int lineKept;
  private long lineLength;
  private long total;

  synchronized void begin(int keep) {
    lines = new RepeatedLines(keep);
    line = new byte[keep];
    lineKept = 0;
    lineLength = 0;
    total = 0;
  }

  /** What was printed since {@link #begin}: kept text, and a note of how much was left out. */
  synchronized String text() {
    List<String> kept = lines.render();
    long shown = lines.shown();
    StringBuilder s = new StringBuilder(String.join("\n", kept));
    if (!kept.isEmpty()) s.append('\n');
    int partial = Math.min(lineKept, lines.room());
    if (partial > 0) {
      s.append(new String(line, 0, partial, StandardCharsets.UTF_8));
      shown += partial;
    }
    if (total > shown) {
      if (s.length() > 0 && s.charAt(s.length() - 1) != '\n') s.append('\n');
      s.append("… (").append(total - shown).append(" more bytes not shown)");
    }
    return s.toString();
  }

  synchronized long total() {
    return total;
  }

  @Override
  public synchronized void write(int b) {
    total++;
    if (!lines.closed()) take((byte) b);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    total += len;
    // once nothing more can be kept, a flood costs only the count
    for (int i = off; i < off + len && !lines.closed(); i++) take(b[i]);
  }

  private void take(byte b) {
    if (b == '\n') {
      lines.add(new RepeatedLines.Line(Arrays.copyOf(line, lineKept), lineLength));
      lineKept = 0;
      lineLength = 0;
      return;
    }
    if (lineKept < line.length) line[lineKept++] = b;
    lineLength++;
  }
}
