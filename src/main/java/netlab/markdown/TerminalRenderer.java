package netlab.markdown;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.commonmark.ext.front.matter.YamlFrontMatterBlock;
import org.commonmark.ext.front.matter.YamlFrontMatterVisitor;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.Document;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.LinkReferenceDefinition;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.ThematicBreak;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Renders a CommonMark document for a terminal: one {@code visit} per block type, inline content
 * through {@link InlineRenderer}, lines through a {@link BlockWriter} that wraps to the width.
 * Every node type has a rendering, so any input renders and no text is dropped.
 */
public final class TerminalRenderer extends AbstractVisitor {
  /** Supplies the label shown in a fenced code block's frame, e.g. {@code [2] java}. */
  @FunctionalInterface
  public interface CodeLabeler {
    String label(FencedCodeBlock block);

    CodeLabeler INFO = block -> block.getInfo() == null ? "" : block.getInfo().trim();
  }

  private final BlockWriter w;
  private final CodeLabeler labeler;
  private final boolean showFrontMatter;
  private int listDepth;

  private TerminalRenderer(int width, CodeLabeler labeler, boolean showFrontMatter) {
    this.w = new BlockWriter(width);
    this.labeler = labeler;
    this.showFrontMatter = showFrontMatter;
  }

  /** Renders {@code markdown}; front matter, if any, is shown as a dim key/value block. */
  public static List<AttributedString> render(String markdown, int width) {
    return render(Markdown.parse(markdown), width, CodeLabeler.INFO, true);
  }

  public static List<AttributedString> render(Node document, int width, CodeLabeler labeler,
      boolean showFrontMatter) {
    TerminalRenderer r = new TerminalRenderer(width, labeler, showFrontMatter);
    document.accept(r);
    return r.w.lines();
  }

  /** Spacing: a blank line between sibling blocks, none inside a tight list. */
  private void separate(Node block) {
    if (block.getPrevious() == null) return;
    if (inTightList(block)) return;
    w.blankBeforeNext();
  }

  private static boolean inTightList(Node block) {
    Node p = block.getParent();
    if (p instanceof ListItem && p.getParent() instanceof ListBlock list) return list.isTight();
    return false;
  }

  @Override
  public void visit(Document document) {
    visitChildren(document);
  }

  @Override
  public void visit(Heading heading) {
    separate(heading);
    int level = heading.getLevel();
    AttributedStyle style = level == 1 ? Theme.H1 : level == 2 ? Theme.H2 : Theme.H3;
    AttributedString text = restyle(InlineRenderer.render(heading, AttributedStyle.DEFAULT), style);
    List<AttributedString> lines = Wrap.wrap(text, w.available());
    for (AttributedString l : lines) w.line(l);
    // every level underlined, lighter as it goes down: without colour (a pipe, NO_COLOR) the rule is
    // what tells a heading from a line of text, and '###' left in would read as unrendered Markdown
    int len = lines.stream().mapToInt(AttributedString::columnLength).max().orElse(0);
    String rule = level == 1 ? "═" : level == 2 ? "─" : "┄";
    w.line(new AttributedString(rule.repeat(Math.max(1, len)), level <= 2 ? style : Theme.RULE));
  }

  @Override
  public void visit(Paragraph paragraph) {
    separate(paragraph);
    w.wrapped(InlineRenderer.render(paragraph, AttributedStyle.DEFAULT));
  }

  @Override
  public void visit(BlockQuote blockQuote) {
    separate(blockQuote);
    AttributedString bar = new AttributedString("│ ", Theme.QUOTE_BAR);
    w.push(bar, bar);
    visitChildren(blockQuote);
    w.pop();
  }

