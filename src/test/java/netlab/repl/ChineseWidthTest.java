package netlab.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import netlab.core.Lang;
import netlab.core.Msg;
import netlab.lesson.Lesson;
import netlab.lesson.LessonCatalog;
import netlab.lesson.LessonView;
import netlab.markdown.Wrap;
import netlab.testing.LabRun;
import netlab.testing.SampleLab;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Chinese text on a terminal: a wide character takes two columns, so every width is counted in
 * display columns. A rendered Chinese lesson, its tables, the lab's lists and the pager's status
 * line must fit 60 and 100 columns, and table columns line up by display width.
 */
class ChineseWidthTest {
  @TempDir
  Path dir;

  @AfterEach
  void english() {
    Msg.use(Lang.EN);
  }

  @ParameterizedTest
  @ValueSource(ints = {60, 100})
  void aRenderedChineseLessonFitsAndItsTableLinesUp(int width) throws IOException {
    Path lab = SampleLab.createWithChinese(dir);
    Msg.use(Lang.ZH);
    Lesson zh = LessonCatalog.load(lab.resolve("lessons")).byNumber(1).orElseThrow();
    assertTrue(zh.translated());
    List<AttributedString> lines = LessonView.render(zh, width);
    assertFits(lines, width, "lesson 01 (zh)");
    List<String> all = lines.stream().map(AttributedString::toString).toList();
    int top = all.indexOf(all.stream().filter(l -> l.startsWith("┌")).findFirst().orElseThrow());
    int bottom = all.indexOf(all.stream().filter(l -> l.startsWith("└")).findFirst().orElseThrow());
    List<String> table = all.subList(top, bottom + 1);
    assertTrue(table.size() >= 6, "the table is there:\n" + String.join("\n", table));
    List<Integer> bars = columnsOf(table.get(0), "┌┬┐");
    for (String row : table) {
      assertEquals(bars, columnsOf(row, "┌┬┐│├┼┤└┴┘"), "a table line out of step at " + width + " columns:\n"
          + String.join("\n", table));
    }
    // Chinese wraps between characters: a paragraph without a space fills its lines
    List<String> prose = lines.stream().map(AttributedString::toString).filter(l -> l.startsWith("IPv4 地址")).toList();
    assertEquals(1, prose.size());
    assertTrue(Wrap.columns(prose.get(0)) >= width - 2, "the first line of a paragraph is full: " + prose.get(0));
  }

  @ParameterizedTest
  @ValueSource(ints = {60, 100})
  void everyChineseLessonOfTheCourseFits(int width) throws IOException {
    // the real translations, as they arrive; none yet is no failure here (ZhCourseTest says so)
    Msg.use(Lang.ZH);
    LessonCatalog catalog = LessonCatalog.load(LabRun.repo().resolve("lessons"));
    for (Lesson l : catalog.translations()) assertFits(LessonView.render(l, width), width, "lesson " + l.id() + " (zh)");
  }

  @ParameterizedTest
  @ValueSource(ints = {60, 100})
  void theLabsOwnOutputInChineseFits(int width) throws IOException {
    Path lab = SampleLab.createWithChinese(dir);
    LabRun r = LabRun.run(lab, "help\nlessons\nlesson 1\nprogress\nsearch 广播\nexercises\ndemo\nhelp submit\nhint 1\nlang\n",
        Map.of("COLUMNS", String.valueOf(width)), "--lang", "zh");
    List<AttributedString> lines = r.out.lines().map(AttributedString::new).toList();
    assertFits(lines, width, "the REPL in Chinese");
    assertTrue(r.out.contains("submit [练习] [--student 学号]"), r.out);
    // help's summaries start in one column, whatever the usage's width
    List<String> help = r.out.lines().filter(l -> l.startsWith("  lang [LANG]") || l.startsWith("  lesson 编号|名称")).toList();
    assertEquals(2, help.size(), r.out);
    if (width >= 100) {
      assertEquals(startOf(help.get(0), "实验室"), startOf(help.get(1), "按编号"), String.join("\n", help));
    }
    // the lessons' rows: minutes in one column although the titles mix Chinese and English
    List<String> rows = r.out.lines().filter(l -> l.matches("^. · 0[123]  .*分钟.*")).toList();
    assertEquals(3, rows.size(), r.out);
    assertEquals(1, rows.stream().map(l -> startOf(l, "分钟")).distinct().count(), String.join("\n", rows));
  }

  @Test
  void chinesePunctuationStaysWithItsWords() {
    String text = "他说：“我不会再发送数据了”，然后关闭了连接（close），对端收到 FIN（结束）后回复 ACK。";
    for (int width = 12; width <= 40; width++) { // narrower, "（close），" alone is cut
      for (AttributedString l : Wrap.wrap(new AttributedString(text), width)) {
        String s = l.toString();
        assertTrue(Wrap.columns(s) <= width, width + ": " + s);
        assertTrue(s.isEmpty() || "，。、）”".indexOf(s.charAt(0)) < 0, width + ": a line starts with closing punctuation: " + s);
        assertTrue(s.isEmpty() || "（“".indexOf(s.charAt(s.length() - 1)) < 0, width + ": a line ends with an opening one: " + s);
      }
    }
  }

  @Test
  void thePagersStatusLineInChineseFitsTheScreen() {
    Msg.use(Lang.ZH);
    List<AttributedString> lines = new ArrayList<>();
    for (int i = 0; i < 480; i++) lines.add(new AttributedString("第 " + i + " 行：套接字、三次握手、粘包"));
    Pager.Position p = new Pager.Position(lines, Msg.get("pager.lesson", "04"));
    for (int columns : new int[] {40, 60, 100}) {
      String status = p.status(90, 30, columns);
      assertTrue(Wrap.columns(status) <= columns - 1, columns + ": " + status);
      assertTrue(status.contains("第 91–"), status);
    }
    assertTrue(p.status(90, 30, 100).contains("第 04 课") && p.status(90, 30, 100).endsWith("q 退出 · / 搜索 · h 帮助"),
        p.status(90, 30, 100));
  }

  private static void assertFits(List<AttributedString> lines, int width, String what) {
    List<String> wide = new ArrayList<>();
    for (AttributedString l : lines) {
      if (l.columnLength() > width || Wrap.columns(l.toString()) > width) wide.add(Wrap.columns(l.toString()) + ": " + l);
    }
    assertEquals(List.of(), wide, what + ": lines wider than " + width + " columns");
  }

  /** The display columns at which any of {@code chars} occurs in {@code line}. */
  private static List<Integer> columnsOf(String line, String chars) {
    List<Integer> out = new ArrayList<>();
    int col = 0;
    for (int i = 0; i < line.length(); ) {
      int cp = line.codePointAt(i);
      if (chars.indexOf(cp) >= 0) out.add(col);
      col += Wrap.columns(cp);
      i += Character.charCount(cp);
    }
    return out;
  }

  private static int startOf(String line, String part) {
    int i = line.indexOf(part);
    return i < 0 ? -1 : Wrap.columns(line.substring(0, i));
  }

}
