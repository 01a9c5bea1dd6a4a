package netlab.lesson;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import netlab.markdown.Markdown;
import org.commonmark.ext.front.matter.YamlFrontMatterVisitor;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;

/**
 * What the Chinese edition of a lab must be, as a list of problems (empty when it is complete):
 * every lesson translated with the same code blocks, front matter and headings; every exercise
 * with a README.zh.md whose heading ends with its title_zh and as many hints_zh as hints; every topic of lessons/topics.txt with
 * Chinese phrases found in its Chinese lesson.
 */
final class ChineseCourse {
  private ChineseCourse() {}

  static List<String> problems(Path lab) throws IOException {
    List<String> out = new ArrayList<>();
    lessons(lab, out);
    exercises(lab, out);
    topics(lab, out);
    return out;
  }

  static void lessons(Path lab, List<String> out) throws IOException {
    Path lessons = lab.resolve("lessons");
    for (Path en : markdown(lessons)) {
      String name = en.getFileName().toString();
      if (!LessonCatalog.FILE_NAME.matcher(name).matches()) continue;
      Path zh = lessons.resolve("zh").resolve(name);
      if (!Files.isRegularFile(zh)) {
        out.add("lessons/zh/" + name + " is missing");
        continue;
      }
      Node e = Markdown.parse(Files.readString(en, StandardCharsets.UTF_8));
      Node z = Markdown.parse(Files.readString(zh, StandardCharsets.UTF_8));
      List<String> ec = codeBlocks(e);
      List<String> zc = codeBlocks(z);
      if (ec.size() != zc.size()) {
        out.add("lessons/zh/" + name + ": " + zc.size() + " code blocks, the English lesson has " + ec.size());
      }
      for (int i = 0; i < Math.min(ec.size(), zc.size()); i++) {
        if (!ec.get(i).equals(zc.get(i))) {
          out.add("lessons/zh/" + name + ": code block " + (i + 1) + " differs from the English one:\n" + zc.get(i));
        }
      }
      Map<String, List<String>> ef = frontMatter(e);
      Map<String, List<String>> zf = frontMatter(z);
      if (!ef.keySet().equals(zf.keySet())) {
        out.add("lessons/zh/" + name + ": front matter keys " + zf.keySet() + ", the English lesson has " + ef.keySet());
      }
      for (String key : ef.keySet()) {
        List<String> ev = ef.get(key);
        List<String> zv = zf.getOrDefault(key, List.of());
        if (key.equals("title") || key.equals("summary")) {
          if (String.join(" ", zv).isBlank()) out.add("lessons/zh/" + name + ": " + key + " is empty");
          else if (zv.equals(ev)) out.add("lessons/zh/" + name + ": " + key + " is not translated");
        } else if (!zv.equals(ev)) {
          out.add("lessons/zh/" + name + ": front matter " + key + " is " + zv + ", in English " + ev);
        }
      }
      int eh = headings(e);
      int zh2 = headings(z);
      if (eh != zh2) out.add("lessons/zh/" + name + ": " + zh2 + " headings, the English lesson has " + eh);
    }
  }

