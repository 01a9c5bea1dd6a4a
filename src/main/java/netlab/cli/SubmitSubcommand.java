package netlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import netlab.core.ExitCode;
import netlab.core.NetlabException;
import netlab.exercise.ExerciseCatalog;
import netlab.grade.batch.SubmissionWriter;
import netlab.progress.ProgressStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "submit", description = {
    "Pack your exercise files into a zip to hand in: every exercise's .java files and a",
    "manifest (student id, time, lab version, SHA-256 of each file, your check results)."})
final class SubmitSubcommand implements Callable<Integer> {
  @ParentCommand
  TopCommand top;

  @Option(names = "--student", required = true, paramLabel = "ID", description = "your student id")
  String student;

  @Option(names = "--out", paramLabel = "FILE", description = "where to write it (default: submission-ID.zip in the lab folder)")
  Path out;

  @Override
  public Integer call() throws NetlabException {
    Cli cli = top.cli();
    var home = cli.home();
    var printer = cli.printer();
    try {
      SubmissionWriter.checkId(student);
    } catch (IllegalArgumentException e) {
      throw NetlabException.usage(e.getMessage());
    }
    ExerciseCatalog catalog = ExerciseCatalog.load(home);
    SubmissionWriter writer = new SubmissionWriter(home, catalog.exercises());
    Path target = out != null ? out : home.root().resolve("submission-" + student + ".zip");
    try {
      var entries = writer.entries();
      printer.println("submitting for " + student + ":");
      for (var e : entries) printer.println(String.format("  %-48s %7d bytes", e.name(), e.bytes()));
      Path written = writer.write(student, new ProgressStore(home.progressFile()).load().progress(), target);
      printer.println("wrote " + written + " (" + entries.size() + " files and manifest.json)");
      return 0;
    } catch (IOException e) {
      throw new NetlabException(ExitCode.ENVIRONMENT, "cannot write the submission: " + e.getMessage());
    }
  }
}
