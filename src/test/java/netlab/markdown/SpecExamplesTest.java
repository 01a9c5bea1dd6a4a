package netlab.markdown;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.commonmark.renderer.text.TextContentRenderer;
import org.commonmark.testutil.example.Example;
import org.commonmark.testutil.example.ExampleReader;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

/**
 * Every example of the CommonMark spec and the GFM spec renders without an exception, within
 * the width, and without losing a word of its text (as commonmark's own text renderer sees it).
 */
class SpecExamplesTest {
  private static final TextContentRenderer TEXT = TextContentRenderer.builder().build();

  @Test
  void commonMarkSpec() {
    check(getClass().getResource("/spec.txt"));
  }

  @Test
  void gfmSpec() {
    check(getClass().getResource("/gfm-spec.txt"));
  }

  private static void check(URL spec) {
    List<Example> examples = ExampleReader.readExamples(spec);
    assertTrue(examples.size() > 500, "read the spec: " + examples.size());
    List<String> failures = new ArrayList<>();
    for (Example ex : examples) {
      String source = ex.getSource();
      String expected = TEXT.render(Markdown.parse(source));
      for (int width : new int[] {20, 80}) {
        List<AttributedString> lines;
        try {
          lines = TerminalRenderer.render(source, width);
        } catch (RuntimeException e) {
          failures.add(ex + " threw " + e);
          continue;
        }
        String got = lines.stream().map(AttributedString::toString).collect(Collectors.joining(""))
            .replaceAll("[\\s│╭╰─┌┐└┘├┤┬┴┼]+", "");
        // words only: list markers, quote marks and rules are the text renderer's decoration
        for (String word : expected.split("[^\\p{L}\\p{N}]+")) {
          String w = word;
          // an e-mail autolink shows the address; the text renderer adds the "mailto:" scheme
          if (!w.isEmpty() && !w.equals("mailto") && !got.contains(w)) {
            failures.add(ex + " at width " + width + " lost '" + w + "'");
            break;
          }
        }
        for (AttributedString l : lines) {
          // code lines are cut at the width; a table never gets narrower than 3 columns a cell
          if (l.columnLength() > width && !l.toString().startsWith("┌") && !l.toString().startsWith("│ ")) {
            failures.add(ex + " at width " + width + " has a line of " + l.columnLength() + ": " + l);
            break;
          }
        }
      }
    }
    assertTrue(failures.isEmpty(), failures.size() + " failures:\n" + String.join("\n", failures.subList(0, Math.min(30, failures.size()))));
  }
}
