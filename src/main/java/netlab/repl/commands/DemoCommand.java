package netlab.repl.commands;

import netlab.core.Msg;
import java.util.List;
import netlab.core.NetlabException;
import netlab.demo.Demo;
import netlab.demo.DemoArgs;
import netlab.demo.DemoRegistry;
import netlab.markdown.Theme;
import netlab.markdown.Wrap;
import netlab.repl.Args;
import netlab.repl.Session;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;

public final class DemoCommand extends BaseCommand {
  public DemoCommand() {
    super("demo");
  }

  @Override
  public Completer completer(Session session) {
    return (reader, line, candidates) -> {
      if (line.wordIndex() != 1) return;
      candidates.add(new Candidate("stop", "stop", null, Msg.get("demo.stop.summary"), null, null, true));
      for (Demo d : DemoRegistry.all()) {
        candidates.add(new Candidate(d.name(), d.name(), null, d.summary(), null, null, true));
      }
    };
  }

  @Override
  public void execute(Session session, Args args) throws NetlabException {
    var out = session.out();
    var runner = session.demos();
    if (args.isEmpty()) {
      list(session);
      return;
    }
    String name = args.first();
    if (name.equals("stop")) {
      runner.stop().ifPresentOrElse(n -> out.println(Msg.get("demo.stopped", n)),
          () -> out.println(Msg.get("demo.notRunning")));
      return;
    }
    Demo demo = DemoRegistry.find(name).orElseThrow(() -> NetlabException.usage(Msg.get("demo.unknown", name)));
    var options = DemoArgs.parse(args.words().subList(1, args.words().size()));
    // one demo at a time: say so, rather than let the one running vanish without a word
    if (runner.running().isPresent()) {
      runner.stop().ifPresent(n -> out.println(Msg.get("demo.replaced", n)));
    }
    runner.start(demo, options);
  }

  private static void list(Session session) {
    var out = session.out();
    List<Demo> demos = DemoRegistry.all();
    int name = demos.stream().mapToInt(d -> d.name().length()).max().orElse(10) + 1;
    int col = 2 + name + 5; // "  NAME [07] "
    // summaries wrap at words under their own column; a narrow terminal gets them below the name
    boolean beside = out.width() - col >= 24;
    String hang = " ".repeat(beside ? col : 6);
    for (Demo d : demos) {
      AttributedStringBuilder head = new AttributedStringBuilder()
          .styled(Theme.H3, String.format("  %-" + name + "s", d.name()))
          .styled(Theme.DIM, String.format(beside ? "[%02d] " : "[%02d]", d.lesson()));
      List<AttributedString> lines = Wrap.wrap(new AttributedString(d.summary()), out.width() - hang.length());
      if (beside && !lines.isEmpty()) {
        out.println(head.append(lines.get(0)).toAttributedString());
        lines = lines.subList(1, lines.size());
      } else {
        out.println(head.toAttributedString());
      }
      for (AttributedString l : lines) out.println(new AttributedStringBuilder().append(hang).append(l).toAttributedString());
    }
    session.demos().running().ifPresent(n -> out.note(Msg.get("demo.runningNow", n)));
    session.current().ifPresent(l -> {
      List<String> mine = l.demos().stream().filter(DemoRegistry.names()::contains).toList();
      if (!mine.isEmpty()) out.note(Msg.get("demo.forLesson", l.id(), String.join(", ", mine), mine.get(0)));
    });
  }
}
