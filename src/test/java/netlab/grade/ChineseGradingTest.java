package netlab.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import netlab.core.Lang;
import netlab.core.Msg;
import netlab.exercise.ExerciseCatalog;
import netlab.grade.batch.UploadedFiles;
import netlab.testing.LabRun;
import netlab.testing.ToyLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The grader with {@code --lang zh}: a student's check tells its verdict in Chinese; batch
 * grading talks Chinese on the terminal (the progress line, its errors) but writes the report's
 * files in English, for the LMS imports, Gradescope and CI parsers that read them.
 */
class ChineseGradingTest {
  /** Any CJK ideograph or full-width punctuation: none may reach the report's files. */
  private static final Pattern CHINESE = Pattern.compile("[\\u3000-\\u303f\\u4e00-\\u9fff\\uff00-\\uffef]");

  @TempDir
  Path dir;

  @AfterEach
  void english() {
    Msg.use(Lang.EN); // the language is the process's: leave it as other tests expect it
  }

  @Test
  void aCheckTellsTheTamperVerdictInChinese() throws Exception {
    Path lab = ToyLab.create(dir.resolve("lab"));
    Files.writeString(lab.resolve("exercises/01-adder/Forger.java"), GradingIntegrityTest.FORGER);
    LabRun run = LabRun.run(lab, "", "--lang", "zh", "check", "1");
    assertEquals(1, run.exitCode, run.toString());
    assertTrue(run.out.contains("✗ 评分结果遭到篡改：Forger.java 使用了 "), run.out);
    assertTrue(run.out.replace("\n", "").contains("（练习不得侵入评分程序、JUnit 或 JDK 的内部实现，也不得加载本地代码）"), run.out);
    assertTrue(run.out.contains("得分 0/3"), run.out);
    assertFalse(run.out.contains("results tampered with"), run.out);
    assertFalse(run.out.contains(" uses "), run.out);
  }

  /**
   * An add() that kills its own worker JVM in the first test: the lab says why the worker died
   * (WorkerProcess), not the worker; the other tests run in a fresh one and pass.
   */
  static final String SELF_KILLER = """
          if (a == 2) try {
            new ProcessBuilder("sh", "-c", "kill -9 $PPID").start().waitFor();
            Thread.sleep(10_000);
          } catch (Exception e) {
          }
          return a + b;""";

  @Test
  void aWorkerKilledByTheStudentsCodeIsToldInChineseOnTheTerminalAndInEnglishInTheFiles() throws Exception {
    Path lab = ToyLab.create(dir.resolve("lab"));
    ToyLab.studentAdd(lab, SELF_KILLER);
    LabRun run = LabRun.run(lab, "", "--lang", "zh", "check", "1");
    assertEquals(1, run.exitCode, run.toString());
    assertTrue(run.out.contains("工作进程被信号 9 终止"), run.out);
    assertTrue(run.out.contains("得分 2/3"), run.out);
    assertFalse(run.out.contains("killed by signal"), run.out);
    // the same student in batch grading, from a Chinese terminal: the files keep the English reason
    Path ex = Files.createDirectories(dir.resolve("subs/killer/01-adder"));
    Files.copy(lab.resolve("exercises/01-adder/Adder.java"), ex.resolve("Adder.java"));
    Path report = dir.resolve("report");
    LabRun batch = LabRun.run(lab, "", "--lang", "zh", "grade", dir.resolve("subs").toString(), "--out", report.toString(),
        "--no-sandbox", "--jobs", "1");
    assertEquals(0, batch.exitCode, batch.toString());
    Path student = report.resolve("students/killer");
    assertTrue(Files.readString(student.resolve("feedback.md")).contains("the worker was killed by signal 9"),
        Files.readString(student.resolve("feedback.md")));
    assertNoChineseIn(report, student);
  }

