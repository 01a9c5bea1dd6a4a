package netlab.repl;

import java.util.List;
import netlab.core.NetlabException;
import org.jline.reader.Completer;
import org.jline.reader.impl.completer.NullCompleter;

/**
 * One REPL command. Help text and tab completion are generated from these, so a command exists
 * in exactly one place: its class, listed once in {@link CommandTable}.
 */
public interface Command {
  String name();

  default List<String> aliases() {
    return List.of();
  }

  /** One line for the command list. */
  String summary();

  /** {@code lesson N|NAME}. */
  String usage();

  /** Extra paragraphs for {@code help CMD}; may be empty. */
  default String details() {
    return "";
  }

  /** Completes the arguments (the command name is completed by the table). */
  default Completer completer(Session session) {
    return NullCompleter.INSTANCE;
  }

  /** Runs the command. Expected problems are thrown as {@link NetlabException}s. */
  void execute(Session session, Args args) throws NetlabException;
}
