package netlab.markdown;

import java.util.ArrayDeque;
import java.util.Deque;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.CustomNode;
import org.commonmark.node.Emphasis;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/** Renders the inline children of a block (text, emphasis, code, links…) into one styled string. */
final class InlineRenderer extends AbstractVisitor {
  private final AttributedStringBuilder out = new AttributedStringBuilder();
  private final Deque<AttributedStyle> styles = new ArrayDeque<>();

  private InlineRenderer(AttributedStyle base) {
    styles.push(base);
  }

  static AttributedString render(Node block, AttributedStyle base) {
    InlineRenderer r = new InlineRenderer(base);
    r.visitChildren(block);
    return r.out.toAttributedString();
  }

  private AttributedStyle style() {
    return styles.peek();
  }

  private void styled(AttributedStyle s, Node node) {
    styles.push(s);
    visitChildren(node);
    styles.pop();
  }

  private void append(String text, AttributedStyle s) {
    // tabs and stray newlines would break column arithmetic; a '\n' here is a real break only
    // when it comes from a hard line break, so flatten the rest into spaces
    out.append(text.replace('\t', ' ').replace('\n', ' '), s);
  }

  @Override
  public void visit(Text text) {
    append(text.getLiteral(), style());
  }

  @Override
  public void visit(Code code) {
    append(code.getLiteral(), merge(style(), Theme.CODE_INLINE));
  }

  @Override
  public void visit(Emphasis emphasis) {
    styled(style().italic(), emphasis);
  }

  @Override
  public void visit(StrongEmphasis strong) {
    styled(style().bold(), strong);
  }

  @Override
  public void visit(Link link) {
    int start = out.length();
    styled(merge(style(), Theme.LINK), link);
    String label = out.subSequence(start, out.length()).toString();
    String url = link.getDestination() == null ? "" : link.getDestination();
    String title = titleOf(link.getTitle());
    boolean urlShown = label.equals(url) || label.equals(stripMailto(url));
    if (!url.isEmpty() && !urlShown || !title.isEmpty()) {
      append(" (" + (urlShown ? "" : url) + (urlShown || url.isEmpty() ? title.strip() : title) + ")", Theme.URL);
    }
  }

  /** A link title, as {@code  "title"} with its leading space, or empty. */
  private static String titleOf(String title) {
    return title == null || title.isEmpty() ? "" : " \"" + title + "\"";
  }

  private static String stripMailto(String url) {
    return url.startsWith("mailto:") ? url.substring(7) : url;
  }

  @Override
  public void visit(Image image) {
    append("[image: ", Theme.DIM);
    visitChildren(image);
    append("]", Theme.DIM);
    String url = image.getDestination() == null ? "" : image.getDestination();
    String title = titleOf(image.getTitle());
    if (!url.isEmpty() || !title.isEmpty()) append(" (" + url + (url.isEmpty() ? title.strip() : title) + ")", Theme.URL);
  }

  @Override
  public void visit(HtmlInline html) {
    append(html.getLiteral(), Theme.HTML);
  }

  @Override
  public void visit(SoftLineBreak softLineBreak) {
    // a line wrapped between two Chinese (wide) characters joins without a space, as browsers
    // do (CSS Text 3, segment break transformation): Chinese has no spaces between words
    if (out.length() > 0 && wide(out.charAt(out.length() - 1)) && wide(firstChar(softLineBreak.getNext()))) return;
    out.append(" ", style());
  }

  private static boolean wide(int c) {
    return c > 0x1100 && org.jline.utils.WCWidth.wcwidth(c) == 2 && Character.UnicodeScript.of(c) != Character.UnicodeScript.HANGUL;
  }

  /** The first character the node shows, or 0. */
  private static int firstChar(Node n) {
    for (; n != null; n = n.getNext()) {
      if (n instanceof Text t && !t.getLiteral().isEmpty()) return t.getLiteral().charAt(0);
      if (n instanceof org.commonmark.node.Code c && !c.getLiteral().isEmpty()) return c.getLiteral().charAt(0);
      if (n.getFirstChild() != null) return firstChar(n.getFirstChild());
      return 0;
    }
    return 0;
  }

  @Override
  public void visit(HardLineBreak hardLineBreak) {
    out.append("\n");
  }

  @Override
  public void visit(CustomNode node) {
    // unknown inline extensions (strikethrough and the like): keep their text
    visitChildren(node);
  }

  private static AttributedStyle merge(AttributedStyle base, AttributedStyle over) {
    // jline has no "merge": foreground from the overlay, bold/italic kept from the base
    AttributedStyle s = over;
    if ((base.getStyle() & 1L) != 0) s = s.bold();
    if ((base.getStyle() & 4L) != 0) s = s.italic();
    return s;
  }
}
