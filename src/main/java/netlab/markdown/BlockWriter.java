package netlab.markdown;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;

/**
 * Collects rendered lines for one document. Containers (block quotes, list items) push a prefix;
 * every line written while it is pushed starts with it. A list item's marker shows on its first
 * line only and the following lines are indented to match.
 */
final class BlockWriter {
  private static final class Prefix {
    final AttributedString first;
    final AttributedString rest;
    boolean used;

    Prefix(AttributedString first, AttributedString rest) {
      this.first = first;
      this.rest = rest;
    }
  }

  private final int width;
  private final Deque<Prefix> prefixes = new ArrayDeque<>();
  private final List<AttributedString> lines = new ArrayList<>();
  private boolean pendingBlank;
  private boolean atStart = true;

  BlockWriter(int width) {
    this.width = width;
  }

  /** Columns left for content inside the current containers (never less than 10). */
  int available() {
    int used = 0;
    for (Prefix p : prefixes) used += Math.max(p.first.columnLength(), p.rest.columnLength());
    return Math.max(10, width - used);
  }

  void push(AttributedString first, AttributedString rest) {
    prefixes.addLast(new Prefix(first, rest));
  }

  void pop() {
    prefixes.removeLast();
  }

  /** Asks for one blank line before the next block; repeated requests collapse into one. */
  void blankBeforeNext() {
    if (!atStart) pendingBlank = true;
  }

  /** Cancels a pending blank line (tight lists). */
  void noBlank() {
    pendingBlank = false;
  }

  void line(AttributedString content) {
    if (pendingBlank) {
      pendingBlank = false;
      emit(AttributedString.EMPTY, false);
    }
    emit(content, true);
    atStart = false;
  }

  void wrapped(AttributedString content) {
    for (AttributedString l : Wrap.wrap(content, available())) line(l);
  }

  private void emit(AttributedString content, boolean consumeFirst) {
    AttributedStringBuilder b = new AttributedStringBuilder();
    for (Iterator<Prefix> it = prefixes.iterator(); it.hasNext(); ) {
      Prefix p = it.next();
      if (!p.used && consumeFirst) {
        b.append(p.first);
        p.used = true;
      } else if (!p.used) {
        // a blank line before a list item's first line: keep only the bars of quotes
        b.append(blankOf(p.first));
      } else {
        b.append(p.rest);
      }
    }
    b.append(content);
    AttributedString s = b.toAttributedString();
    lines.add(content.length() == 0 ? trimEnd(s) : s);
  }

  private static AttributedString blankOf(AttributedString p) {
    return new AttributedString(" ".repeat(p.columnLength()));
  }

  private static AttributedString trimEnd(AttributedString s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == ' ') end--;
    return s.subSequence(0, end);
  }

  List<AttributedString> lines() {
    return lines;
  }
}
