package netlab.grade.batch;

import java.io.PrintStream;
import netlab.core.Msg;

/**
 * A progress bar with an ETA for batch grading: redrawn in place on a terminal, a line per tenth
 * of the work otherwise (CI logs). Written here rather than taken from a library: the usual one
 * (me.tongfei:progressbar) brings slf4j and a second, older jline.
 */
public final class ProgressLine {
  private final PrintStream out;
  private final boolean terminal;
  private final long start = System.nanoTime();
  private int lastTenth = -1;

  public ProgressLine(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  public synchronized void update(int done, int total, String last) {
    double elapsed = (System.nanoTime() - start) / 1e9;
    double eta = done == 0 ? 0 : elapsed / done * (total - done);
    int width = 24;
    int filled = total == 0 ? width : (int) Math.round(width * (double) done / total);
    String line = Msg.get("batch.progress", "#".repeat(filled) + "-".repeat(width - filled), done, total, clock(elapsed),
        clock(eta), last);
    if (terminal) {
      out.print("\r" + line + "\u001b[K");
      if (done == total) out.println();
    } else {
      int tenth = total == 0 ? 10 : done * 10 / total;
      if (tenth != lastTenth || done == total) out.println(line);
      lastTenth = tenth;
    }
    out.flush();
  }

  static String clock(double seconds) {
    long s = Math.round(seconds);
    return String.format("%d:%02d", s / 60, s % 60);
  }
}
