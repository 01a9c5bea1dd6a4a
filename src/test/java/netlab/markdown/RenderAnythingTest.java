package netlab.markdown;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;
import org.commonmark.node.Node;
import org.commonmark.renderer.text.TextContentRenderer;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

/**
 * "Any CommonMark input renders without an exception and without losing its text": random
 * documents built from every construct (nested, mixed, malformed) are rendered at several
 * widths, and every word commonmark's own text renderer sees must appear in our output.
 */
class RenderAnythingTest {
  private static final String[] BLOCKS = {
      "# Heading %s", "## Sub %s", "plain %s text", "> quoted %s\n> more", "- item %s\n- item two\n  - nested %s",
      "1. first %s\n2. second\n   1. deeper %s", "```java\nint %s = 1;\n```", "```\nraw %s\n```",
      "    indented %s", "| a | b |\n|---|---|\n| %s | %s |", "<div>%s</div>", "***", "*em %s* and **strong %s**",
      "`code %s`", "[link %s](http://x.org/%s)", "![alt %s](p.png)", "line %s  \nbreak", "1) paren %s",
      "Setext %s\n======", "- [ ] task %s", "* * *", "| x |\n|:-:|\n| 中文%s宽字符 |", "\\*escaped %s\\*",
      "<https://auto.example/%s>", "term %s <span>inline html</span>", "> - quoted list %s\n>   - deeper",
      "- a\n\n  para in item %s\n\n  ```\n  code in item\n  ```", "***unclosed %s", "[ref %s]\n\n[ref %s]: /url",
  };

  @Test
  void randomDocumentsRenderEveryWordAtEveryWidth() {
    Random random = new Random(42);
    TextContentRenderer text = TextContentRenderer.builder().build();
    for (int doc = 0; doc < 400; doc++) {
      StringBuilder md = new StringBuilder();
      int blocks = 1 + random.nextInt(8);
      for (int b = 0; b < blocks; b++) {
        String word = "w" + doc + "x" + b;
        String block = BLOCKS[random.nextInt(BLOCKS.length)].replace("%s", word);
        if (random.nextInt(5) == 0) block = "> " + block.replace("\n", "\n> ");
        if (random.nextInt(6) == 0) block = "- " + block.replace("\n", "\n  ");
        md.append(block).append(random.nextBoolean() ? "\n\n" : "\n");
      }
      Node parsed = Markdown.parse(md.toString());
      String expected = text.render(parsed);
      for (int width : new int[] {12, 40, 80}) {
        List<AttributedString> lines = TerminalRenderer.render(md.toString(), width);
        String got = lines.stream().map(AttributedString::toString).collect(Collectors.joining(" "));
        String squashed = got.replaceAll("[\\s│╭╰─]+", "");
        for (String word : expected.split("[^\\p{L}\\p{N}]+")) {
          if (word.isEmpty() || word.toLowerCase(Locale.ROOT).equals("url")) continue;
          assertTrue(squashed.contains(word),
              "lost '" + word + "' at width " + width + " in:\n" + md + "\n--- rendered:\n" + String.join("\n",
                  lines.stream().map(AttributedString::toString).toList()));
        }
      }
    }
  }
}
