package netlab.repl.commands;

import java.io.IOException;
import java.nio.file.Path;
import netlab.core.ExitCode;
import netlab.core.NetlabException;
import netlab.grade.batch.SubmissionWriter;
import netlab.repl.Args;
import netlab.repl.Session;

public final class SubmitCommand extends BaseCommand {
  public SubmitCommand() {
    super("submit", "submit [STUDENT-ID] [--out FILE]", "pack your exercise files into a zip to hand in");
  }

  @Override
  public String details() {
    return "Lists what goes in, then writes submission-ID.zip in the lab folder (or FILE): every exercise's .java files and "
        + "a manifest with your id, the time, the SHA-256 of each file and your own check results. "
        + "Your id is remembered for the next submit.";
  }

  @Override
  public void execute(Session session, Args args) throws NetlabException {
    var out = session.out();
    String id = null;
    Path target = null;
    for (int i = 0; i < args.words().size(); i++) {
      String w = args.words().get(i);
      if (w.equals("--out") && i + 1 < args.words().size()) {
        target = Path.of(args.words().get(++i));
      } else if (w.startsWith("--")) {
        throw NetlabException.usage("unknown option " + w + "; usage: " + usage());
      } else {
        id = w;
      }
    }
    if (id == null) id = session.progress().student;
    if (id == null) throw NetlabException.usage("give your student id once: submit s1234567");
    try {
      SubmissionWriter.checkId(id);
    } catch (IllegalArgumentException e) {
      throw NetlabException.usage(e.getMessage());
    }
    if (target == null) target = session.home().root().resolve("submission-" + id + ".zip");
    SubmissionWriter writer = new SubmissionWriter(session.home(), session.exercises().exercises());
    try {
      var entries = writer.entries();
      out.println("submitting for " + id + ":");
      for (var e : entries) out.println(String.format("  %-48s %7d bytes", e.name(), e.bytes()));
      Path written = writer.write(id, session.progress(), target);
      session.progress().student = id;
      session.saveProgress();
      out.println("wrote " + session.home().show(written) + " (" + entries.size() + " files and manifest.json); hand it in");
    } catch (IOException e) {
      throw new NetlabException(ExitCode.ENVIRONMENT, "cannot write the submission: " + e.getMessage());
    }
  }
}
