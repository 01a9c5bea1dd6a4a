package netlab.grade.worker;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A test's output as lines, where a line printed many times in a row, or a group of up to four
 * lines, is kept once with a count: a loop that prints "tick" 50 000 times reads as "tick" and
 * "↑ × 50 000". The count goes on after the kept text is full, so it is the true number, and the
 * text keeps room for what came before and after the loop.
 */
final class RepeatedLines {
  private static final int MAX_GROUP = 4;

  /** One printed line: its first bytes, and its length; a line cut short never equals another. */
  record Line(byte[] bytes, long length) {
    boolean cut() {
      return bytes.length < length;
    }

    boolean same(Line o) {
      return !cut() && !o.cut() && Arrays.equals(bytes, o.bytes);
    }
  }

  /** A block of lines printed {@code count} times in a row; {@code matched} lines of one more time seen so far. */
  private static final class Run {
    final List<Line> block;
    long count = 1;
    int matched;

    Run(List<Line> block) {
      this.block = block;
    }

    boolean plain() {
      return block.size() == 1 && count == 1 && matched == 0 && !block.get(0).cut();
    }

    long bytes() {
      long n = 0;
      for (Line l : block) n += l.length() + 1;
      return n;
    }
  }

  private final List<Run> runs = new ArrayList<>();
  private final int budget;
  /** Bytes of the lines kept. */
  private int used;
  /** The budget is spent: only a repeat of the last run still counts. */
  private boolean full;
  /** Something that could not be kept came after the budget was spent: nothing more counts. */
  private boolean closed;
  /** Bytes of output that the kept lines and counts stand for. */
  private long shown;

  RepeatedLines(int budget) {
    this.budget = budget;
  }

  boolean closed() {
    return closed;
  }

  /** Bytes that may still be kept. */
  int room() {
    return closed || full ? 0 : budget - used;
  }

  /** How many bytes of the output {@link #render} shows, counting repeats. */
  long shown() {
    long n = shown;
    Run last = last();
    if (last != null) for (int i = 0; i < last.matched; i++) n += last.block.get(i).length() + 1;
    return n;
  }

  void add(Line line) {
    if (closed) return;
    Run last = last();
    if (last != null && last.matched < last.block.size() && last.block.get(last.matched).same(line)) {
      if (++last.matched == last.block.size()) {
        last.count++;
        last.matched = 0;
        shown += last.bytes();
      }
      return;
    }
    if (last != null && last.matched > 0) {
      // an unfinished repetition: the lines it matched are plain lines after all
      List<Line> pending = List.copyOf(last.block.subList(0, last.matched));
      last.matched = 0;
      for (Line p : pending) append(p);
    }
    append(line);
  }

  private void append(Line line) {
    if (closed) return;
    Run last = last();
    if (last != null && last.block.size() == 1 && last.matched == 0 && last.block.get(0).same(line)) {
      last.count++;
      shown += line.length() + 1;
      return;
    }
    if (full) {
      closed = true;
      return;
    }
    Line kept = line;
    if (used + line.bytes().length > budget) {
      kept = new Line(Arrays.copyOf(line.bytes(), Math.max(0, budget - used)), line.length());
      full = true;
    }
    used += kept.bytes().length;
    if (used >= budget) full = true;
    runs.add(new Run(new ArrayList<>(List.of(kept))));
    shown += kept.bytes().length + (kept.cut() ? 0 : 1);
    if (kept.cut()) {
      // the rest of a line too long to keep is not shown, and nothing after it can be
      closed = true;
      return;
    }
    group();
  }

  /** The last 2·p plain lines are one block of p lines twice: they become one run, counted. */
  private void group() {
    int n = runs.size();
    for (int p = 2; p <= MAX_GROUP && 2 * p <= n; p++) {
      boolean repeats = true;
      for (int i = n - 2 * p; i < n && repeats; i++) repeats = runs.get(i).plain();
      for (int i = 0; i < p && repeats; i++) {
        repeats = runs.get(n - 2 * p + i).block.get(0).same(runs.get(n - p + i).block.get(0));
      }
      if (!repeats) continue;
      List<Line> block = new ArrayList<>();
      for (int i = 0; i < p; i++) block.add(runs.get(n - 2 * p + i).block.get(0));
      Run group = new Run(block);
      group.count = 2;
      List<Run> second = runs.subList(n - p, n);
      for (Run r : second) used -= r.block.get(0).bytes().length;
      runs.subList(n - 2 * p, n).clear();
      runs.add(group);
      full = used >= budget;
      return;
    }
  }

  private Run last() {
    return runs.isEmpty() ? null : runs.get(runs.size() - 1);
  }

  /** The kept lines, each repeated run followed by its count. */
  List<String> render() {
    List<String> out = new ArrayList<>();
    for (Run r : runs) {
      for (Line l : r.block) out.add(new String(l.bytes(), StandardCharsets.UTF_8));
      if (r.count > 1) {
        out.add((r.block.size() == 1 ? "↑ × " : "↑ these " + r.block.size() + " lines × ") + grouped(r.count));
      }
    }
    Run last = last();
    if (last != null) {
      for (int i = 0; i < last.matched; i++) out.add(new String(last.block.get(i).bytes(), StandardCharsets.UTF_8));
    }
    return out;
  }

  /** 50000 as "50 000", the way the feedback writes counts. */
  static String grouped(long n) {
    String s = Long.toString(n);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      if (i > 0 && (s.length() - i) % 3 == 0) b.append(' ');
      b.append(s.charAt(i));
    }
    return b.toString();
  }
}
