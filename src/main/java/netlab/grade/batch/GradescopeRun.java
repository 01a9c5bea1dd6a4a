package netlab.grade.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import netlab.core.LabHome;
import netlab.core.Msg;
import netlab.core.NetlabException;
import netlab.core.Version;
import netlab.exercise.Exercise;
import netlab.grade.HiddenTests;
import netlab.grade.sandbox.Confinement;

/**
 * One Gradescope submission graded: what the student uploaded ({@code ROOT/submission}) is made
 * into a submission ({@link UploadedFiles}), graded by the batch grader exactly as {@code netlab
 * grade} grades a class (a worker per student, the sandbox where the machine has one, the same
 * limits), and its result written to {@code ROOT/results/results.json} in Gradescope's format:
 * a test per hidden test (instructor-only ones {@code after_published}), the student's feedback
 * as the top-level {@code output}, {@code execution_time} in seconds. What the instructor alone
 * should see (the sandbox in force, files left out) goes to standard output, which Gradescope
 * shows only to instructors.
 */
public final class GradescopeRun {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private GradescopeRun() {}

  /** The results written, for the caller's summary line. */
  public static Map<String, Object> run(LabHome home, Path root, List<Exercise> exercises, Confinement confinement,
      Duration testTimeout, Duration exerciseLimit, java.io.PrintWriter log) throws IOException {
    long start = System.nanoTime();
    Path results = root.resolve("results");
    Files.createDirectories(results);
    Path work = Files.createTempDirectory("netlab-autograder-");
    Map<String, Object> r;
    try {
      UploadedFiles.Staged staged = UploadedFiles.stage(root.resolve("submission"), exercises, work.resolve("subs"));
      // the instructor's log (standard output) in the session's language; results.json in English
      for (String n : staged.shownNotes()) log.println(Msg.label("label.note") + n);
      Path report = work.resolve("report");
      BatchGrader grader = new BatchGrader(home, new BatchGrader.Options(1, exercises, testTimeout, exerciseLimit, confinement,
          true, 1, 1, Compiler.LIMIT), report);
      BatchGrader.Summary s = grader.grade(staged.submission().getParent(), null);
      StudentGrade g = Clean.grade(s.students().get(0));
      r = ReportWriter.gradescope(g);
      StringBuilder out = new StringBuilder(ReportWriter.feedback(g));
      if (!staged.notes().isEmpty()) {
        out.append("\n## Files not graded\n\n");
        for (String n : staged.notes()) out.append("- ").append(n).append('\n');
      }
      r.put("output", out.toString());
      @SuppressWarnings("unchecked")
      Map<String, Object> extra = (Map<String, Object>) r.get("extra_data");
      extra.put("netlab", Version.get());
      extra.put("sandboxed", s.sandboxed());
      extra.put("protections", confinement == null ? List.of() : confinement.applied());
      extra.put("missing", confinement == null ? List.of("sandbox (turned off)") : confinement.missing());
    } catch (IOException | NetlabException | RuntimeException e) {
      // Gradescope needs a results file whatever happened; the student gets a plain answer, the
      // instructor the reason (standard output)
      log.println(Msg.get("batch.autograderFailed", e));
      r = new LinkedHashMap<>();
      r.put("score", 0);
      r.put("output", "The autograder failed on this submission, so nothing was graded; your instructor can see why.");
      r.put("visibility", "visible");
      r.put("stdout_visibility", "hidden");
      r.put("tests", new ArrayList<>());
    } finally {
      HiddenTests.deleteTree(work);
    }
    // Gradescope renders top-level output as HTML unless told otherwise: the feedback quotes
    // file names and output the student chose, so everything is plain text
    r.put("output_format", "text");
    r.put("test_output_format", "text");
    r.put("test_name_format", "text");
    r.put("execution_time", Math.max(1, Math.round((System.nanoTime() - start) / 1e9)));
    ReportWriter.atomically(results.resolve("results.json"), JSON.writeValueAsBytes(r));
    return r;
  }
}
