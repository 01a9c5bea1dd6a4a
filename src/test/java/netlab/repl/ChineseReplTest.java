package netlab.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import netlab.core.Lang;
import netlab.core.Msg;
import netlab.testing.LabRun;
import netlab.testing.SampleLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab in Chinese, driven as a script drives it: 'lang zh' switches help, messages and
 * lessons at once and is remembered; 'lang en' switches back; --lang and the locale choose too.
 */
class ChineseReplTest {
  @TempDir
  Path dir;
  Path lab;

  @BeforeEach
  void lab() throws Exception {
    lab = SampleLab.createWithChinese(dir);
  }

  @AfterEach
  void english() {
    Msg.use(Lang.EN); // the language is the process's: leave it as other tests expect it
  }

  @Test
  void langZhSwitchesHelpAndLessonsAndLangEnSwitchesBack() {
    LabRun r = LabRun.run(lab, "lang zh\nhelp\nlesson 1\nlang en\nhelp\nlesson 1\n");
    assertEquals(0, r.exitCode, r.toString());
    int switched = r.out.indexOf("实验室现在使用中文");
    assertTrue(switched >= 0, r.out);
    int back = r.out.indexOf("The lab now speaks English");
    assertTrue(back > switched, r.out);
    String zh = r.out.substring(switched, back);
    String en = r.out.substring(back);
    // help, in Chinese: the table and its footer
    assertTrue(zh.contains("列出所有命令，或解释其中一个"), zh);
    assertTrue(zh.contains("lang [LANG]"), zh);
    assertTrue(zh.contains("Tab 补全命令和课程名"), zh);
    // the lesson, in Chinese: banner, heading, the same snippet
    assertTrue(zh.contains("第 01 课 · IP 地址 · 30 分钟"), zh);
    assertTrue(zh.contains("广播\n────"), zh);
    assertTrue(zh.contains("╭─ [1] java"), zh);
    assertTrue(zh.contains("第 01 课完"), zh);
    // and back
    assertTrue(en.contains("list the commands, or explain one"), en);
    assertTrue(en.contains("Lesson 01 · IP addresses · 30 min"), en);
    assertFalse(en.contains("第 01 课"), en);
  }

  @Test
  void theChoiceIsRememberedInTheProgressFileAndTheLocaleAndFlagAlsoChoose() throws Exception {
    LabRun first = LabRun.run(lab, "lang zh\n");
    assertTrue(Files.readString(lab.resolve(".netlab/progress.json")).contains("\"lang\" : \"zh\""));
    // the next start speaks Chinese from its first line
    LabRun again = LabRun.run(lab, "lessons\n");
    assertTrue(again.out.startsWith("NetLab —— 用 Java 学网络编程。"), again.out);
    assertTrue(again.out.contains("· 01  IP 地址"), again.out);
    assertTrue(again.out.contains("已学完 0/3 课"), again.out);
    // --lang wins over the saved choice, for one run
    LabRun flag = LabRun.run(lab, "lessons\n", "--lang", "en");
    assertTrue(flag.out.contains("  · 01  IP addresses"), flag.out);
    assertTrue(LabRun.run(lab, "").out.startsWith("NetLab ——"), "the saved choice is unchanged");
    LabRun.run(lab, "lang en\n");
    // no saved choice: the locale decides
    Files.writeString(lab.resolve(".netlab/progress.json"), "{}");
    LabRun locale = LabRun.run(lab, "lessons\n", Map.of("LANG", "zh_CN.UTF-8"));
    assertTrue(locale.out.startsWith("NetLab ——"), locale.out);
    LabRun all = LabRun.run(lab, "lessons\n", Map.of("LANG", "zh_CN.UTF-8", "LC_ALL", "C"));
    assertTrue(all.out.startsWith("NetLab — network"), "LC_ALL comes before LANG:\n" + all.out);
    LabRun english = LabRun.run(lab, "lessons\n", Map.of("LANG", "en_US.UTF-8"));
    assertTrue(english.out.startsWith("NetLab — network"), english.out);
    assertEquals(0, first.exitCode);
  }

  @Test
  void theCommandLineTakesLangAndTheLocale() {
    LabRun lessons = LabRun.run(lab, "", "--lang", "zh", "lessons");
    assertEquals(0, lessons.exitCode, lessons.toString());
    assertTrue(lessons.out.contains("  01  IP 地址"), lessons.out);
    assertTrue(lessons.out.contains("30 分钟"), lessons.out);
    LabRun after = LabRun.run(lab, "", "lessons", "--lang=en");
    assertTrue(after.out.contains("  01  IP addresses"), after.out);
    LabRun lesson = LabRun.run(lab, "", Map.of("LANG", "zh_CN.UTF-8"), "lesson", "1");
    assertTrue(lesson.out.contains("第 01 课 · IP 地址"), lesson.out);
    LabRun untranslated = LabRun.run(lab, "", Map.of("LANG", "zh_CN.UTF-8"), "lesson", "3");
    assertTrue(untranslated.out.contains("UTF-8 and GBK."), untranslated.out);
    assertEquals("netlab: 第 03 课还没有中文版：先显示英文版\n", untranslated.err);
    LabRun bad = LabRun.run(lab, "", Map.of("LANG", "zh_CN.UTF-8"), "lesson", "9");
    assertEquals(2, bad.exitCode);
    assertTrue(bad.err.startsWith("netlab: 没有第 9 课"), bad.err);
  }

