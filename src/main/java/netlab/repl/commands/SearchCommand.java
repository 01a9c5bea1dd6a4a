package netlab.repl.commands;

import java.util.List;
import java.util.Locale;
import netlab.core.NetlabException;
import netlab.lesson.Lesson;
import netlab.lesson.LessonView;
import netlab.markdown.Theme;
import netlab.repl.Args;
import netlab.repl.Session;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;

public final class SearchCommand extends BaseCommand {
  /** Lines are searched as the student reads them, at a fixed width so results are stable. */
  private static final int SEARCH_WIDTH = 80;

  public SearchCommand() {
    super("search", "search TEXT", "find TEXT in every lesson (case-insensitive), with the lines that match");
  }

  @Override
  public void execute(Session session, Args args) throws NetlabException {
    String needle = args.rest();
    if (needle.isEmpty()) throw NetlabException.usage("search what? e.g. 'search broadcast'");
    String lower = needle.toLowerCase(Locale.ROOT);
    var out = session.out();
    int matches = 0;
    int lessonsHit = 0;
    for (Lesson lesson : session.catalog().lessons()) {
      List<AttributedString> lines = LessonView.render(lesson, SEARCH_WIDTH);
      boolean header = false;
      for (int i = 0; i < lines.size(); i++) {
        String plain = lines.get(i).toString();
        if (!plain.toLowerCase(Locale.ROOT).contains(lower)) continue; // cheap pre-filter
        if (!header) {
          out.println(new AttributedStringBuilder().styled(Theme.H3, lesson.id() + " " + lesson.title())
              .styled(Theme.DIM, "  (lesson " + lesson.number() + ")").toAttributedString());
          header = true;
          lessonsHit++;
        }
        matches++;
        out.println(new AttributedStringBuilder().styled(Theme.DIM, String.format("  %4d  ", i + 1))
            .append(highlight(plain.strip(), needle)).toAttributedString());
      }
    }
    if (matches == 0) {
      out.println("No lesson mentions '" + needle + "'.");
    } else {
      out.note(matches + (matches == 1 ? " line" : " lines") + " in " + lessonsHit
          + (lessonsHit == 1 ? " lesson" : " lessons") + "; 'lesson N' opens one.");
    }
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
