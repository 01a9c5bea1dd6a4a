package netlab.repl.commands;

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
    super("help", "help [COMMAND]", "list the commands, or explain one", "?");
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
          NetlabException.usage("no command '" + args.first() + "'; type 'help' for the list"));
      out.println(new AttributedStringBuilder().styled(Theme.H3, c.usage()).toAttributedString());
      out.println("  " + c.summary());
      if (!c.aliases().isEmpty()) out.note("  also: " + String.join(", ", c.aliases()));
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
    int col = session.commands().commands().stream().mapToInt(c -> c.usage().length()).max().orElse(10) + 2;
    for (Command c : session.commands().commands()) {
      out.println(new AttributedStringBuilder()
          .styled(Theme.H3, String.format("  %-" + col + "s", c.usage()))
          .append(c.summary()).toAttributedString());
    }
    out.note("Tab completes commands and lesson names; ↑/↓ walk the history; Ctrl-C cancels a line, Ctrl-D leaves.");
  }
}
