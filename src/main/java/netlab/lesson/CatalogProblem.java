package netlab.lesson;

import java.nio.file.Path;
import java.util.List;
import netlab.core.Msg;

/**
 * Something wrong with a lesson file, located by file and line so an author can fix it. The
 * message is a bundle key and its arguments, put into words when shown, in the language of the
 * moment (the catalog is read before the language is known).
 */
public record CatalogProblem(Path file, int line, String key, List<Object> args) {
  public CatalogProblem(Path file, int line, String key, Object... args) {
    this(file, line, key, List.of(args));
  }

  public String message() {
    return Msg.get(key, args.toArray());
  }

  /** {@code lessons/07-handshake.md:3: minutes must be a whole number, got 'ten'}. */
  public String format(Path base) {
    Path shown = base != null && file.startsWith(base) ? base.relativize(file) : file;
    return shown + ":" + line + ": " + message();
  }
}
