package netlab.repl.commands;

import java.util.List;
import netlab.core.Msg;
import netlab.core.NetlabException;
import netlab.markdown.Theme;
import netlab.markdown.Wrap;
import netlab.repl.Args;
import netlab.repl.Command;
import netlab.repl.Session;
import org.jline.reader.Completer;
import org.jline.reader.impl.completer.ArgumentCompleter;
import org.jline.reader.impl.completer.NullCompleter;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;

public final class HelpCommand extends BaseCommand {
  public HelpCommand() {
    super("help", "?");
  }

  @Override
  public Completer completer(Session session) {
    return new ArgumentCompleter(NullCompleter.INSTANCE, new StringsCompleter(session.commands().names()),
        NullCompleter.INSTANCE);
  }

  @Override
  public void execute(Session session, Args args) throws NetlabException {
    var out = session.out();
    if (!args.isEmpty()) {
      Command c = session.commands().find(args.first()).orElseThrow(() ->
          NetlabException.usage(Msg.get("help.noCommand", args.first())));
      out.println(new AttributedStringBuilder().styled(Theme.H3, c.usage()).toAttributedString());
      out.println("  " + c.summary());
      if (!c.aliases().isEmpty()) out.note("  " + Msg.get("help.aliases", String.join(", ", c.aliases())));
      if (!c.details().isEmpty()) {
        out.println();
        for (String para : c.details().split("\n")) {
          for (AttributedString l : Wrap.wrap(new AttributedString(para), out.width() - 2)) {
            out.println(new AttributedStringBuilder().append("  ").append(l).toAttributedString());
          }
        }
      }
      return;
    }
    int col = session.commands().commands().stream().mapToInt(c -> Wrap.columns(c.usage())).max().orElse(10) + 2;
    // summaries wrap at words beside the usage column; a narrow terminal gets them below it
    int room = out.width() - col - 2;
    String indent = " ".repeat(room >= 30 ? col + 2 : 6);
    for (Command c : session.commands().commands()) {
      List<AttributedString> lines = Wrap.wrap(new AttributedString(c.summary()), room >= 30 ? room : out.width() - 6);
      if (lines.isEmpty()) lines = List.of(new AttributedString(""));
      AttributedStringBuilder first = new AttributedStringBuilder().styled(Theme.H3, "  " + c.usage() + " ".repeat(Math.max(0, col - Wrap.columns(c.usage()))));
      if (room >= 30) {
        out.println(first.append(lines.get(0)).toAttributedString());
        lines = lines.subList(1, lines.size());
      } else {
        out.println(first.toAttributedString());
      }
      for (AttributedString l : lines) out.println(new AttributedStringBuilder().append(indent).append(l).toAttributedString());
    }
    out.note(Msg.get("help.keys"));
  }
}
