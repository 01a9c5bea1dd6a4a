package netlab.markdown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;

class TerminalRendererTest {
  static List<AttributedString> render(String md, int width) {
    return TerminalRenderer.render(md, width);
  }

  static String plain(String md, int width) {
    return render(md, width).stream().map(AttributedString::toString).collect(Collectors.joining("\n"));
  }

  static void assertFits(List<AttributedString> lines, int width) {
    for (AttributedString l : lines) {
      assertTrue(l.columnLength() <= width, "line wider than " + width + ": [" + l + "] (" + l.columnLength() + ")");
    }
  }

  static AttributedStyle styleOf(List<AttributedString> lines, String text) {
    for (AttributedString l : lines) {
      int at = l.toString().indexOf(text);
      if (at >= 0) return l.styleAt(at);
    }
    throw new AssertionError("'" + text + "' not rendered");
  }

  @Test
  void aLineWrappedBetweenChineseCharactersJoinsWithoutASpace() {
    String text = plain("套接字是\n操作系统的接口，\n`Socket` 是\nJava 的类。\n\nan English\nline\n", 100);
    // between Chinese and Latin the break stays a space, as between two Latin words
    assertTrue(text.contains("套接字是操作系统的接口， Socket 是 Java 的类。"), text);
    assertTrue(text.contains("an English line"), text);
  }

  @Test
  void headingsAreUnderlinedAndStyled() {
    List<AttributedString> lines = render("# Big title\n\n## Section\n\n### Sub\n", 80);
    String text = lines.stream().map(AttributedString::toString).collect(Collectors.joining("\n"));
    assertTrue(text.contains("Big title\n═════════"), text);
    assertTrue(text.contains("Section\n───────"), text);
    assertTrue(text.contains("Sub\n┄┄┄"), text);
    assertEquals(Theme.H1, styleOf(lines, "Big"));
  }

  @Test
  void thirdLevelHeadingsAreHeadingsInPlainTextNotLeftoverMarkdown() {
    String md = "Some text.\n\n### How big can a datagram be?\n\nMore text.\n\n#### Deeper\n";
    String text = plain(md, 80);
    assertFalse(text.contains("#"), "no Markdown markers left:\n" + text);
    assertTrue(text.contains("\n\nHow big can a datagram be?\n" + "┄".repeat(26) + "\n\nMore text."), text);
    assertTrue(text.contains("Deeper\n┄┄┄┄┄┄"), text);
    assertEquals(Theme.H3, styleOf(render(md, 80), "How big"));
  }

  @Test
  void emphasisStrongAndInlineCodeKeepTheirTextAndGetStyles() {
    List<AttributedString> lines = render("Plain *soft* and **loud** and `code()`.", 80);
    assertEquals("Plain soft and loud and code().", lines.get(0).toString());
    assertTrue((styleOf(lines, "soft").getStyle() & 4L) != 0, "italic");
    assertTrue((styleOf(lines, "loud").getStyle() & 1L) != 0, "bold");
    assertEquals(Theme.CODE_INLINE, styleOf(lines, "code()"));
  }

  @Test
  void fencedJavaCodeIsFramedLabelledAndColoured() {
    String md = "```java\nint port = 8080; // a comment\nString s = \"// not a comment\";\n```\n";
    List<AttributedString> lines = render(md, 80);
    assertEquals("╭─ java", lines.get(0).toString());
    assertEquals("│ int port = 8080; // a comment", lines.get(1).toString());
    assertEquals("╰─", lines.get(lines.size() - 1).toString());
    assertEquals(JavaHighlighter.TYPE, styleOf(lines, "int"));
    assertEquals(JavaHighlighter.LITERAL, styleOf(lines, "8080"));
    assertEquals(JavaHighlighter.COMMENT, styleOf(lines, "// a comment"));
    assertEquals(JavaHighlighter.STRING, styleOf(lines, "\"// not a comment\""));
  }

  /** The code inside a rendered block: frame bars gone, folded lines joined again. */
  static String unfold(List<AttributedString> lines) {
    StringBuilder b = new StringBuilder();
    boolean continued = false;
    for (AttributedString l : lines) {
      String s = l.toString();
      if (!s.startsWith("│ ")) continue;
      s = s.substring(2);
      if (continued) s = s.stripLeading();
      continued = s.endsWith(CodeWrap.MARK);
      b.append(continued ? s.substring(0, s.length() - 1) : s + "\n");
    }
    return b.toString();
  }

