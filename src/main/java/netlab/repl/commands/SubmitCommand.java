package netlab.repl.commands;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import netlab.core.ExitCode;
import netlab.core.Msg;
import netlab.core.NetlabException;
import netlab.exercise.Exercise;
import netlab.grade.batch.SubmissionPlan;
import netlab.grade.batch.SubmissionWriter;
import netlab.repl.Args;
import netlab.repl.Session;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.jline.utils.AttributedString;

public final class SubmitCommand extends BaseCommand {
  /** help's column shows the short form; a mistake gets all of it. */
  private static String fullUsage() {
    return Msg.get("submit.fullUsage");
  }

  public SubmitCommand() {
    super("submit");
  }

  @Override
  public Completer completer(Session session) {
    return new ExerciseCompleter(session);
  }

  @Override
  public void execute(Session session, Args args) throws NetlabException {
    var out = session.out();
    String exercise = null;
    String id = null;
    Path target = null;
    List<String> words = args.words();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if (w.equals("--out") || w.equals("--student")) {
        if (i + 1 >= words.size()) throw NetlabException.usage(Msg.get("submit.needsValue", w, fullUsage()));
        if (w.equals("--out")) target = Path.of(words.get(++i));
        else id = words.get(++i);
      } else if (w.startsWith("--")) {
        throw NetlabException.usage(Msg.get("submit.unknownOption", w, fullUsage()));
      } else if (exercise != null) {
        throw NetlabException.usage(Msg.get("submit.oneExercise", fullUsage()));
      } else {
        exercise = w;
      }
    }
    var catalog = session.exercises();
    if (catalog.exercises().isEmpty() && !catalog.problems().isEmpty()) throw NetlabException.usage(catalog.problems().get(0));
    List<Exercise> chosen = exercise == null ? catalog.exercises() : List.of(find(session, exercise));
    SubmissionPlan plan;
    try {
      plan = SubmissionPlan.of(session.home(), chosen, session.progress());
    } catch (IOException e) {
      throw new NetlabException(ExitCode.ENVIRONMENT, Msg.get("submit.cannotRead", e.getMessage()));
    }
    if (plan.entries().isEmpty()) throw plan.nothingToSubmit();
    if (id == null) id = session.progress().student;
    if (id == null) id = ask(session);
    try {
      SubmissionWriter.checkId(id);
    } catch (IllegalArgumentException e) {
      throw NetlabException.usage(e.getMessage());
    }
    if (target == null) target = session.home().root().resolve("submission-" + id + ".zip");
    String replacing = plan.replacing(target);
    try {
      Path written = SubmissionWriter.write(id, plan, session.progress(), target);
      for (String l : plan.listing(id)) out.println(l);
      for (String l : plan.notes()) out.wrapped(new AttributedString(l));
      session.progress().student = id;
      session.saveProgress();
      out.println(plan.written(written));
      if (replacing != null) out.note(replacing);
    } catch (IOException e) {
      throw new NetlabException(ExitCode.ENVIRONMENT, Msg.get("submit.cannotWrite", e.getMessage()));
    }
  }

  /** The exercise named, with a pointer for the old habit of 'submit MY-ID'. */
  private static Exercise find(Session session, String name) throws NetlabException {
    try {
      return session.exercises().find(name);
    } catch (NetlabException e) {
      if (!e.getMessage().equals(Msg.get("exercise.unknown", name))
          && !e.getMessage().equals(Msg.get("exercise.unknownNumber", name))) throw e;
      throw NetlabException.usage(Msg.get("submit.idAfterStudent", e.getMessage(), name));
    }
  }

  /** Asks for the id once, at the keyboard; a script has to give it, so it gets the one-line error. */
  private static String ask(Session session) throws NetlabException {
    LineReader reader = session.reader();
    if (!session.keyboard() || reader == null) {
      throw NetlabException.usage(Msg.get("submit.noId"));
    }
    Object history = reader.getVariable(LineReader.DISABLE_HISTORY);
    reader.setVariable(LineReader.DISABLE_HISTORY, true);
    String line;
    try {
      line = reader.readLine(Msg.label("submit.askId"));
    } catch (UserInterruptException | EndOfFileException e) {
      line = "";
    } finally {
      if (history == null) reader.getVariables().remove(LineReader.DISABLE_HISTORY);
      else reader.setVariable(LineReader.DISABLE_HISTORY, history);
    }
    if (line.isBlank()) throw NetlabException.usage(Msg.get("submit.noIdGiven"));
    return line.strip();
  }
}
