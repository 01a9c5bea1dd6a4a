package netlab.cli;

import java.util.concurrent.Callable;
import netlab.core.NetlabException;
import netlab.lesson.LessonCatalog;
import netlab.lesson.LessonView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "lesson")
final class LessonSubcommand implements Callable<Integer> {
  @ParentCommand
  TopCommand top;

  @Parameters(paramLabel = "N|NAME", descriptionKey = "lesson")
  String which;

  @Override
  public Integer call() throws NetlabException {
    Cli cli = top.cli();
    var home = cli.home();
    LessonCatalog catalog = LessonCatalog.load(home.lessons());
    try {
      var printer = cli.printer();
      var match = catalog.lookup(which);
      printer.lines(LessonView.render(match.lesson(), printer.width()));
      // on stderr: the lesson on stdout stays exactly the lesson
      match.note().ifPresent(n -> cli.streams().errWriter().println("netlab: " + n));
      if (netlab.core.Msg.zh() && !match.lesson().translated()) {
        cli.streams().errWriter().println("netlab: " + netlab.core.Msg.get("session.untranslated", match.lesson().id()));
      }
      return 0;
    } catch (LessonCatalog.LessonNotFound e) {
      throw NetlabException.usage(e.getMessage());
    }
  }
}
