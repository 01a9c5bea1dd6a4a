package netlab.cli;

import java.util.concurrent.Callable;
import netlab.core.Msg;
import netlab.lesson.Lesson;
import netlab.lesson.LessonCatalog;
import netlab.progress.ProgressStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "lessons")
final class LessonsSubcommand implements Callable<Integer> {
  @ParentCommand
  TopCommand top;

  @Override
  public Integer call() {
    var home = top.cli().home();
    var printer = top.cli().printer();
    LessonCatalog catalog = LessonCatalog.load(home.lessons());
    var progress = new ProgressStore(home.progressFile()).load();
    if (progress.warning() != null) printer.warn(progress.warning());
    for (Lesson l : catalog.lessons()) {
      String mark = progress.progress().finished(l.slug()) ? "✓" : " ";
      String title = l.title() + " ".repeat(Math.max(0, 40 - netlab.markdown.Wrap.columns(l.title())));
      printer.println(mark + " " + l.id() + "  " + title + " " + Msg.get("lessons.minutes", String.format("%3d", l.minutes())));
    }
    for (var p : catalog.problems()) printer.warn(p.format(home.root()));
    return catalog.problems().isEmpty() ? 0 : 1;
  }
}
