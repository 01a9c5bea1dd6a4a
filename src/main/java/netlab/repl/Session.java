package netlab.repl;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import netlab.core.Jdk;
import netlab.core.LabHome;
import netlab.core.Msg;
import netlab.core.NetlabException;
import netlab.core.Printer;
import netlab.demo.DemoLog;
import netlab.demo.DemoRunner;
import netlab.exercise.Exercise;
import netlab.exercise.ExerciseCatalog;
import netlab.exercise.Starters;
import netlab.grade.CheckResult;
import netlab.grade.Grader;
import netlab.snippet.LessonRunner;
import netlab.snippet.SnippetEngine;
import netlab.lesson.Lesson;
import netlab.lesson.LessonCatalog;
import netlab.lesson.LessonView;
import netlab.progress.Progress;
import netlab.progress.ProgressStore;
import org.jline.reader.LineReader;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;

/** The state of one REPL session: the lab, where the student is, and where output goes. */
public final class Session {
  private final LabHome home;
  private final Printer out;
  private final Terminal terminal;
  private final boolean interactive;
  private final boolean keyboard;
  private final LessonCatalog catalog;
  private final ProgressStore store;
  private final Progress progress;
  private Lesson current;
  private LineReader reader;
  private CommandTable commands;
  private boolean quit;
  private ExerciseCatalog exercises;
  private Grader grader;
  private LessonRunner snippets;
  private DemoRunner demos;
  private boolean saveWarned;
  private Jdk engineJdk = Jdk.lab();

  public Session(LabHome home, Printer out, Terminal terminal, boolean interactive, boolean keyboard) {
    this(home, out, terminal, interactive, keyboard, LabState.load(home));
  }

  public Session(LabHome home, Printer out, Terminal terminal, boolean interactive, boolean keyboard,
      LabState state) {
    this.home = home;
    this.out = out;
    this.terminal = terminal;
    this.interactive = interactive;
    this.keyboard = keyboard;
    this.catalog = state.catalog();
    this.store = state.store();
    ProgressStore.Loaded loaded = state.progress();
    this.progress = loaded.progress();
    if (loaded.warning() != null) out.warn(loaded.warning());
    if (progress.current != null) current = catalog.bySlug(progress.current).orElse(null);
  }

  public LabHome home() {
    return home;
  }

  public Printer out() {
    return out;
  }

  public Terminal terminal() {
    return terminal;
  }

  /** True with a real terminal: colours, pager, line editing. False for pipes and TERM=dumb. */
  public boolean interactive() {
    return interactive;
  }

  /** True when a person types at a terminal (prompt, history); false when input is piped. */
  public boolean keyboard() {
    return keyboard;
  }

  public LessonCatalog catalog() {
    return catalog;
  }

  public Progress progress() {
    return progress;
  }

  /** The lesson the student is on, in the lab's language (a 'lang' switch applies at once). */
  public Optional<Lesson> current() {
    return Optional.ofNullable(current).map(l -> catalog.bySlug(l.slug()).orElse(l));
  }

  public LineReader reader() {
    return reader;
  }

  void setReader(LineReader reader) {
    this.reader = reader;
  }

  public CommandTable commands() {
    return commands;
  }

  void setCommands(CommandTable commands) {
    this.commands = commands;
  }

  public void requestQuit() {
    quit = true;
  }

  public boolean quitRequested() {
    return quit;
  }

  /** The exercise catalog, read on first use. */
  public synchronized ExerciseCatalog exercises() {
    if (exercises == null) exercises = ExerciseCatalog.load(home);
    return exercises;
  }

  /** The grader, created on first use; it keeps a worker JVM warm between checks. */
  public synchronized Grader grader() {
    if (grader == null) grader = Grader.forLab(home, Grader.Options.defaults());
    return grader;
  }

  /** The lesson snippets' JShell engine, created on first use; it runs in a JVM of its own. */
  public synchronized LessonRunner snippets() {
    if (snippets == null) snippets = new LessonRunner(newSnippetEngine(home, engineJdk, keyboard));
    return snippets;
  }

  /**
   * The JDK the JShell engine is to run on ({@code NETLAB_JAVA}, else the lab's own); set before
   * the first snippet. A {@code NETLAB_JAVA} naming no usable JDK is reported here, once.
   */
  public synchronized void useEngineJdk(Jdk.Choice choice) {
    engineJdk = choice.jdk();
    if (choice.problem() != null) out.warn(choice.problem());
  }

  /** The JDK the JShell engine runs on. */
  public Jdk engineJdk() {
    return engineJdk;
  }

  /** The demo runner; demo output goes above the prompt while the student types. */
  public synchronized DemoRunner demos() {
    if (demos == null) demos = new DemoRunner(new DemoLog(out::wrapped));
    return demos;
  }

  /** A JShell engine for a session on {@code jdk}; its JVM boots on first use or {@code prewarm()}. */
  public static SnippetEngine newSnippetEngine(LabHome home, Jdk jdk, boolean keepSpare) {
    return SnippetEngine.on(jdk, home.root().resolve("target"), SNIPPET_LIMIT, keepSpare);
  }



  /** How long one snippet may run before it is stopped. */
  public static final java.time.Duration SNIPPET_LIMIT = java.time.Duration.ofSeconds(10);

