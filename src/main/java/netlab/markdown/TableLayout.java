package netlab.markdown;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.commonmark.ext.gfm.tables.TableCell;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;

/**
 * Lays out a GFM table in box-drawing characters. Columns get their natural width when the table
 * fits; otherwise the widest columns shrink first and their cells wrap.
 */
final class TableLayout {
  static final int MIN_COLUMN = 3;

  record Cell(AttributedString text, TableCell.Alignment alignment) {}

  private TableLayout() {}

  /** {@code rows.get(0)} is the header row. Returns the rendered lines. */
  static List<AttributedString> layout(List<List<Cell>> rows, int width) {
    int cols = rows.stream().mapToInt(List::size).max().orElse(0);
    if (cols == 0) return List.of();
    int[] natural = new int[cols];
    for (List<Cell> row : rows) {
      for (int c = 0; c < row.size(); c++) {
        for (AttributedString l : Wrap.wrap(row.get(c).text(), Integer.MAX_VALUE / 2)) {
          natural[c] = Math.max(natural[c], l.columnLength());
        }
      }
    }
    int[] widths = fit(natural, width - (3 * cols + 1));
    List<AttributedString> out = new ArrayList<>();
    out.add(border('┌', '┬', '┐', widths));
    for (int r = 0; r < rows.size(); r++) {
      addRow(out, rows.get(r), widths, r == 0);
      if (r == 0 && rows.size() > 1) out.add(border('├', '┼', '┤', widths));
    }
    out.add(border('└', '┴', '┘', widths));
    return out;
  }

  /** Water-filling: every column gets min(natural, fair share of what is left). */
  static int[] fit(int[] natural, int available) {
    int cols = natural.length;
    int[] widths = new int[cols];
    int total = Arrays.stream(natural).map(n -> Math.max(n, 1)).sum();
    if (total <= available) {
      for (int c = 0; c < cols; c++) widths[c] = Math.max(1, natural[c]);
      return widths;
    }
    Integer[] order = new Integer[cols];
    for (int c = 0; c < cols; c++) order[c] = c;
    Arrays.sort(order, (a, b) -> Integer.compare(natural[a], natural[b]));
    int left = Math.max(available, cols * MIN_COLUMN);
    for (int k = 0; k < cols; k++) {
      int c = order[k];
      int share = left / (cols - k);
      widths[c] = Math.max(MIN_COLUMN, Math.min(Math.max(natural[c], 1), share));
      left -= widths[c];
    }
    return widths;
  }

  private static void addRow(List<AttributedString> out, List<Cell> row, int[] widths, boolean header) {
    List<List<AttributedString>> wrapped = new ArrayList<>();
    int height = 1;
    for (int c = 0; c < widths.length; c++) {
      AttributedString text = c < row.size() ? row.get(c).text() : AttributedString.EMPTY;
      if (header) text = new AttributedStringBuilder().style(Theme.TABLE_HEADER).append(text.toString()).toAttributedString();
      List<AttributedString> lines = Wrap.wrap(text, widths[c]);
      wrapped.add(lines);
      height = Math.max(height, lines.size());
    }
    for (int h = 0; h < height; h++) {
      AttributedStringBuilder b = new AttributedStringBuilder();
      b.styled(Theme.TABLE_BORDER, "│");
      for (int c = 0; c < widths.length; c++) {
        List<AttributedString> lines = wrapped.get(c);
        AttributedString cell = h < lines.size() ? lines.get(h) : AttributedString.EMPTY;
        TableCell.Alignment a = c < row.size() ? row.get(c).alignment() : null;
        b.append(' ').append(align(cell, widths[c], a)).append(' ');
        b.styled(Theme.TABLE_BORDER, "│");
      }
      out.add(b.toAttributedString());
    }
  }

  private static AttributedString align(AttributedString s, int width, TableCell.Alignment a) {
    int pad = Math.max(0, width - s.columnLength());
    int left = a == TableCell.Alignment.RIGHT ? pad : a == TableCell.Alignment.CENTER ? pad / 2 : 0;
    return new AttributedStringBuilder()
        .append(" ".repeat(left)).append(s).append(" ".repeat(pad - left)).toAttributedString();
  }

  private static AttributedString border(char l, char m, char r, int[] widths) {
    StringBuilder b = new StringBuilder().append(l);
    for (int c = 0; c < widths.length; c++) {
      b.append("─".repeat(widths[c] + 2)).append(c == widths.length - 1 ? r : m);
    }
    return new AttributedString(b, Theme.TABLE_BORDER);
  }
}
