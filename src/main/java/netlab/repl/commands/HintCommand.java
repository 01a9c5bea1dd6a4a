package netlab.repl.commands;

import netlab.core.Msg;
import netlab.core.NetlabException;
import netlab.exercise.Exercise;
import netlab.markdown.Theme;
import netlab.repl.Args;
import netlab.repl.Session;
import org.jline.reader.Completer;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;

public final class HintCommand extends BaseCommand {
  public HintCommand() {
    super("hint");
  }

  @Override
  public Completer completer(Session session) {
    return new ExerciseCompleter(session);
  }

  @Override
  public void execute(Session session, Args args) throws NetlabException {
    Exercise ex = session.exercise(args);
    var st = session.progress().exercise(ex.id());
    var hints = ex.localHints();
    int shown = Math.min(st.hintsShown + 1, hints.size());
    st.hintsShown = shown;
    session.saveProgress();
    var out = session.out();
    for (int i = 0; i < shown; i++) {
      AttributedString label = new AttributedStringBuilder()
          .styled(i == shown - 1 ? Theme.H3 : Theme.DIM, Msg.label("hint.label", i + 1, hints.size()))
          .toAttributedString();
      out.wrapped(new AttributedStringBuilder().append(label)
          .styled(i == shown - 1 ? Theme.PLAIN : Theme.DIM, hints.get(i)).toAttributedString());
    }
    if (shown == hints.size()) out.note(Msg.get("hint.last", ex.dir()));
  }
}
