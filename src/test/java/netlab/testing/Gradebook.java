package netlab.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a gradebook.csv (every field quoted, quotes doubled) back into plain rows, for assertions. */
public final class Gradebook {
  private Gradebook() {}

  /** Each row's fields joined by commas, unquoted: {@code alice,3,3,3,problem text}. */
  public static List<String> plainRows(Path csv) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readString(csv).lines().toList()) out.add(String.join(",", cells(line)));
    return out;
  }

  /** The fields of one gradebook line. */
  public static List<String> cells(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"' && quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
        cell.append(c);
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString());
    return cells;
  }
}
