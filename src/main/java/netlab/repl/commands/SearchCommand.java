package netlab.repl.commands;

import netlab.core.Msg;
import java.util.List;
import java.util.Locale;
import netlab.core.NetlabException;
import netlab.lesson.Lesson;
import netlab.lesson.LessonView;
import netlab.markdown.Theme;
import netlab.markdown.Wrap;
import netlab.repl.Args;
import netlab.repl.Session;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;

public final class SearchCommand extends BaseCommand {
  /** Lines are searched as the student reads them, at a fixed width so results are stable. */
  private static final int SEARCH_WIDTH = 80;

  public SearchCommand() {
    super("search");
  }

  @Override
  public void execute(Session session, Args args) throws NetlabException {
    String needle = args.rest();
    if (needle.isEmpty()) throw NetlabException.usage(Msg.get("search.what"));
    var out = session.out();
    int[] found = search(session, session.catalog().lessons(), needle, () -> {});
    if (found[0] == 0 && Msg.zh()) {
      // nothing in the Chinese text: the English lessons may have it ('search backlog')
      List<Lesson> english = session.catalog().translations().stream().map(Lesson::english).toList();
      found = search(session, english, needle, () -> out.note(Msg.get("search.inEnglish")));
    }
    int matches = found[0];
    int lessonsHit = found[1];
    if (matches == 0) {
      out.println(Msg.get("search.none", needle));
    } else {
      out.note(Msg.get("search.summary", matches, lessonsHit));
    }
  }

  /** Prints the lessons and lines of {@code lessons} that mention {@code needle}: {lines, lessons}. */
  private static int[] search(Session session, List<Lesson> lessons, String needle, Runnable beforeFirst) {
    String lower = needle.toLowerCase(Locale.ROOT);
    var out = session.out();
    int matches = 0;
    int lessonsHit = 0;
    for (Lesson lesson : lessons) {
      List<AttributedString> lines = LessonView.render(lesson, SEARCH_WIDTH);
      boolean header = false;
      for (int i = 0; i < lines.size(); i++) {
        String plain = lines.get(i).toString();
        String shown = plain.strip();
        if (!plain.toLowerCase(Locale.ROOT).contains(lower)) {
          // Chinese wraps between any two characters, so a term may start here and end on the
          // next line: it counts for this line, shown with the next line joined on
          String joined = i + 1 < lines.size() ? joined(plain, lines.get(i + 1).toString()) : plain;
          int at = joined.toLowerCase(Locale.ROOT).indexOf(lower);
          if (at < 0 || at >= plain.stripTrailing().length()) continue;
          shown = joined.strip();
        }
        if (!header) {
          if (lessonsHit == 0) beforeFirst.run();
          out.println(new AttributedStringBuilder().styled(Theme.H3, lesson.id() + " " + lesson.title())
              .styled(Theme.DIM, "  " + Msg.get("search.lesson", lesson.number())).toAttributedString());
          header = true;
          lessonsHit++;
        }
        matches++;
        // the line as the lesson has it, folded under itself where the terminal is narrower
        List<AttributedString> folded = Wrap.wrap(highlight(shown, needle), Math.max(20, out.width() - 8));
        for (int k = 0; k < folded.size(); k++) {
          out.println(new AttributedStringBuilder().styled(Theme.DIM, k == 0 ? String.format("  %4d  ", i + 1) : " ".repeat(8))
              .append(folded.get(k)).toAttributedString());
        }
      }
    }
    return new int[] {matches, lessonsHit};
  }

  /** A line and the next one as one: no space between two wide characters, one otherwise. */
  private static String joined(String line, String next) {
    String a = line.stripTrailing();
    String b = next.replaceFirst("^[\\s│>•◦▪]*", "");
    if (a.isEmpty() || b.isEmpty()) return a;
    boolean seam = Wrap.columns(a.codePointBefore(a.length())) == 2 && Wrap.columns(b.codePointAt(0)) == 2;
    return a + (seam ? "" : " ") + b;
  }

  static AttributedString highlight(String text, String needle) {
    // a regex, not indexOf on lower-cased copies: case mapping can change a string's length
    var m = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(needle),
        java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE).matcher(text);
    AttributedStringBuilder b = new AttributedStringBuilder();
    int from = 0;
    while (m.find()) {
      b.append(text.substring(from, m.start()));
      b.styled(Theme.MATCH, m.group());
      from = m.end();
    }
    b.append(text.substring(from));
    return b.toAttributedString();
  }
}
