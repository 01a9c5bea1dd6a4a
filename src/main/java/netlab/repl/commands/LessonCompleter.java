package netlab.repl.commands;

import netlab.core.Msg;
import java.util.List;
import netlab.lesson.Lesson;
import netlab.repl.Session;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/** Completes lesson numbers and slugs, with the title as the description. */
final class LessonCompleter implements Completer {
  private final Session session;

  LessonCompleter(Session session) {
    this.session = session;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    if (line.wordIndex() != 1) return;
    for (Lesson l : session.catalog().lessons()) {
      candidates.add(new Candidate(String.valueOf(l.number()), l.id(), Msg.get("complete.numbers"), l.title(), null, null, true));
      candidates.add(new Candidate(l.slug(), l.slug(), Msg.get("complete.names"), l.title(), null, null, true));
    }
  }
}
