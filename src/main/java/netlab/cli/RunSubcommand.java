package netlab.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import netlab.core.NetlabException;
import netlab.grade.WorkerSpec;
import netlab.lesson.Lesson;
import netlab.lesson.LessonCatalog;
import netlab.snippet.LessonRunner;
import netlab.snippet.SnippetEngine;
import netlab.snippet.SnippetPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "run", description = {
    "Run snippet N of a lesson in JShell (the runnable snippets before it run first, silently).",
    "Exit 0 when it ran without an error, 1 when it did not compile or threw, 2 for a bad lesson or number."})
final class RunSubcommand implements Callable<Integer> {
  @ParentCommand
  TopCommand top;

  @Parameters(index = "0", paramLabel = "LESSON", description = "lesson number or name")
  String lesson;

  @Parameters(index = "1", paramLabel = "N", description = "snippet number, as shown in its frame ([N])")
  int number;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "stop the snippet after this long (default 10)")
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
    WorkerSpec spec = WorkerSpec.forThisJvm(home.root().resolve("target"), "netlab.snippet.SnippetWorkerMain", "snippets");
    try (SnippetEngine engine = new SnippetEngine(spec, Duration.ofSeconds(Math.max(1, timeout)), false)) {
      engine.prewarm();
      var printer = cli.printer();
      SnippetPrinter out = new SnippetPrinter(printer);
      LessonRunner.Ran ran = new LessonRunner(engine).run(l, number, out);
      out.finish();
      if (ran.outcome().stopped() != null) printer.println(ran.outcome().stopped());
      return ran.outcome().ok() ? 0 : 1;
    }
  }
}
