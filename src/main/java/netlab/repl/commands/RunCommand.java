package netlab.repl.commands;

import netlab.core.NetlabException;
import netlab.lesson.Lesson;
import netlab.markdown.Theme;
import netlab.repl.Args;
import netlab.repl.Session;
import netlab.snippet.LessonRunner;
import netlab.snippet.SnippetPrinter;

public final class RunCommand extends BaseCommand {
  public RunCommand() {
    super("run", "run [N] [--fresh]", "run snippet N of this lesson in JShell (default: the next one not run yet)");
  }

  @Override
  public String details() {
    return "Each ```java block of a lesson is a numbered snippet ([1], [2], … in its frame). Snippets of a lesson "
        + "share one JShell: what snippet 1 defines, snippet 3 can use; earlier snippets that have not run yet "
        + "run first. --fresh starts over with an empty JShell; opening another lesson does too.\n"
        + "Code runs in a JVM of its own: Ctrl-C stops a snippet, and one that runs longer than "
        + Session.SNIPPET_LIMIT.toSeconds() + " s is stopped for you.";
  }

  @Override
  public void execute(Session session, Args args) throws NetlabException {
    Lesson lesson = session.current()
        .orElseThrow(() -> NetlabException.usage("open a lesson first ('lesson 1'); run runs its code"));
    LessonRunner runner = session.snippets();
    var out = session.out();
    if (args.has("--fresh")) {
      runner.fresh();
      out.note("started over with an empty JShell");
    }
    String number = args.words().stream().filter(w -> !w.startsWith("--")).findFirst().orElse(null);
    int n;
    if (number == null) {
      n = runner.next(lesson);
      if (n < 0) {
        out.println("Every snippet of lesson " + lesson.id() + " has run. 'run N' runs one again; 'run --fresh' starts over;"
            + " 'jshell' lets you experiment.");
        return;
      }
    } else {
      try {
        n = Integer.parseInt(number);
      } catch (NumberFormatException e) {
        throw NetlabException.usage("run takes a snippet number, e.g. 'run 2' (got '" + number + "')");
      }
    }
    LessonRunner.runnable(lesson, n); // a bad number is an error before any header
    int target = n;
    out.println("▶ snippet " + n + " of lesson " + lesson.id(), Theme.DIM);
    SnippetPrinter printer = new SnippetPrinter(out);
    LessonRunner.Ran ran = session.interruptible(() -> runner.run(lesson, target, printer));
    printer.finish();
    if (ran.tooNew() != null) SnippetPrinter.showSource(out, ran.snippet().code());
    if (ran.tooNew() != null) out.println(ran.tooNew(), Theme.WARN);
    if (!ran.ranFirst().isEmpty()) {
      out.note("(snippets " + ran.ranFirst() + " ran first: this one builds on them)");
    }
    if (ran.outcome().stopped() != null) out.println(ran.outcome().stopped(), Theme.WARN);
    if (ran.snippet().expectsError() && !ran.outcome().ok()) {
      out.note("this snippet shows an error on purpose: the lesson explains it");
    }
    int next = runner.next(lesson);
    if (next > 0) {
      out.note("'run' runs snippet " + next + " next");
    } else if (session.markFinished(lesson)) {
      out.note("lesson " + lesson.id() + " finished: every snippet has run");
    }
  }
}
