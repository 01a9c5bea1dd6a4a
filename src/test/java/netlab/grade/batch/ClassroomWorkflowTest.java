package netlab.grade.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import netlab.testing.LabRun;
import netlab.testing.ToyLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code netlab release --github-classroom DIR}: the kit's {@code .github/workflows/classroom.yml}
 * is read as GitHub would read it (YAML), has the shape GitHub Classroom's reporter requires, a
 * command-grader test per exercise worth its points, and every command in it is run in the kit:
 * it fails on the starter and passes once the exercise is solved.
 */
class ClassroomWorkflowTest {
  /** What GitHub accepts as a step id. */
  static final Pattern STEP_ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  @TempDir
  Path dir;

  @Test
  @Timeout(240)
  void theWorkflowHasATestPerExerciseAndEachCommandRunsInTheKit() throws Exception {
    Path lab = ToyLab.create(dir.resolve("lab"));
    ToyLab.installBuiltLab(lab);
    Path kit = dir.resolve("kit");
    LabRun r = LabRun.run(lab, "", "release", "--github-classroom", kit.toString(), "--verify-runs", "1");
    assertEquals(0, r.exitCode, r.toString());
    assertTrue(r.out.contains("GitHub Classroom kit in " + kit), r.out);
    assertTrue(Files.isRegularFile(kit.resolve("netlab")) && Files.isRegularFile(kit.resolve("target/netlab.jar")), "a whole kit");

    JsonNode wf = new YAMLMapper().readTree(kit.resolve(".github/workflows/classroom.yml").toFile());
    // the reporter finds the run by these names, and only these (its README)
    assertEquals("Autograding Tests", wf.path("name").asText());
    assertEquals(List.of("run-autograding-tests"), fieldNames(wf.path("jobs")));
    assertTrue(wf.path("on").toString().contains("push"), wf.path("on").toString());
    JsonNode job = wf.path("jobs").path("run-autograding-tests");
    assertEquals("0", job.path("env").path("NETLAB_CDS").asText(), "what the commands below are run with");
    JsonNode steps = job.path("steps");

    List<JsonNode> tests = new ArrayList<>();
    JsonNode reporter = null;
    for (JsonNode s : steps) {
      String uses = s.path("uses").asText();
      if (uses.startsWith("classroom-resources/autograding-command-grader@")) tests.add(s);
      if (uses.startsWith("classroom-resources/autograding-grading-reporter@")) reporter = s;
    }
    assertEquals(1, tests.size(), "a test per exercise: " + steps.toPrettyString());
    assertTrue(reporter != null, "a reporter step");
    JsonNode test = tests.get(0);
    String id = test.path("id").asText();
    assertTrue(STEP_ID.matcher(id).matches(), "GitHub takes '" + id + "' as a step id");
    assertEquals(3, test.path("with").path("max-score").asInt(), "the exercise's points");
    assertEquals("./netlab check 01 --json", test.path("with").path("command").asText());
    assertTrue(test.path("with").path("test-name").asText().contains("01-adder"));
    // the reporter reads each test's result from ID_RESULTS (the id in capitals) and lists the ids
    assertEquals(id, reporter.path("with").path("runners").asText());
    assertEquals("${{steps." + id + ".outputs.result}}", reporter.path("env").path(id.toUpperCase() + "_RESULTS").asText());

    // each command, run in the kit as the runner would: the starter fails, a solution earns the points
    String command = test.path("with").path("command").asText();
    Run starter = inKit(kit, command);
    assertEquals(1, starter.exit, starter.out);
    JsonNode failed = new ObjectMapper().readTree(starter.out);
    assertEquals(false, failed.path("passed").asBoolean());
    assertEquals(0, failed.path("score").asInt());
    Files.copy(lab.resolve("solutions/01-adder/Adder.java"), kit.resolve("exercises/01-adder/Adder.java"), StandardCopyOption.REPLACE_EXISTING);
    Run solved = inKit(kit, command);
    assertEquals(0, solved.exit, solved.out);
    JsonNode passed = new ObjectMapper().readTree(solved.out);
    assertEquals(test.path("with").path("max-score").asInt(), passed.path("score").asInt(), solved.out);
  }

  record Run(int exit, String out) {}

  /** A command as the command grader runs it: a shell in the repository's checkout. */
  static Run inKit(Path kit, String command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(kit.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("NETLAB_CDS", "0"); // as the workflow sets it
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), command);
    return new Run(p.exitValue(), out);
  }

  static List<String> fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