  @Override
  public void visit(BulletList list) {
    separate(list);
    String bullet = switch (listDepth % 3) { case 0 -> "•"; case 1 -> "◦"; default -> "▪"; };
    listDepth++;
    for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
      listItem(item, bullet + " ", list.isTight());
    }
    listDepth--;
  }

  @Override
  public void visit(OrderedList list) {
    separate(list);
    int start = list.getMarkerStartNumber() == null ? 1 : list.getMarkerStartNumber();
    int count = 0;
    for (Node item = list.getFirstChild(); item != null; item = item.getNext()) count++;
    String delimiter = list.getMarkerDelimiter() == null ? "." : list.getMarkerDelimiter();
    int digits = String.valueOf(start + Math.max(0, count - 1)).length();
    listDepth++;
    int number = start;
    for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
      String n = String.valueOf(number++);
      listItem(item, " ".repeat(Math.max(0, digits - n.length())) + n + delimiter + " ", list.isTight());
    }
    listDepth--;
  }

  private void listItem(Node item, String marker, boolean tight) {
    if (item.getPrevious() != null && !tight) w.blankBeforeNext();
    AttributedString first = new AttributedString(marker, Theme.BULLET);
    w.push(first, new AttributedString(" ".repeat(first.columnLength())));
    if (item.getFirstChild() == null) {
      w.line(AttributedString.EMPTY);
    } else {
      visitChildren(item);
    }
    w.pop();
  }

  @Override
  public void visit(ListItem listItem) {
    visitChildren(listItem); // reached only for list items outside a list block (never, in practice)
  }

  @Override
  public void visit(FencedCodeBlock block) {
    separate(block);
    String info = block.getInfo() == null ? "" : block.getInfo().trim();
    String language = info.isEmpty() ? "" : info.split("\\s+")[0];
    codeBlock(block.getLiteral(), labeler.label(block), language.equalsIgnoreCase("java"));
  }

  @Override
  public void visit(IndentedCodeBlock block) {
    separate(block);
    codeBlock(block.getLiteral(), "", false);
  }

  private void codeBlock(String literal, String label, boolean java) {
    String code = literal.endsWith("\n") ? literal.substring(0, literal.length() - 1) : literal;
    code = code.replace("\t", "    ");
    AttributedStringBuilder top = new AttributedStringBuilder().styled(Theme.CODE_FRAME, "╭─");
    if (!label.isEmpty()) top.append(' ').styled(Theme.CODE_LABEL, label);
    for (AttributedString part : Wrap.wrap(top.toAttributedString(), w.available())) w.line(part);
    AttributedString body = java ? JavaHighlighter.highlight(code) : new AttributedString(code);
    AttributedString bar = new AttributedString("│ ", Theme.CODE_FRAME);
    w.push(bar, bar);
    for (AttributedString line : splitLines(body)) {
      // code keeps its spaces: a long line is folded between tokens, with a mark, not word-wrapped
      for (AttributedString part : CodeWrap.fold(line, w.available())) w.line(part);
    }
    w.pop();
    w.line(new AttributedString("╰─", Theme.CODE_FRAME));
  }

  private static List<AttributedString> splitLines(AttributedString s) {
    List<AttributedString> lines = new ArrayList<>();
    String text = s.toString();
    int from = 0;
    while (true) {
      int nl = text.indexOf('\n', from);
      if (nl < 0) {
        lines.add(s.subSequence(from, text.length()));
        return lines;
      }
      lines.add(s.subSequence(from, nl));
      from = nl + 1;
    }
  }

  @Override
  public void visit(HtmlBlock htmlBlock) {
    separate(htmlBlock);
    String html = htmlBlock.getLiteral();
    for (String l : html.replace("\t", "    ").split("\n", -1)) {
      for (AttributedString part : Wrap.wrap(new AttributedString(l, Theme.HTML), w.available())) w.line(part);
    }
  }

  @Override
  public void visit(ThematicBreak thematicBreak) {
    separate(thematicBreak);
    w.line(new AttributedString("─".repeat(w.available()), Theme.RULE));
  }

  @Override
  public void visit(LinkReferenceDefinition definition) {
    // a definition is not content: its text appears where the reference is used
  }

  @Override
  public void visit(CustomBlock block) {
    if (block instanceof TableBlock table) {
      separate(block);
      for (AttributedString l : TableLayout.layout(tableRows(table), w.available())) w.line(l);
    } else if (block instanceof YamlFrontMatterBlock) {
      if (showFrontMatter) frontMatter(block);
    } else {
      separate(block);
      visitChildren(block);
    }
  }

  private void frontMatter(CustomBlock block) {
    YamlFrontMatterVisitor v = new YamlFrontMatterVisitor();
    block.accept(v);
    for (Map.Entry<String, List<String>> e : v.getData().entrySet()) {
      w.wrapped(new AttributedString(e.getKey() + ": " + String.join(", ", e.getValue()), Theme.DIM));
    }
    w.line(new AttributedString("─".repeat(Math.min(20, w.available())), Theme.RULE));
  }

  private static List<List<TableLayout.Cell>> tableRows(TableBlock table) {
    List<List<TableLayout.Cell>> rows = new ArrayList<>();
    // TableBlock > TableHead|TableBody > TableRow > TableCell
    for (Node section = table.getFirstChild(); section != null; section = section.getNext()) {
      for (Node row = section.getFirstChild(); row != null; row = row.getNext()) {
        List<TableLayout.Cell> cells = new ArrayList<>();
        for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
          TableCell.Alignment a = cell instanceof TableCell tc ? tc.getAlignment() : null;
          cells.add(new TableLayout.Cell(InlineRenderer.render(cell, AttributedStyle.DEFAULT), a));
        }
        rows.add(cells);
      }
    }
    return rows;
  }

  private static AttributedString restyle(AttributedString s, AttributedStyle base) {
    // headings: the heading colour everywhere, inline code keeps its own colour
    AttributedStringBuilder b = new AttributedStringBuilder();
    for (int i = 0; i < s.length(); i++) {
      AttributedStyle st = s.styleAt(i);
      b.append(String.valueOf(s.charAt(i)), st.equals(AttributedStyle.DEFAULT) ? base : st.bold());
    }
    return b.toAttributedString();
  }
}
