package netlab.repl;

import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/** Completes command names in the first word, then hands over to that command's completer. */
final class ReplCompleter implements Completer {
  private final CommandTable table;
  private final Session session;

  ReplCompleter(CommandTable table, Session session) {
    this.table = table;
    this.session = session;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    if (line.wordIndex() == 0) {
      for (Command c : table.commands()) {
        candidates.add(new Candidate(c.name(), c.name(), null, c.summary(), null, null, true));
        for (String alias : c.aliases()) {
          candidates.add(new Candidate(alias, alias, null, c.summary(), null, null, true));
        }
      }
      return;
    }
    table.find(line.words().get(0)).ifPresent(c -> c.completer(session).complete(reader, line, candidates));
  }
}