  @SuppressWarnings("unchecked")
  static void exercises(Path lab, List<String> out) throws IOException {
    Path toml = lab.resolve("exercises/exercises.toml");
    if (!Files.isRegularFile(toml)) return;
    ObjectMapper mapper = new TomlMapper();
    Map<String, Object> file = mapper.readValue(Files.readString(toml), Map.class);
    for (Map<String, Object> ex : (List<Map<String, Object>>) file.getOrDefault("exercise", List.of())) {
      String dir = String.format("%02d-%s", ((Number) ex.get("number")).intValue(), ex.get("id"));
      Path readme = lab.resolve("exercises").resolve(dir).resolve("README.zh.md");
      Object title = ex.get("title_zh");
      if (!(title instanceof String t) || t.isBlank()) {
        out.add("exercises.toml: " + ex.get("id") + " has no title_zh");
      } else if (Files.isRegularFile(readme) && !Files.readString(readme).lines().findFirst().orElse("").endsWith(t)) {
        out.add("exercises/" + dir + "/README.zh.md: its heading does not end with title_zh '" + t + "'");
      }
      if (!Files.isRegularFile(readme)) {
        out.add("exercises/" + dir + "/README.zh.md is missing");
      }
      List<String> hints = (List<String>) ex.getOrDefault("hints", List.of());
      List<String> zh = (List<String>) ex.get("hints_zh");
      if (zh == null) {
        out.add("exercises.toml: " + ex.get("id") + " has no hints_zh");
      } else if (zh.size() != hints.size()) {
        out.add("exercises.toml: " + ex.get("id") + " has " + zh.size() + " hints_zh for " + hints.size() + " hints");
      } else if (zh.stream().anyMatch(String::isBlank)) {
        out.add("exercises.toml: " + ex.get("id") + " has an empty hint in hints_zh");
      }
    }
  }

  /** {@code 04 | echo server | echo | zh: 回显 | 回送}: one of the phrases after zh: in lessons/zh/04-*.md. */
  static void topics(Path lab, List<String> out) throws IOException {
    Path topics = lab.resolve("lessons/topics.txt");
    if (!Files.isRegularFile(topics)) return;
    Map<Integer, String> zh = new LinkedHashMap<>();
    for (Path f : markdown(lab.resolve("lessons/zh"))) {
      var m = LessonCatalog.FILE_NAME.matcher(f.getFileName().toString());
      if (m.matches()) zh.put(Integer.parseInt(m.group(1)), Files.readString(f, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
    }
    for (String line : Files.readAllLines(topics, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) continue;
      Topic t = Topic.parse(line);
      if (t.zh().isEmpty()) {
        out.add("topics.txt: '" + t.topic() + "' has no 'zh:' phrases");
        continue;
      }
      String text = zh.get(t.lesson());
      if (text == null) continue; // the missing lesson is reported above
      if (t.zh().stream().noneMatch(p -> text.contains(p.toLowerCase(Locale.ROOT)))) {
        out.add("lessons/zh " + String.format("%02d", t.lesson()) + " lacks '" + t.topic() + "' (" + String.join(" | ", t.zh()) + ")");
      }
    }
  }

  /** One line of topics.txt: lesson, topic, English phrases, and the Chinese ones after {@code zh:}. */
  record Topic(int lesson, String topic, List<String> english, List<String> zh) {
    static Topic parse(String line) {
      String[] parts = line.split("\\|");
      List<String> en = new ArrayList<>();
      List<String> zh = new ArrayList<>();
      boolean chinese = false;
      for (int i = 2; i < parts.length; i++) {
        String p = parts[i].strip();
        if (p.startsWith("zh:")) {
          chinese = true;
          p = p.substring(3).strip();
        }
        if (!p.isEmpty()) (chinese ? zh : en).add(p);
      }
      return new Topic(Integer.parseInt(parts[0].strip()), parts[1].strip(), en, zh);
    }
  }

  private static List<Path> markdown(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".md")).sorted().toList();
    }
  }

  private static List<String> codeBlocks(Node doc) {
    List<String> out = new ArrayList<>();
    doc.accept(new AbstractVisitor() {
      @Override
      public void visit(FencedCodeBlock b) {
        out.add("```" + (b.getInfo() == null ? "" : b.getInfo()) + "\n" + b.getLiteral());
      }
    });
    return out;
  }

  private static int headings(Node doc) {
    int[] n = {0};
    doc.accept(new AbstractVisitor() {
      @Override
      public void visit(Heading h) {
        n[0]++;
        visitChildren(h);
      }
    });
    return n[0];
  }

  private static Map<String, List<String>> frontMatter(Node doc) {
    YamlFrontMatterVisitor v = new YamlFrontMatterVisitor();
    doc.accept(v);
    return new LinkedHashMap<>(v.getData());
  }
}
