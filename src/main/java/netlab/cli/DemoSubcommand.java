package netlab.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import netlab.core.NetlabException;
import netlab.demo.Demo;
import netlab.demo.DemoArgs;
import netlab.demo.DemoLog;
import netlab.demo.DemoRegistry;
import netlab.demo.DemoRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Unmatched;

@Command(name = "demo")
final class DemoSubcommand implements Callable<Integer> {
  @ParentCommand
  TopCommand top;

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", descriptionKey = "name")
  String name;

  @Unmatched
  List<String> options = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Cli cli = top.cli();
    var printer = cli.printer();
    if (name == null) {
      // names padded to the longest, as the REPL's list does ("happy-eyeballs" is 14)
      int width = DemoRegistry.names().stream().mapToInt(String::length).max().orElse(12);
      for (Demo d : DemoRegistry.all()) {
        printer.println(String.format("  %-" + width + "s [%02d] %s", d.name(), d.lesson(), d.summary()));
      }
      return 0;
    }
    Demo demo = DemoRegistry.find(name).orElseThrow(() -> NetlabException.usage(netlab.core.Msg.get("demo.unknown.cli", name)));
    DemoLog log = new DemoLog(printer::println);
    if (!demo.listening()) {
      // standalone, a scripted demo plays in this thread and ends
      var ctx = new netlab.demo.DemoContext(demo.name(), log, DemoArgs.parse(options));
      try {
        demo.start(ctx);
      } finally {
        ctx.stop();
      }
      return 0;
    }
    DemoRunner runner = new DemoRunner(log);
    runner.start(demo, DemoArgs.parse(options));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      runner.stop(); // Ctrl-C: every socket closed, every thread ended
      stopped.countDown();
    }, "netlab-demo-stop"));
    log.info(netlab.core.Msg.get("demo.ctrlC"));
    BufferedReader in = new BufferedReader(new InputStreamReader(cli.streams().in(), StandardCharsets.UTF_8));
    try {
      for (String line; (line = in.readLine()) != null; ) {
        if (!line.isBlank()) runner.input(line);
      }
    } catch (IOException ignored) {
      // no stdin: serve until Ctrl-C
    }
    stopped.await();
    return 0;
  }
}
