package netlab.grade.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import netlab.core.NetlabException;
import netlab.testing.LabRun;
import netlab.testing.ToyLab;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code grade --shard auto} as a job engine runs it: four shards of one class, each finding its
 * place from the variables an engine sets (a GitHub Actions matrix, Slurm arrays given two ways,
 * a Kubernetes Indexed Job), merged into the same gradebook, Canvas and Moodle files included, as
 * one run over the whole class. The job files shipped in docs/ci/ set those same variables.
 */
class ShardsOnJobEnginesTest {
  @TempDir
  static Path dir;
  static Path lab;
  static Path subs;
  static final List<Map<String, String>> ENGINES = List.of(
      // a GitHub Actions matrix job: the workflow copies strategy.job-index and job-total
      Map.of("NETLAB_SHARD_INDEX", "0", "NETLAB_SHARD_COUNT", "4"),
      // a Slurm array --array=1-4, task 2
      Map.of("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_STEP", "1", "SLURM_ARRAY_TASK_COUNT", "4"),
      // a Kubernetes Indexed Job with completions: 4, pod 2
      Map.of("JOB_COMPLETION_INDEX", "2", "NETLAB_SHARD_COUNT", "4"),
      // a Slurm array --array=0-6:2, task 6 (the count from MAX)
      Map.of("SLURM_ARRAY_TASK_ID", "6", "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_STEP", "2", "SLURM_ARRAY_TASK_MAX", "6"));
  static final List<String> LMS_FILES = List.of("gradebook.csv", "gradebook-canvas.csv", "gradebook-moodle.csv");

  @BeforeAll
  @Timeout(600)
  static void aClass() throws Exception {
    lab = ToyLab.create(dir.resolve("lab"));
    subs = dir.resolve("subs");
    Map<String, String> bodies = Map.of("ann", "return a + b;", "ben", "return a > 100 ? 0 : a + b;", "cat", "return 0;",
        "dan", "return b + a;", "eve", "return a - b;");
    for (Map.Entry<String, String> s : bodies.entrySet()) {
      Path d = Files.createDirectories(subs.resolve(s.getKey()).resolve("01-adder"));
      Files.writeString(d.resolve("Adder.java"), "public final class Adder {\n  public static int add(int a, int b) {\n    "
          + s.getValue() + "\n  }\n}\n");
    }
  }

  @Test
  @Timeout(600)
  void fourShardsFromFourEnginesMergeIntoTheGradebookOfOneRun() throws Exception {
    LabRun whole = LabRun.run(lab, "", "grade", subs.toString(), "--out", dir.resolve("whole").toString(),
        "--lms", "canvas,moodle");
    assertEquals(0, whole.exitCode, whole.toString());
    StringBuilder reports = new StringBuilder();
    for (int i = 0; i < ENGINES.size(); i++) {
      Path out = dir.resolve("report-" + i);
      LabRun r = LabRun.run(lab, "", ENGINES.get(i), "grade", subs.toString(), "--out", out.toString(),
          "--shard", "auto");
      assertEquals(0, r.exitCode, r.toString());
      assertTrue(r.out.contains("shard " + (i + 1) + "/4 (from "), "shard " + (i + 1) + " found its place:\n" + r.out);
      reports.append(out).append('\n');
    }
    List<String> args = new java.util.ArrayList<>(List.of("merge"));
    args.addAll(reports.toString().lines().toList());
    args.addAll(List.of("--out", dir.resolve("merged").toString(), "--lms", "canvas,moodle"));
    LabRun merged = LabRun.run(lab, "", args.toArray(String[]::new));
    assertEquals(0, merged.exitCode, merged.toString());
    assertTrue(merged.out.contains("merged 5 students from 4 reports"), merged.out);
    for (String f : LMS_FILES) {
      assertEquals(Files.readString(dir.resolve("whole").resolve(f)), Files.readString(dir.resolve("merged").resolve(f)), f);
    }
    assertTrue(Files.readString(dir.resolve("merged/gradebook.csv")).contains("\"ben\",\"2\",\"2\",\"3\""), "graded, not empty");
  }

  @Test
  void withoutAnyEngineVariableAutoSaysWhatToSet() {
    NetlabException e = assertThrows(NetlabException.class, () -> ShardFromEnvironment.read(Map.of("PATH", "/usr/bin")));
    assertTrue(e.getMessage().contains("set NETLAB_SHARD_INDEX (0-based) and NETLAB_SHARD_COUNT"), e.getMessage());
    e = assertThrows(NetlabException.class, () -> ShardFromEnvironment.read(Map.of("JOB_COMPLETION_INDEX", "1")));
    assertTrue(e.getMessage().contains("set it in the pod's env to the job's completions"), e.getMessage());
    e = assertThrows(NetlabException.class, () -> ShardFromEnvironment.read(Map.of("NETLAB_SHARD_INDEX", "4", "NETLAB_SHARD_COUNT", "4")));
    assertTrue(e.getMessage().contains("not within 0..3"), e.getMessage());
    // --array=1,2,7: three tasks, but task 7 is not the third of a range
    e = assertThrows(NetlabException.class, () -> ShardFromEnvironment.read(Map.of("SLURM_ARRAY_TASK_ID", "7",
        "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_STEP", "1", "SLURM_ARRAY_TASK_COUNT", "3", "SLURM_ARRAY_TASK_MAX", "7")));
    assertTrue(e.getMessage().contains("give the array as a range"), e.getMessage());
  }

  @Test
  void theShippedJobFilesSetTheVariablesAutoReads() throws Exception {
    Path ci = LabRun.repo().resolve("docs/ci");
    JsonNode gh = new YAMLMapper().readTree(ci.resolve("github-actions-shards.yml").toFile());
    JsonNode grade = gh.path("jobs").path("grade");
    assertEquals("${{ strategy.job-index }}", grade.path("env").path("NETLAB_SHARD_INDEX").asText());
    assertEquals("${{ strategy.job-total }}", grade.path("env").path("NETLAB_SHARD_COUNT").asText());
    assertTrue(grade.path("strategy").path("matrix").path("shard").size() > 1);
    assertTrue(grade.toString().contains("--shard auto"), grade.toString());
    assertEquals("grade", gh.path("jobs").path("merge").path("needs").asText());
    assertTrue(gh.path("jobs").path("merge").toString().contains("./netlab merge shards/report-*"));

    JsonNode k8s = new YAMLMapper().readTree(ci.resolve("k8s-indexed-job.yaml").toFile());
    assertEquals("Indexed", k8s.path("spec").path("completionMode").asText());
    JsonNode container = k8s.path("spec").path("template").path("spec").path("containers").get(0);
    String count = null;
    for (JsonNode e : container.path("env")) if (e.path("name").asText().equals("NETLAB_SHARD_COUNT")) count = e.path("value").asText();
    assertEquals(k8s.path("spec").path("completions").asText(), count, "NETLAB_SHARD_COUNT is the job's completions");
    assertTrue(container.toString().contains("--shard auto"), container.toString());

    String slurm = Files.readString(ci.resolve("slurm-array.sh"));
    assertTrue(slurm.contains("#SBATCH --array=0-3") && slurm.contains("--shard auto"), slurm);
    assertTrue(Files.isExecutable(ci.resolve("slurm-array.sh")));
  }
}
