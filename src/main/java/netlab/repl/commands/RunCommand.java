package netlab.repl.commands;

import netlab.core.Msg;
import netlab.core.NetlabException;
import netlab.lesson.Lesson;
import netlab.markdown.Theme;
import netlab.repl.Args;
import netlab.repl.Session;
import netlab.snippet.LessonRunner;
import netlab.snippet.SnippetPrinter;

public final class RunCommand extends BaseCommand {
  public RunCommand() {
    super("run");
  }

  @Override
  public String details() {
    return Msg.get("cmd.run.details", Session.SNIPPET_LIMIT.toSeconds());
  }

  @Override
  public void execute(Session session, Args args) throws NetlabException {
    Lesson lesson = session.current()
        .orElseThrow(() -> NetlabException.usage(Msg.get("run.noLesson")));
    LessonRunner runner = session.snippets();
    var out = session.out();
    if (args.has("--fresh")) {
      runner.fresh();
      out.note(Msg.get("run.fresh"));
    }
    String number = args.words().stream().filter(w -> !w.startsWith("--")).findFirst().orElse(null);
    int n;
    if (number == null) {
      n = runner.next(lesson);
      if (n < 0) {
        out.wrapped(new org.jline.utils.AttributedString(Msg.get("run.allRan", lesson.id())));
        return;
      }
    } else {
      try {
        n = Integer.parseInt(number);
      } catch (NumberFormatException e) {
        throw NetlabException.usage(Msg.get("run.notNumber", number));
      }
    }
    LessonRunner.runnable(lesson, n); // a bad number is an error before any header
    int target = n;
    out.println("▶ " + Msg.get("run.header", n, lesson.id()), Theme.DIM);
    SnippetPrinter printer = new SnippetPrinter(out);
    LessonRunner.Ran ran = session.interruptible(() -> runner.run(lesson, target, printer));
    printer.finish();
    if (ran.tooNew() != null) SnippetPrinter.showSource(out, ran.snippet().code());
    if (ran.tooNew() != null) out.println(ran.tooNew(), Theme.WARN);
    if (!ran.ranFirst().isEmpty()) {
      out.note(Msg.get("run.ranFirst", ran.ranFirst()));
    }
    if (ran.outcome().stopped() != null) out.println(ran.outcome().stopped(), Theme.WARN);
    if (ran.snippet().expectsError() && !ran.outcome().ok()) {
      out.note(Msg.get("run.expectedError"));
    }
    int next = runner.next(lesson);
    if (next > 0) {
      out.note(Msg.get("run.next", next));
    } else if (session.markFinished(lesson)) {
      out.note(Msg.get("run.finished", lesson.id()));
    }
  }
}