  @Test
  void aTokenWiderThanTheLineIsCutWithAMarkAndNothingIsLost() {
    String code = "x".repeat(150);
    List<AttributedString> lines = render("```\n" + code + "\n```\n", 60);
    assertFits(lines, 60);
    assertTrue(lines.get(1).toString().endsWith("↩"), lines.toString());
    assertEquals(code + "\n", unfold(lines));
  }

  @Test
  void longCodeLinesFoldBetweenTokensWithAMarkAndAnIndent() {
    String code = String.join("\n",
        "try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {",
        "    System.out.printf(\"%-22s %-13s %2d bytes = %3d bits%n\", address.getHostAddress(), kind, bytes.length, bytes.length * 8);",
        "    int total = firstValue+secondValue*thirdValue-fourthValue/fifthValue+sixthValue*seventhValue;",
        "}");
    for (int width : new int[] {40, 50, 60}) {
      List<AttributedString> lines = render("```java\n" + code + "\n```\n", width);
      assertFits(lines, width);
      assertEquals(code + "\n", unfold(lines), "nothing lost or added at " + width);
      // every name, number and operator of the code is whole on some line
      java.util.Set<String> tokens = new java.util.TreeSet<>(java.util.Arrays.asList(code.split("[^A-Za-z0-9_$]+")));
      tokens.remove("");
      String shown = lines.stream().map(AttributedString::toString).collect(Collectors.joining("\n"));
      for (String t : tokens) {
        assertTrue(java.util.regex.Pattern.compile("(?<![A-Za-z0-9_$])" + java.util.regex.Pattern.quote(t) + "(?![A-Za-z0-9_$])")
            .matcher(shown).find(), "'" + t + "' broken in two at width " + width + ":\n" + shown);
      }
      // a folded line ends with the mark; what continues it is indented deeper than where it began
      int indent = 0;
      boolean continued = false;
      for (AttributedString line : lines.subList(1, lines.size() - 1)) {
        String l = line.toString().substring(2);
        int own = l.length() - l.stripLeading().length();
        if (continued) assertTrue(own > indent, "hanging indent:\n" + shown);
        else indent = own;
        continued = l.endsWith("↩");
      }
      assertTrue(shown.contains("↩"), "folded at " + width + ":\n" + shown);
    }
  }

  @Test
  void aLongStringLiteralFoldsAtItsSpacesNotInsideAWord() {
    String code = "String s = \"" + "alpha beta gamma delta epsilon ".repeat(4).strip() + "\";";
    List<AttributedString> lines = render("```java\n" + code + "\n```\n", 40);
    assertFits(lines, 40);
    assertEquals(code + "\n", unfold(lines));
    for (AttributedString l : lines) {
      String s = l.toString();
      if (s.endsWith("↩")) assertTrue(s.endsWith(" ↩") || s.endsWith("\"↩") || s.endsWith("= ↩"), "folds at a space: [" + s + "]");
    }
  }

  @Test
  void blockQuotesCarryABarOnEveryLineIncludingWrappedOnes() {
    String md = "> " + "word ".repeat(40) + "\n>\n> second paragraph";
    List<AttributedString> lines = render(md, 40);
    assertFits(lines, 40);
    for (AttributedString l : lines) assertTrue(l.toString().startsWith("│"), "[" + l + "]");
    assertTrue(lines.stream().anyMatch(l -> l.toString().equals("│")), "blank line inside the quote keeps its bar");
  }

  @Test
  void nestedListsIndentAndNumber() {
    String md = "1. one\n2. two\n   - inner a\n   - inner b\n     1. deep\n3. three\n\n- x\n- y\n";
    String text = plain(md, 80);
    assertTrue(text.contains("1. one\n2. two\n   ◦ inner a\n   ◦ inner b\n     1. deep\n3. three"), text);
    assertTrue(text.contains("• x\n• y"), text);
  }

  @Test
  void orderedListsKeepTheirStartAndAlignTwoDigitNumbers() {
    StringBuilder md = new StringBuilder();
    for (int i = 8; i <= 11; i++) md.append(i).append(". item ").append(i).append('\n');
    String text = plain(md.toString(), 80);
    assertTrue(text.startsWith(" 8. item 8\n 9. item 9\n10. item 10\n11. item 11"), text);
  }

  @Test
  void wrappedListItemsIndentUnderTheirText() {
    String md = "- " + "alpha ".repeat(20);
    List<AttributedString> lines = render(md, 30);
    assertFits(lines, 30);
    assertTrue(lines.get(0).toString().startsWith("• alpha"));
    for (int i = 1; i < lines.size(); i++) assertTrue(lines.get(i).toString().startsWith("  alpha"), lines.get(i).toString());
  }

