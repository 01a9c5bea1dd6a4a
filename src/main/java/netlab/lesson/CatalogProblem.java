package netlab.lesson;

import java.nio.file.Path;

/** Something wrong with a lesson file, located by file and line so an author can fix it. */
public record CatalogProblem(Path file, int line, String message) {
  /** {@code lessons/07-handshake.md:3: minutes must be a whole number, got 'ten'}. */
  public String format(Path base) {
    Path shown = base != null && file.startsWith(base) ? base.relativize(file) : file;
    return shown + ":" + line + ": " + message;
  }
}
