package netlab.repl.commands;

import java.util.List;
import netlab.core.NetlabException;
import netlab.demo.Demo;
import netlab.demo.DemoArgs;
import netlab.demo.DemoRegistry;
import netlab.markdown.Theme;
import netlab.repl.Args;
import netlab.repl.Session;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.utils.AttributedStringBuilder;

public final class DemoCommand extends BaseCommand {
  public DemoCommand() {
    super("demo", "demo [NAME [--port N]] | demo stop", "watch networking happen live on loopback, while you keep typing");
  }

  @Override
  public String details() {
    return "'demo' lists the demos; 'demo NAME' starts one (one at a time), its events appear above your prompt; "
        + "'demo stop' stops it and frees its ports. Demos that listen print the nc or curl line to try them with. "
        + "'netlab demo NAME' runs one in a second terminal.";
  }

  @Override
  public Completer completer(Session session) {
    return (reader, line, candidates) -> {
      if (line.wordIndex() != 1) return;
      candidates.add(new Candidate("stop", "stop", null, "stop the running demo", null, null, true));
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
      runner.stop().ifPresentOrElse(n -> out.println("stopped demo " + n + "; its ports are free"),
          () -> out.println("no demo is running"));
      return;
    }
    Demo demo = DemoRegistry.find(name).orElseThrow(() -> NetlabException.usage("no demo '" + name
        + "'; 'demo' lists them"));
    runner.start(demo, DemoArgs.parse(args.words().subList(1, args.words().size())));
  }

  private static void list(Session session) {
    var out = session.out();
    for (Demo d : DemoRegistry.all()) {
      out.println(new AttributedStringBuilder().styled(Theme.H3, String.format("  %-12s", d.name()))
          .styled(Theme.DIM, String.format("[%02d] ", d.lesson())).append(d.summary()).toAttributedString());
    }
    session.demos().running().ifPresent(n -> out.note("running now: " + n + " ('demo stop' ends it)"));
    session.current().ifPresent(l -> {
      List<String> mine = l.demos().stream().filter(DemoRegistry.names()::contains).toList();
      if (!mine.isEmpty()) out.note("for lesson " + l.id() + ": " + String.join(", ", mine) + " — 'demo " + mine.get(0) + "' starts it");
    });
  }
}