  @Test
  void batchGradingTalksChineseOnTheTerminalAndWritesEnglishFiles() throws Exception {
    Path lab = ToyLab.create(dir.resolve("lab"));
    Path ex = Files.createDirectories(dir.resolve("subs/forger/01-adder"));
    Files.copy(lab.resolve("exercises/01-adder/Adder.java"), ex.resolve("Adder.java"));
    Files.writeString(ex.resolve("Forger.java"), GradingIntegrityTest.FORGER);
    Path report = dir.resolve("report");
    LabRun run = LabRun.run(lab, "", "--lang", "zh", "grade", dir.resolve("subs").toString(), "--out", report.toString(),
        "--no-sandbox", "--jobs", "1");
    assertEquals(0, run.exitCode, run.toString());
    // the progress line (not a terminal here: a line per tenth of the work)
    assertTrue(Pattern.compile("\\[#{24}\\] 1/1 名学生 · 已用 \\d+:\\d\\d · 预计还需 0:00 · forger 0/3").matcher(run.err).find(),
        run.toString());
    // the run's first line names the missing sandbox in Chinese; report.html keeps it English
    assertTrue((run.out + run.err).contains("沙箱不完整：缺少 沙箱（已用 --no-sandbox 关闭）"), run.toString());
    assertTrue(Files.readString(report.resolve("report.html")).contains("sandbox (turned off with --no-sandbox)"));
    // the files: the tamper verdict as it always was, and no Chinese anywhere
    Path student = report.resolve("students/forger");
    assertTrue(Files.readString(report.resolve("gradebook.csv")).contains("01-adder: results tampered with: Forger.java uses"));
    assertTrue(Files.readString(student.resolve("feedback.md")).contains("**results tampered with: Forger.java uses"));
    assertTrue(Files.readString(student.resolve("grade.json")).contains("\"tampered\" : \"results tampered with: Forger.java uses"));
    assertNoChineseIn(report, student);
  }

  @Test
  void aGradescopeUploadsNotesAreEnglishForResultsJsonAndChineseForTheInstructorsLog() throws Exception {
    Path lab = ToyLab.create(dir.resolve("lab"));
    var exercises = ExerciseCatalog.load(new netlab.core.LabHome(lab)).exercises();
    Path uploaded = Files.createDirectories(dir.resolve("submission"));
    Files.copy(lab.resolve("solutions/01-adder/Adder.java"), uploaded.resolve("Adder.java"));
    Files.writeString(uploaded.resolve("notes.txt"), "my notes");
    Msg.use(Lang.ZH);
    UploadedFiles.Staged staged = UploadedFiles.stage(uploaded, exercises, dir.resolve("staged"));
    assertEquals(List.of("ignored notes.txt: no exercise graded here has a file of that name"), staged.notes());
    assertEquals(List.of("已忽略 notes.txt：参与评分的练习中没有同名文件"), staged.shownNotes());
  }

  @Test
  void shardAutoAndLmsErrorsAreInChinese() throws Exception {
    Path lab = ToyLab.create(dir.resolve("lab"));
    Path subs = Files.createDirectories(dir.resolve("subs"));
    String out = dir.resolve("report").toString();
    LabRun shard = LabRun.run(lab, "", Map.of("NETLAB_SHARD_INDEX", "0"), "--lang", "zh", "grade", subs.toString(), "--out", out,
        "--shard", "auto");
    assertEquals(2, shard.exitCode, shard.toString());
    assertTrue(shard.err.contains("--shard auto：设置了 NETLAB_SHARD_INDEX，却没有设置 NETLAB_SHARD_COUNT"), shard.toString());
    LabRun slurm = LabRun.run(lab, "", Map.of("SLURM_ARRAY_TASK_ID", "5", "SLURM_ARRAY_TASK_COUNT", "4"), "--lang", "zh", "grade",
        subs.toString(), "--out", out, "--shard", "auto");
    assertTrue(slurm.err.contains("Slurm 任务 5 不在作业数组的范围内（起点 0，步长 1）；请把数组写成连续区间，例如 --array=0-3"),
        slurm.toString());
    LabRun lms = LabRun.run(lab, "", "--lang", "zh", "grade", subs.toString(), "--out", out, "--lms", "blackboard");
    assertTrue(lms.err.contains("--lms 只接受 canvas 或 moodle（收到的是“blackboard”）"), lms.toString());
  }

  /** The files batch grading writes for instructors and machines stay English in a Chinese session. */
  private static void assertNoChineseIn(Path report, Path student) throws java.io.IOException {
    for (Path f : new Path[] {report.resolve("gradebook.csv"), report.resolve("report.html"), student.resolve("grade.json"),
        student.resolve("results.json"), student.resolve("junit.xml"), student.resolve("feedback.md")}) {
      String text = Files.readString(f);
      assertFalse(CHINESE.matcher(text).find(), f + ":\n" + text);
    }
  }
}
