package netlab.grade.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import netlab.exercise.Exercise;

/**
 * The GitHub Classroom autograding workflow of a kit: a test per exercise, run with GitHub
 * Classroom's command grader ({@code ./netlab check NN --json}, its points when every hidden test
 * passes), and the reporter step that sends the scores to Classroom. The workflow's and the job's
 * names are the ones the reporter requires ("Autograding Tests", {@code run-autograding-tests}).
 * Written by hand rather than by a YAML library: the lab has none, and the file is small.
 */
public final class ClassroomWorkflow {
  public static final String PATH = ".github/workflows/classroom.yml";
  static final String GRADER = "classroom-resources/autograding-command-grader@v1";
  static final String REPORTER = "classroom-resources/autograding-grading-reporter@v1";
  /** Minutes a check may take on GitHub's runner (the grader's unit); a check takes seconds. */
  static final int TIMEOUT_MINUTES = 5;

  private ClassroomWorkflow() {}

  public static void write(Path kit, List<Exercise> exercises) throws IOException {
    Path file = kit.resolve(PATH);
    Files.createDirectories(file.getParent());
    Files.writeString(file, yaml(exercises), StandardCharsets.UTF_8);
  }

  /** A step id: GitHub wants a letter or _ first, then letters, digits, - and _. */
  static String stepId(Exercise ex) {
    return "ex" + ex.dir();
  }

  static String yaml(List<Exercise> exercises) {
    StringBuilder y = new StringBuilder("""
        # GitHub Classroom autograding, written by 'netlab release --github-classroom'.
        # Each push checks every exercise with the kit's own lab ('./netlab check NN --json'): an
        # exercise earns its points when all of its tests pass. GitHub Classroom reads the scores
        # from the reporter step, and looks for exactly these workflow and job names.
        # These checks run in the student's repository, unsandboxed: they are feedback, and a
        # determined student can fool them. Marks that count come from 'netlab grade'.
        name: Autograding Tests
        'on':
          - push
          - repository_dispatch
        permissions:
          checks: write
          actions: read
          contents: read
        jobs:
          run-autograding-tests:
            runs-on: ubuntu-latest
            if: github.actor != 'github-classroom[bot]'
            env:
              # no class-data archive: recording one costs more than a few checks save
              NETLAB_CDS: '0'
            steps:
              - name: Checkout code
                uses: actions/checkout@v4
              - name: Set up a JDK 17
                uses: actions/setup-java@v4
                with:
                  distribution: temurin
                  java-version: '17'
        """);
    for (Exercise ex : exercises) {
      String name = quote(ex.dir() + " " + ex.title());
      y.append("      - name: ").append(name).append('\n')
          .append("        id: ").append(stepId(ex)).append('\n')
          .append("        uses: ").append(GRADER).append('\n')
          .append("        with:\n")
          .append("          test-name: ").append(name).append('\n')
          .append("          command: ").append(quote("./netlab check " + ex.numberLabel() + " --json")).append('\n')
          .append("          timeout: ").append(TIMEOUT_MINUTES).append('\n')
          .append("          max-score: ").append(ex.points()).append('\n');
    }
    y.append("      - name: Autograding Reporter\n")
        .append("        uses: ").append(REPORTER).append('\n')
        .append("        env:\n");
    for (Exercise ex : exercises) {
      // the reporter reads each runner's result from ID_RESULTS, the id in capitals
      y.append("          ").append(stepId(ex).toUpperCase(java.util.Locale.ROOT)).append("_RESULTS: ")
          .append(quote("${{steps." + stepId(ex) + ".outputs.result}}")).append('\n');
    }
    y.append("        with:\n")
        .append("          runners: ").append(String.join(",", exercises.stream().map(ClassroomWorkflow::stepId).toList())).append('\n');
    return y.toString();
  }

  /** A YAML single-quoted scalar: nothing inside is special but the quote, which is doubled. */
  static String quote(String s) {
    return "'" + Clean.line(s).replace("'", "''") + "'";
  }
}
