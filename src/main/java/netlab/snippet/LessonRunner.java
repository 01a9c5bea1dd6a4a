package netlab.snippet;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import netlab.core.Msg;
import netlab.core.NetlabException;
import netlab.lesson.Lesson;
import netlab.lesson.Snippet;
import netlab.markdown.Markdown;

/**
 * Runs a lesson's snippets in one engine, so that what snippet 1 defines is there for snippet 3.
 * Moving to another lesson starts over in a fresh engine; so does {@link #fresh()}.
 */
public final class LessonRunner {
  /**
   * What {@link #run} did: the snippet, whether it worked, and the earlier ones it ran first.
   * {@code tooNew} is set, and nothing ran, when the snippet needs a newer Java than the engine's:
   * the note to show with it.
   */
  public record Ran(Snippet snippet, SnippetEngine.Outcome outcome, List<Integer> ranFirst, String tooNew) {}

  private final SnippetEngine engine;
  private String lesson;
  private final Set<Integer> ran = new TreeSet<>();

  public LessonRunner(SnippetEngine engine) {
    this.engine = engine;
  }

  public SnippetEngine engine() {
    return engine;
  }

  public static List<Snippet> snippets(Lesson l) {
    // the English lesson's: a translation's code blocks are the same, and 'run N' must be too
    return Snippet.of(Markdown.parse(l.english().markdown()));
  }

  /** Starts over: a fresh engine, nothing run. */
  public void fresh() {
    engine.reset();
    ran.clear();
    lesson = null;
  }

  private void enter(Lesson l) {
    if (!l.slug().equals(lesson)) {
      if (lesson != null || !engine.history().isEmpty()) engine.reset();
      ran.clear();
      lesson = l.slug();
    }
  }

  /** The number of the next runnable snippet not run yet, or -1. */
  public int next(Lesson l) {
    Set<Integer> done = l.slug().equals(lesson) ? ran : Set.of();
    for (Snippet s : snippets(l)) {
      if (s.runnable() && !done.contains(s.number())) return s.number();
    }
    return -1;
  }

  public boolean hasRun(Lesson l, int n) {
    return l.slug().equals(lesson) && ran.contains(n);
  }

  /**
   * Runs snippet {@code n} of {@code l}. Earlier runnable snippets that have not run yet run
   * first, silently, because later snippets build on them (snippets that show an error are
   * skipped). Throws for a snippet that does not exist or is not runnable.
   */
  public Ran run(Lesson l, int n, SnippetEngine.Listener listener) throws NetlabException {
    List<Snippet> all = snippets(l);
    Snippet target = runnable(l, all, n);
    enter(l);
    int java = engine.jdk().feature();
    if (!target.runsOn(java)) {
      // shown, not run: a compile error about a Java 21 API would only confuse. It counts as
      // done, so a lesson can still be finished by running its snippets on an older Java.
      ran.add(n);
      return new Ran(target, new SnippetEngine.Outcome(true, null), List.of(), target.tooNewNote(java));
    }
    List<Integer> first = new java.util.ArrayList<>();
    for (Snippet s : all) {
      if (s.number() >= n) break;
      if (!s.runnable() || s.expectsError() || ran.contains(s.number())) continue;
      if (!s.runsOn(java)) continue;
      engine.eval(s.code(), SnippetEngine.Listener.SILENT);
      ran.add(s.number());
      first.add(s.number());
    }
    SnippetEngine.Outcome o = engine.eval(target.code(), listener);
    ran.add(n);
    return new Ran(target, o, first, null);
  }

  /**
   * Snippet {@code n} of {@code l}, if it exists and can run; otherwise throws the error 'run'
   * shows. Callers ask before announcing a run, so a bad number prints nothing else.
   */
  public static Snippet runnable(Lesson l, int n) throws NetlabException {
    return runnable(l, snippets(l), n);
  }

  private static Snippet runnable(Lesson l, List<Snippet> all, int n) throws NetlabException {
    if (all.isEmpty()) throw NetlabException.usage(Msg.get("run.noSnippets", l.id()));
    if (n < 1 || n > all.size()) {
      throw NetlabException.usage(Msg.get(all.size() == 1 ? "run.range.one" : "run.range", l.id(), all.size()));
    }
    Snippet target = all.get(n - 1);
    if (!target.runnable()) throw NetlabException.usage(Msg.get("run.readOnly", n, l.id()));
    return target;
  }

  /**
   * Defines every runnable snippet of the lesson not run yet (not the ones showing errors, nor
   * those needing a newer Java than the engine's).
   */
  public int defineAll(Lesson l) throws NetlabException {
    enter(l);
    int count = 0;
    int java = engine.jdk().feature();
    for (Snippet s : snippets(l)) {
      if (!s.runnable() || s.expectsError() || ran.contains(s.number()) || !s.runsOn(java)) continue;
      engine.eval(s.code(), SnippetEngine.Listener.SILENT);
      ran.add(s.number());
      count++;
    }
    return count;
  }

  public String lesson() {
    return lesson;
  }
}
