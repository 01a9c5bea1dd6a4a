package netlab.repl.commands;

import java.util.List;
import netlab.exercise.Exercise;
import netlab.repl.Session;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/** Completes exercise ids and numbers, with the title as the description. */
final class ExerciseCompleter implements Completer {
  private final Session session;

  ExerciseCompleter(Session session) {
    this.session = session;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    if (line.wordIndex() != 1) return;
    for (Exercise e : session.exercises().exercises()) {
      candidates.add(new Candidate(e.id(), e.id(), null, e.localTitle(), null, null, true));
      candidates.add(new Candidate(String.valueOf(e.number()), e.numberLabel(), null, e.localTitle(), null, null, true));
    }
  }
}