  /**
   * Runs {@code work} with Ctrl-C interrupting this thread (jline otherwise only interrupts a line
   * being edited), for commands that wait: a snippet, a watch.
   */
  public <T> T interruptible(java.util.concurrent.Callable<T> work) throws NetlabException {
    Thread me = Thread.currentThread();
    org.jline.terminal.Terminal.SignalHandler previous = terminal == null ? null
        : terminal.handle(org.jline.terminal.Terminal.Signal.INT, signal -> me.interrupt());
    try {
      return work.call();
    } catch (NetlabException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new NetlabException(netlab.core.ExitCode.INTERNAL, e.toString(), e);
    } finally {
      Thread.interrupted();
      if (terminal != null) terminal.handle(org.jline.terminal.Terminal.Signal.INT, previous);
    }
  }

  /**
   * Work that must not delay the first prompt: copy pristine starters (for 'reset') and, when a
   * person is at the keyboard, start a grading worker so the first 'check' is quick.
   */
  public void startBackgroundWork() {
    Thread t = new Thread(() -> {
      if (keyboard) {
        // one JVM at a time on a small machine: the JShell engine first (a 'run' is likelier
        // soon after start than a 'check'), the grading worker once it is warm
        snippets().engine().prewarm();
        try {
          snippets().engine().awaitReady();
          // and then leave the CPU to a first 'run' for a moment; a 'check' before that starts
          // its worker itself
          Thread.sleep(3000);
        } catch (NetlabException e) {
          // the first 'run' will report it
        } catch (InterruptedException e) {
          return;
        }
        grader().prewarmAll();
      }
      Starters.snapshotAll(home, exercises().exercises());
    }, "netlab-background-start");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  /**
   * The exercise an id or number names; without one, the first exercise of the current lesson.
   */
  public Exercise exercise(Args args) throws NetlabException {
    if (!args.isEmpty()) return exercises().find(args.first());
    Lesson l = current().orElseThrow(() -> NetlabException.usage(Msg.get("session.whichExercise")));
    for (String id : l.exercises()) {
      var ex = exercises().byId(id);
      if (ex.isPresent()) return ex.get();
    }
    throw NetlabException.usage(Msg.get("session.noExercise", l.id()));
  }

  /** Records a check in the progress file. */
  public void record(CheckResult r) {
    r.recordIn(progress);
    saveProgress();
  }

  public synchronized void close() {
    if (demos != null) demos.close();
    if (grader != null) grader.close();
    if (snippets != null) snippets.engine().close();
    saveProgress();
  }

  /**
   * Opens a lesson: it becomes the current one, is recorded as opened, and is shown. Reopening
   * the lesson the student is on (after a restart, or 'lesson' again) goes back to where they
   * left the pager; reaching its end there marks it finished.
   */
  public void open(Lesson lesson) {
    boolean again = current != null && current.slug().equals(lesson.slug());
    current = lesson;
    progress.current = lesson.slug();
    Progress.LessonState st = progress.lesson(lesson.slug());
    if (st.opened == null) st.opened = ProgressStore.now();
    saveProgress();
    int from = again && st.line != null ? st.line - 1 : 0;
    Pager.Paged paged = page(LessonView.render(lesson, out.width()), Msg.get("pager.lesson", lesson.id()), from);
    if (Msg.zh() && !lesson.translated()) out.note(Msg.get("session.untranslated", lesson.id()));
    if (paged == null) return;
    st.line = paged.firstLine() > 0 ? paged.firstLine() + 1 : null;
    if (paged.endSeen() && markFinished(lesson)) {
      out.note(catalog.next(lesson).map(n -> Msg.get("session.finished.next", lesson.id(), n.id()))
          .orElseGet(() -> Msg.get("session.finished", lesson.id())));
    } else {
      saveProgress();
    }
  }

  /** Records a lesson as finished; true when it was not before. */
  public boolean markFinished(Lesson lesson) {
    Progress.LessonState st = progress.lesson(lesson.slug());
    if (st.finished != null) return false;
    st.finished = ProgressStore.now();
    saveProgress();
    return true;
  }

  /** Writes progress; a failure is reported once, and the session goes on. */
  public void saveProgress() {
    try {
      store.save(progress);
    } catch (IOException e) {
      if (!saveWarned) {
        out.warn(Msg.get("session.cannotSave", home.show(store.file()), e.getMessage()));
        saveWarned = true;
      }
    }
  }

  /** Long output: in the pager with a terminal, printed as is otherwise. */
  public void page(List<AttributedString> lines) {
    page(lines, null, 0);
  }

  /**
   * Pages {@code lines} from line {@code from} (0-based) with {@code title} in the status line.
   * Returns where the reader left and whether they saw the end: text that fits the screen is
   * seen whole; {@code null} when nobody is reading (piped output, or the pager failed).
   */
  private Pager.Paged page(List<AttributedString> lines, String title, int from) {
    if (interactive && terminal != null && terminal.getHeight() > 2 && lines.size() >= terminal.getHeight() - 1) {
      return Pager.show(terminal, lines, out, title, from);
    }
    out.lines(lines);
    return interactive ? new Pager.Paged(0, true) : null;
  }
}
