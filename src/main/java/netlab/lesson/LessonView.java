package netlab.lesson;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import netlab.core.Msg;
import netlab.markdown.Markdown;
import netlab.markdown.TerminalRenderer;
import netlab.markdown.Theme;
import netlab.markdown.Wrap;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Node;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;

/** A lesson as the student sees it: a title banner, then the body with numbered snippets. */
public final class LessonView {
  private LessonView() {}

  public static List<AttributedString> render(Lesson lesson, int width) {
    Node doc = Markdown.parse(lesson.markdown());
    Map<FencedCodeBlock, Snippet> snippets = new IdentityHashMap<>();
    for (Snippet s : Snippet.of(doc)) snippets.put(s.block(), s);
    TerminalRenderer.CodeLabeler labeler = block -> {
      Snippet s = snippets.get(block);
      return s != null ? s.label() : TerminalRenderer.CodeLabeler.INFO.label(block);
    };
    List<AttributedString> lines = new ArrayList<>(banner(lesson, width));
    lines.addAll(TerminalRenderer.render(doc, width, labeler, false));
    lines.add(AttributedString.EMPTY);
    lines.add(footer(lesson, width));
    return lines;
  }

  private static List<AttributedString> banner(Lesson lesson, int width) {
    List<AttributedString> out = new ArrayList<>();
    AttributedString title = new AttributedStringBuilder()
        .styled(Theme.DIM, Msg.get("view.lesson", lesson.id()) + " · ")
        .styled(Theme.H1, lesson.title())
        .styled(Theme.DIM, lesson.minutes() > 0 ? " · " + Msg.get("lessons.minutes", lesson.minutes()) : "")
        .toAttributedString();
    out.addAll(Wrap.wrap(title, width));
    out.add(new AttributedString("═".repeat(Math.min(width, Math.max(title.columnLength(), 1))), Theme.H1));
    if (!lesson.summary().isEmpty()) {
      out.addAll(Wrap.wrap(new AttributedString(lesson.summary(), Theme.DIM.italic()), width));
    }
    out.add(AttributedString.EMPTY);
    return out;
  }

  private static AttributedString footer(Lesson lesson, int width) {
    String text = Msg.get("view.end", lesson.id());
    return new AttributedString(Wrap.columns(text) > width ? Msg.get("view.endShort", lesson.id()) : text, Theme.DIM);
  }
}
