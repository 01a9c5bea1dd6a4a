package netlab.repl.commands;

import netlab.core.Lang;
import netlab.core.Msg;
import netlab.core.NetlabException;
import netlab.repl.Args;
import netlab.repl.Session;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;

/**
 * Switches the language of the lab and its lessons at once, and remembers the choice in the
 * progress file, so that the next start speaks it too ('netlab --lang' still wins for one run).
 */
public final class LangCommand extends BaseCommand {
  public LangCommand() {
    super("lang");
  }

  @Override
  public Completer completer(Session session) {
    return (reader, line, candidates) -> {
      if (line.wordIndex() != 1) return;
      for (Lang l : Lang.values()) {
        candidates.add(new Candidate(l.code(), l.code(), null, Msg.get("lang.name." + l.code()), null, null, true));
      }
    };
  }

  @Override
  public void execute(Session session, Args args) throws NetlabException {
    var out = session.out();
    if (args.isEmpty()) {
      out.wrapped(new org.jline.utils.AttributedString(Msg.get("lang.now", Msg.get("lang.name." + Msg.lang().code()), Lang.allowed())));
      return;
    }
    if (args.words().size() > 1) throw NetlabException.usage(Msg.get("lang.unknown", args.rest(), Lang.allowed()));
    Lang chosen = Lang.parse(args.first());
    Msg.use(chosen);
    session.progress().lang = chosen.code();
    session.saveProgress();
    out.wrapped(new org.jline.utils.AttributedString(Msg.get("lang.switched", Msg.get("lang.name." + chosen.code()))));
    long missing = session.catalog().english().size() - session.catalog().translations().size();
    if (chosen == Lang.ZH && missing > 0) out.note(Msg.get("lang.untranslated", missing));
  }
}