  @Test
  void aBadLanguageIsOneLineNamingTheChoices() {
    LabRun r = LabRun.run(lab, "lang fr\nlang\n");
    assertTrue(r.out.contains("error: unknown language 'fr'; choose one of: zh, en"), r.out);
    assertTrue(r.out.contains("The lab speaks English; 'lang zh' or 'lang en' switches (zh, en)."), r.out);
    LabRun cli = LabRun.run(lab, "", "--lang", "klingon", "lessons");
    assertEquals(2, cli.exitCode, cli.toString());
    assertEquals("netlab: unknown language 'klingon'; choose one of: zh, en\n", cli.err);
  }

  @Test
  void aLessonWithoutTranslationIsShownInEnglishWithANote() {
    LabRun r = LabRun.run(lab, "lang zh\nlesson 3\n");
    assertTrue(r.out.contains("Lesson 03 · Bytes and encodings") || r.out.contains("第 03 课 · Bytes and encodings"), r.out);
    assertTrue(r.out.contains("UTF-8 and GBK."), r.out);
    assertTrue(r.out.contains("第 03 课还没有中文版：先显示英文版"), r.out);
    assertTrue(r.out.contains("有 1 课还没有中文版，将以英文显示。"), r.out);
  }

  @Test
  void searchFindsChineseTextInChineseAndEnglishStillWorks() {
    LabRun r = LabRun.run(lab, "lang zh\nsearch 粘包\nsearch 这就是所谓\nsearch masks\nlang en\nsearch broadcast\n");
    String zh = r.out.substring(0, r.out.indexOf("The lab now speaks English"));
    String en = r.out.substring(r.out.indexOf("The lab now speaks English"));
    assertTrue(zh.contains("01 IP 地址  （第 1 课）"), zh);
    assertTrue(zh.contains("粘包问题"), zh);
    assertTrue(zh.contains("在 1 课中找到 1 行"), zh);
    // a term the wrap cut in two (at 80 columns) is found whole
    assertTrue(zh.contains("这就是所谓的粘包问题"), zh);
    assertFalse(zh.contains("没有哪一课提到“这就是所谓”"), zh);
    // an English word the Chinese text lacks: the English lessons answer, said so
    assertTrue(zh.contains("中文课程中没有找到；以下是英文课程中的结果："), zh);
    assertTrue(zh.contains("Addresses, masks and the loopback."), zh);
    assertTrue(en.contains("01 IP addresses  (lesson 1)"), en);
    assertTrue(en.contains("3 lines in 2 lessons"), en);
  }

  @Test
  void runRunsTheSameSnippetsInChinese() throws Exception {
    LabRun r = LabRun.run(lab, "lang zh\nlesson 1\nrun 5\n");
    assertTrue(r.out.contains("错误：第 01 课只有 1 个代码片段；运行 run 1"), r.out);
  }

  @Test
  void errorsAndNotesAreInChinese() {
    LabRun r = LabRun.run(lab, "lang zh\nlesons\nSystem.out.println(1)\nprev\nsearch\nlesson 9\n");
    assertTrue(r.out.contains("错误：未知命令“lesons”；你是想输入 'lessons' 吗？"), r.out);
    assertTrue(r.out.contains("错误：这是 Java 代码：请在 'jshell' 里输入"), r.out);
    assertTrue(r.out.contains("错误：还没有打开任何一课；试试 'lesson 1'"), r.out);
    assertTrue(r.out.contains("错误：搜索什么？"), r.out);
    assertTrue(r.out.contains("错误：没有第 9 课；课程编号是 01–03"), r.out);
  }

  @Test
  void checkFeedbackIsFramedInChineseAroundTheTestsNames() throws Exception {
    Path toy = netlab.testing.ToyLab.create(dir.resolve("toy"));
    LabRun r = LabRun.run(toy, "exercises\ncheck adder\nhint adder\n", Map.of("LANG", "zh_CN.UTF-8"));
    assertTrue(r.out.matches("(?s).*adder +加法器 .*"), "the exercise's Chinese title: " + r.out);
    assertTrue(r.out.contains("正在检查 adder（exercises/01-adder）…"), r.out);
    assertTrue(r.out.matches("(?s).*得分 0/\\d+ · \\d+ 个测试中通过 0 个 · .*"), r.out);
    assertTrue(r.out.contains("卡住了？'hint adder' 给你一条提示。"), r.out);
    assertTrue(r.out.contains("提示 1/"), r.out);
    netlab.testing.ToyLab.solve(toy);
    LabRun pass = LabRun.run(toy, "check adder\n", Map.of("LANG", "zh_CN.UTF-8"));
    assertTrue(pass.out.contains("全部测试通过。'solution adder' 显示参考答案，可以对照一下。"), pass.out);
  }

  @Test
  void aDemoNarratesInChinese() {
    LabRun r = LabRun.run(lab, "lang zh\ndemo tcp-echo\ndemo stop\ndemo nope\n");
    assertTrue(r.out.contains("在 127.0.0.1:"), r.out);
    assertTrue(r.out.contains("在另一个终端里试试：  nc 127.0.0.1 "), r.out);
    assertTrue(r.out.contains("演示 tcp-echo 正在运行；'demo stop' 停止它"), r.out);
    assertTrue(r.out.contains("已停止演示 tcp-echo；它占用的端口已释放"), r.out);
    assertTrue(r.out.contains("错误：没有“nope”这个演示；'demo' 列出所有演示"), r.out);
  }
}
