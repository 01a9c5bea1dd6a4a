package netlab.grade;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import netlab.core.LabHome;
import netlab.core.Msg;
import netlab.core.NetlabException;
import netlab.exercise.ClauseMap;
import netlab.exercise.Exercise;
import netlab.exercise.Starters;
import netlab.lesson.LessonCatalog;

/**
 * Proves an exercise is sound (DESIGN §5.6): its files are all there, its hidden tests pass
 * {@code runs} times in a row on the reference solution, at least one fails on the starter,
 * the starter's public API equals the solution's, the tests' points add up, and the clause
 * map ({@code src/hidden/NN-id/clauses.md}, when there is one) names only tests that exist.
 */
public final class Verifier {
  /** What verifying one exercise found; no problems means it is sound. */
  public record Report(Exercise exercise, List<String> problems, String summary) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private final LabHome home;
  private final Grader grader;
  private final LessonCatalog lessons;

  public Verifier(LabHome home, Grader grader, LessonCatalog lessons) {
    this.home = home;
    this.grader = grader;
    this.lessons = lessons;
  }

  public Report verify(Exercise ex, int runs, Consumer<String> progress) {
    List<String> problems = new ArrayList<>();
    Path starterDir = ex.starterDir(home);
    for (Path f : ex.starterFiles(home)) {
      if (!Files.isRegularFile(f)) problems.add(Msg.get("verifier.noStarter", home.show(f)));
    }
    if (!Files.isRegularFile(starterDir.resolve("README.md"))) {
      problems.add(Msg.get("verifier.noReadme", home.show(starterDir.resolve("README.md"))));
    }
    for (Path f : ex.solutionFiles(home)) {
      if (!Files.isRegularFile(f)) problems.add(Msg.get("verifier.noSolution", home.show(f)));
    }
    if (lessons != null && lessons.bySlug(ex.lesson()).isEmpty() && !netlab.exercise.Planned.LESSONS.contains(ex.lesson())) {
      problems.add(Msg.get("verifier.noLesson", ex.lesson()));
    }
    if (ex.hints().size() < 3) problems.add(Msg.get("verifier.hints", ex.hints().size()));
    if (!problems.isEmpty()) return new Report(ex, problems, "");

    HiddenTests.Prepared hidden;
    try {
      hidden = grader.prepare(ex);
    } catch (NetlabException e) {
      problems.add(e.getMessage());
      return new Report(ex, problems, "");
    }
    if (hidden.tests().isEmpty()) problems.add(Msg.get("verifier.noTests"));
    problems.addAll(clauseProblems(ex, hidden));
    if (hidden.points() != ex.points()) {
      problems.add(Msg.get("verifier.points", hidden.points(), ex.points()));
    }

    Path starter = Starters.pristine(home, ex) != null ? Starters.pristine(home, ex) : starterDir;
    try {
      List<String> mine = grader.api(ex.files().stream().map(starter::resolve).toList());
      List<String> theirs = grader.api(ex.solutionFiles(home));
      Set<String> missing = new LinkedHashSet<>(theirs);
      missing.removeAll(mine);
      Set<String> extra = new LinkedHashSet<>(mine);
      extra.removeAll(theirs);
      for (String m : missing) problems.add(Msg.get("verifier.starterLacks", m));
      for (String x : extra) problems.add(Msg.get("verifier.starterExtra", x));
    } catch (NetlabException e) {
      problems.add(Msg.get("verifier.apiCheck", e.getMessage()));
    }

    long totalMs = 0;
    int green = 0;
    for (int i = 1; i <= runs; i++) {
      CheckResult r;
      try {
        r = grader.check(ex, ex.solutionDir(home), null, true);
      } catch (NetlabException e) {
        problems.add(Msg.get("verifier.solutionRunError", i, e.getMessage()));
        break;
      }
      totalMs += r.millis();
      if (!r.passed()) {
        problems.add(Msg.get("verifier.solutionFailed", i, runs, describeFailure(r)));
        break;
      }
      green++;
      if (progress != null) progress.accept(Msg.get("verifier.green", ex.id(), i, runs));
    }

    int starterFails = -1;
    try {
      CheckResult r = grader.check(ex, starter, null, true);
      if (r.passed()) problems.add(Msg.get("verifier.starterPasses"));
      starterFails = r.compiled() ? (int) r.failedCount() : hidden.tests().size();
    } catch (NetlabException e) {
      problems.add(Msg.get("verifier.starterRunError", e.getMessage()));
    }
    String summary = Msg.get("verifier.summary", hidden.tests().size(), hidden.points(), green, runs,
        String.format("%.2f", green == 0 ? 0 : totalMs / 1000.0 / green), Math.max(starterFails, 0));
    return new Report(ex, problems, summary);
  }

  /** The clause map, if the exercise has one, must name only tests that exist (issue 13). */
  private List<String> clauseProblems(Exercise ex, HiddenTests.Prepared hidden) {
    try {
      ClauseMap map = ClauseMap.of(home, ex);
      if (map == null) return List.of();
      Set<String> names = new LinkedHashSet<>();
      for (var t : hidden.tests()) names.add(t.name());
      return map.problems(names, home.show(map.file()));
    } catch (java.io.IOException e) {
      return List.of(Msg.get("verifier.cannotReadClauses", ex.dir(), e.getMessage()));
    }
  }

  private static String describeFailure(CheckResult r) {
    if (!r.problems().isEmpty()) return r.problems().get(0);
    if (!r.compiled()) return Msg.get("verifier.noCompile");
    for (TestOutcome t : r.tests()) {
      if (!t.passed()) {
        // the frames too: a reference solution that fails once in many runs leaves only this behind
        String where = t.detail() == null || t.detail().isEmpty() ? "" : "\n    " + String.join("\n    ", t.detail());
        return Msg.get("verifier.failedTest", t.name(), t.reason()) + where;
      }
    }
    return Msg.get("verifier.unknown");
  }
}
