package netlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import netlab.core.Lang;
import netlab.core.Msg;
import netlab.testing.LabRun;
import netlab.testing.ToyLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The instructor's commands (verify, grade, merge, release, similarity) under --lang zh, and the same lines in English. */
class InstructorCommandsChineseTest {
  @TempDir
  Path dir;
  Path lab;

  @BeforeEach
  void lab() throws Exception {
    lab = ToyLab.create(dir.resolve("lab"));
  }

  @AfterEach
  void english() {
    Msg.use(Lang.EN); // the language is the process's: leave it as other tests expect it
  }

  @Test
  void verifySaysInChineseThatTheExercisesVerify() {
    LabRun r = LabRun.run(lab, "", "--lang", "zh", "verify", "adder", "--runs", "1");
    assertEquals(0, r.exitCode, r.toString());
    assertTrue(r.out.contains("✓ 01-adder"), r.out);
    assertTrue(r.out.contains("1 个练习全部通过验证"), r.out);
    LabRun bad = LabRun.run(lab, "", "--lang", "zh", "verify", "--runs", "0");
    assertEquals(2, bad.exitCode, bad.toString());
    assertEquals("netlab: --runs 至少为 1\n", bad.err);
  }

  @Test
  void gradeUsageErrorsAreChinese() throws Exception {
    Path missing = dir.resolve("nowhere");
    LabRun r = LabRun.run(lab, "", "--lang", "zh", "grade", missing.toString(), "--out", dir.resolve("report").toString());
    assertEquals(2, r.exitCode, r.toString());
    assertEquals("netlab: 没有这个文件夹：" + missing + "（请给出存放提交的文件夹）\n", r.err);
    Path subs = Files.createDirectories(dir.resolve("subs"));
    LabRun shard = LabRun.run(lab, "", "--lang=zh", "grade", subs.toString(), "--out", dir.resolve("report").toString(),
        "--shard", "5/4");
    assertEquals(2, shard.exitCode, shard.toString());
    assertEquals("netlab: --shard 的格式是 K/N，且 1 <= K <= N，例如 --shard 2/4（收到的是 '5/4'）\n", shard.err);
    // the same line in English, byte for byte as before the bundles
    LabRun en = LabRun.run(lab, "", "--lang", "en", "grade", subs.toString(), "--out", dir.resolve("report").toString(),
        "--shard", "5/4");
    assertEquals("netlab: --shard takes K/N with 1 <= K <= N, e.g. --shard 2/4 (got '5/4')\n", en.err);
  }

  @Test
  void releaseMergeAndSimilarityRefuseInChinese() throws Exception {
    LabRun release = LabRun.run(lab, "", "--lang", "zh", "release");
    assertEquals(2, release.exitCode, release.toString());
    assertEquals("netlab: 请指定要构建什么：--out DIR（学生发布包）、--gradescope FILE.zip、--github-classroom DIR\n", release.err);
    Path notAReport = Files.createDirectories(dir.resolve("shard1"));
    LabRun merge = LabRun.run(lab, "", "--lang", "zh", "merge", notAReport.toString(), "--out", dir.resolve("merged").toString());
    assertEquals(2, merge.exitCode, merge.toString());
    assertEquals("netlab: " + notAReport + " 不是 NetLab 报告（没有 meta.json）\n", merge.err);
    LabRun similarity = LabRun.run(lab, "", "--lang", "zh", "similarity", notAReport.toString(), "--threshold", "0");
    assertEquals(2, similarity.exitCode, similarity.toString());
    assertEquals("netlab: --threshold 是百分比，取值 1..100\n", similarity.err);
  }
}
