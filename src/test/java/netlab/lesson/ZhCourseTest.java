package netlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import netlab.testing.LabRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Chinese edition of the course (issue 17): the first three tests check the real course and
 * fail until its translations are all in; the others check the checker on small labs built here.
 */
class ZhCourseTest {
  @TempDir
  Path dir;

  @Test
  void everyLessonHasAFaithfulChineseTranslation() throws IOException {
    List<String> problems = new ArrayList<>();
    ChineseCourse.lessons(LabRun.repo(), problems);
    assertEquals(List.of(), problems);
  }

  @Test
  void everyExerciseHasAChineseReadmeAndHints() throws IOException {
    List<String> problems = new ArrayList<>();
    ChineseCourse.exercises(LabRun.repo(), problems);
    assertEquals(List.of(), problems);
  }

  @Test
  void everyTopicIsInItsChineseLesson() throws IOException {
    List<String> problems = new ArrayList<>();
    ChineseCourse.topics(LabRun.repo(), problems);
    assertEquals(List.of(), problems);
  }

  @Test
  void aFaithfulTranslationPasses() throws IOException {
    Path lab = lab(dir.resolve("good"));
    assertEquals(List.of(), ChineseCourse.problems(lab));
    // and the lab loads it without a word
    assertEquals(List.of(), LessonCatalog.load(lab.resolve("lessons")).problems());
  }

  @Test
  void everySlipIsCaught() throws IOException {
    Path lab = lab(dir.resolve("bad"));
    Path zh = lab.resolve("lessons/zh/01-echo.md");
    Files.writeString(zh, Files.readString(zh)
        .replace("minutes: 20", "minutes: 25")
        .replace("summary: 回显服务器。", "summary: An echo server.")
        .replace("System.out.println(\"hi\");", "System.out.println(\"你好\");")
        .replace("## 小结\n", ""));
    Files.delete(lab.resolve("lessons/zh/02-more.md"));
    Files.delete(lab.resolve("exercises/01-echo/README.zh.md"));
    Files.writeString(lab.resolve("exercises/exercises.toml"), Files.readString(lab.resolve("exercises/exercises.toml"))
        .replace("hints_zh = [\"先绑定。\", \"再回显。\"]", "hints_zh = [\"先绑定。\"]")
        .replace("title_zh = \"回显\"\n", ""));
    Files.writeString(lab.resolve("lessons/topics.txt"), "01 | echo server | echo | zh: 回送\n02 | more | more\n");
    List<String> p = ChineseCourse.problems(lab);
    String all = String.join("\n", p);
    assertTrue(all.contains("lessons/zh/01-echo.md: code block 1 differs from the English one"), all);
    assertTrue(all.contains("lessons/zh/01-echo.md: front matter minutes is [25], in English [20]"), all);
    assertTrue(all.contains("lessons/zh/01-echo.md: summary is not translated"), all);
    assertTrue(all.contains("lessons/zh/01-echo.md: 0 headings, the English lesson has 1"), all);
    assertTrue(all.contains("lessons/zh/02-more.md is missing"), all);
    assertTrue(all.contains("exercises/01-echo/README.zh.md is missing"), all);
    assertTrue(all.contains("exercises.toml: echo has 1 hints_zh for 2 hints"), all);
    assertTrue(all.contains("exercises.toml: echo has no title_zh"), all);
    assertTrue(all.contains("lessons/zh 01 lacks 'echo server' (回送)"), all);
    assertTrue(all.contains("topics.txt: 'more' has no 'zh:' phrases"), all);
    assertEquals(10, p.size(), all);
  }

  @Test
  void topicLinesReadTheirEnglishAndChinesePhrasesApart() {
    var t = ChineseCourse.Topic.parse("04 | echo server | echo | zh: 回显 | 回送");
    assertEquals(4, t.lesson());
    assertEquals(List.of("echo"), t.english());
    assertEquals(List.of("回显", "回送"), t.zh());
    assertEquals(List.of(), ChineseCourse.Topic.parse("01 | IPv4 | IPv4").zh());
  }

  /** A two-lesson, one-exercise lab with a complete Chinese edition. */
  static Path lab(Path root) throws IOException {
    Path lessons = Files.createDirectories(root.resolve("lessons/zh"));
    Files.writeString(root.resolve("lessons/01-echo.md"), """
        ---
        title: Echo
        minutes: 20
        summary: An echo server.
        exercises:
          - echo
        demos: []
        ---

        An echo server sends back what it gets.

        ```java
        System.out.println("hi");
        ```

        ```text
        client → server
        ```

        ## Recap

        Echo.
        """);
    Files.writeString(lessons.resolve("01-echo.md"), """
        ---
        title: 回显
        minutes: 20
        summary: 回显服务器。
        exercises:
          - echo
        demos: []
        ---

        回显（echo）服务器把收到的数据原样发回去。

        ```java
        System.out.println("hi");
        ```

        ```text
        client → server
        ```

        ## 小结

        回显。
        """);
    Files.writeString(root.resolve("lessons/02-more.md"), "---\ntitle: More\nminutes: 5\nsummary: More.\n---\n\nMore.\n");
    Files.writeString(lessons.resolve("02-more.md"), "---\ntitle: 更多\nminutes: 5\nsummary: 更多内容。\n---\n\n更多（more）。\n");
    Files.writeString(root.resolve("lessons/topics.txt"), "# topics\n01 | echo server | echo | zh: 回显 | 回送\n02 | more | more | zh: 更多\n");
    Path ex = Files.createDirectories(root.resolve("exercises/01-echo"));
    Files.writeString(ex.resolve("README.md"), "# Echo\n");
    Files.writeString(ex.resolve("README.zh.md"), "# 回显\n");
    Files.writeString(root.resolve("exercises/exercises.toml"), """
        [[exercise]]
        id = "echo"
        number = 1
        title = "Echo"
        title_zh = "回显"
        lesson = "echo"
        files = ["Echo.java"]
        points = 2
        hints = ["Bind first.", "Then echo."]
        hints_zh = ["先绑定。", "再回显。"]
        """);
    return root;
  }
}