  @Test
  void tablesAreAlignedAndFramed() {
    String md = "| Left | Mid | Right |\n|:-----|:---:|------:|\n| a | b | 1 |\n| long cell | c | 12345 |\n";
    String text = plain(md, 80);
    String expected = String.join("\n",
        "┌───────────┬─────┬───────┐",
        "│ Left      │ Mid │ Right │",
        "├───────────┼─────┼───────┤",
        "│ a         │  b  │     1 │",
        "│ long cell │  c  │ 12345 │",
        "└───────────┴─────┴───────┘");
    assertEquals(expected, text);
  }

  @Test
  void wideTablesWrapTheirCellsToFitTheWidth() {
    String longText = "this column holds a long explanation that cannot possibly fit on one line of the table";
    String md = "| Name | Explanation | Also long |\n|---|---|---|\n| short | " + longText + " | "
        + longText + " |\n";
    List<AttributedString> lines = render(md, 60);
    assertFits(lines, 60);
    String text = lines.stream().map(AttributedString::toString).collect(Collectors.joining("\n"));
    for (String word : longText.split(" ")) assertTrue(text.contains(word), "lost '" + word + "'");
    assertTrue(text.contains("│ short │"), "narrow columns keep their natural width:\n" + text);
  }

  @Test
  void cjkCharactersCountAsTwoColumnsAndWrapWithoutSpaces() {
    String cjk = "三次握手是建立连接的过程，四次挥手是关闭连接的过程。粘包是字节流没有边界造成的现象。";
    List<AttributedString> lines = render(cjk, 20);
    assertFits(lines, 20);
    assertTrue(lines.size() >= 4, "wraps: " + lines);
    assertEquals(cjk, lines.stream().map(AttributedString::toString).collect(Collectors.joining()));
    for (AttributedString l : lines) assertFalse(l.toString().startsWith("，") || l.toString().startsWith("。"), "kinsoku: " + l);
  }

  @Test
  void cjkInsideTablesLinesUpByColumns() {
    String md = "| 术语 | English |\n|---|---|\n| 粘包 | sticky packets |\n| 三次握手 | three-way handshake |\n";
    List<AttributedString> lines = render(md, 80);
    int width = lines.get(0).columnLength();
    for (AttributedString l : lines) assertEquals(width, l.columnLength(), "row [" + l + "]");
  }

  @Test
  void linksShowTextAndUrl() {
    String text = plain("See [RFC 791](https://www.rfc-editor.org/rfc/rfc791) and <https://example.org>.", 100);
    assertEquals("See RFC 791 (https://www.rfc-editor.org/rfc/rfc791) and https://example.org.", text);
  }

  @Test
  void bareUrlsAreAutolinked() {
    List<AttributedString> lines = render("Visit https://example.org today.", 80);
    assertEquals(Theme.LINK, styleOf(lines, "https://example.org"));
    assertEquals("Visit https://example.org today.", lines.get(0).toString());
  }

  @Test
  void thematicBreakSpansTheWidth() {
    List<AttributedString> lines = render("above\n\n---\n\nbelow", 40);
    assertEquals("─".repeat(40), lines.get(2).toString());
  }

  @Test
  void htmlIsShownAsText() {
    String text = plain("<div class=\"x\">raw</div>\n\nA <b>bold</b> word.", 80);
    assertTrue(text.contains("<div class=\"x\">raw</div>"), text);
    assertTrue(text.contains("A <b>bold</b> word."), text);
  }

  @Test
  void frontMatterIsShownDimWhenRenderingAFile() {
    String text = plain("---\ntitle: Hello\nminutes: 5\n---\n\nBody.", 80);
    assertTrue(text.contains("title: Hello"), text);
    assertTrue(text.contains("Body."), text);
  }

  @Test
  void imagesShowAltTextAndSource() {
    assertEquals("[image: a diagram] (img/layers.png)", plain("![a diagram](img/layers.png)", 80));
  }

  @Test
  void hardBreaksBreakAndParagraphsAreSeparatedByOneBlankLine() {
    assertEquals("one\ntwo\n\nthree", plain("one  \ntwo\n\n\n\nthree", 80));
  }

  @Test
  void plainOutputHasNoEscapeCodesButAnsiOutputDoes() {
    List<AttributedString> lines = render("# T\n\n**b** `c`\n\n```java\nint x;\n```", 80);
    String ansi = lines.stream().map(AttributedString::toAnsi).collect(Collectors.joining("\n"));
    String plain = lines.stream().map(AttributedString::toString).collect(Collectors.joining("\n"));
    assertTrue(ansi.contains("\u001b["));
    assertFalse(plain.contains("\u001b"));
  }
}
