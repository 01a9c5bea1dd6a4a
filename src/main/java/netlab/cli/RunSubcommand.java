package netlab.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import netlab.core.Jdk;
import netlab.core.Msg;
import netlab.core.NetlabException;
import netlab.lesson.Lesson;
import netlab.lesson.LessonCatalog;
import netlab.lesson.Snippet;
import netlab.markdown.Theme;
import netlab.snippet.LessonRunner;
import netlab.snippet.SnippetEngine;
import netlab.snippet.SnippetPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "run")
final class RunSubcommand implements Callable<Integer> {
  @ParentCommand
  TopCommand top;

  @Parameters(index = "0", paramLabel = "LESSON", descriptionKey = "lesson")
  String lesson;

  @Parameters(index = "1", arity = "0..1", paramLabel = "N", descriptionKey = "snippet")
  Integer number;

  @Option(names = "--timeout", paramLabel = "SECONDS")
  int timeout = 10;

  @Override
  public Integer call() throws NetlabException {
    Cli cli = top.cli();
    var home = cli.home();
    Lesson l;
    try {
      l = LessonCatalog.load(home.lessons()).find(lesson);
    } catch (LessonCatalog.LessonNotFound e) {
      throw NetlabException.usage(e.getMessage());
    }
    Jdk.Choice jdk = Jdk.forSnippets(cli.streams().env());
    var printer = cli.printer();
    if (jdk.problem() != null) printer.warn(jdk.problem());
    Snippet target = number == null ? null : LessonRunner.runnable(l, number); // a bad number: an error before the engine starts
    try (SnippetEngine engine = SnippetEngine.on(jdk.jdk(), home.root().resolve("target"),
        Duration.ofSeconds(Math.max(1, timeout)), false)) {
      SnippetPrinter out = new SnippetPrinter(printer);
      if (number == null) return runAll(l, engine, printer, out);
      if (!target.runsOn(engine.jdk().feature())) {
        // shown, not run, and no engine started for it: this Java is too old for the snippet
        SnippetPrinter.showSource(printer, target.code());
        printer.println(target.tooNewNote(engine.jdk().feature()), Theme.WARN);
        return 0;
      }
      engine.prewarm();
      LessonRunner.Ran ran = new LessonRunner(engine).run(l, number, out);
      out.finish();
      if (ran.outcome().stopped() != null) printer.println(ran.outcome().stopped());
      return ran.outcome().ok() ? 0 : 1;
    }
  }

  /** Every runnable snippet in order, one engine: the author's view of the lesson test. */
  private static int runAll(Lesson l, SnippetEngine engine, netlab.core.Printer printer, SnippetPrinter out)
      throws NetlabException {
    int clean = 0;
    int expectedErrors = 0;
    int skipped = 0;
    int tooNew = 0;
    int feature = engine.jdk().feature();
    java.util.List<String> bad = new java.util.ArrayList<>();
    printer.println(Msg.get("cli.run.header", l.id(), engine.jdk().describe()), Theme.DIM);
    engine.prewarm();
    for (Snippet s : LessonRunner.snippets(l)) {
      if (!s.runnable()) {
        skipped++;
        continue;
      }
      if (!s.runsOn(feature)) {
        printer.println("── [" + s.number() + "] " + Msg.get("cli.run.skipped", s.tooNewNote(feature)), Theme.DIM);
        tooNew++;
        continue;
      }
      printer.println("── [" + s.number() + "]" + (s.expectsError() ? " (expect-error)" : ""), Theme.DIM);
      SnippetEngine.Outcome o = engine.eval(s.code(), out);
      out.finish();
      if (o.stopped() != null) printer.println(o.stopped());
      if (s.expectsError()) {
        if (o.ok()) bad.add(Msg.get("cli.run.cleanExpectError", s.number()));
        else expectedErrors++;
      } else if (o.ok()) {
        clean++;
      } else {
        bad.add(Msg.get("cli.run.failed", s.number()));
      }
    }
    printer.println(Msg.get("cli.run.summary", l.id(), clean, expectedErrors, skipped)
        + (tooNew == 0 ? "" : Msg.get("cli.run.summaryTooNew", tooNew, feature)));
    for (String b : bad) printer.error(b);
    return bad.isEmpty() ? 0 : 1;
  }
}
