package netlab.lesson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import netlab.core.Msg;
import netlab.markdown.Markdown;
import org.commonmark.node.Node;

/**
 * The numbered lessons in {@code lessons/}. Loading never fails as a whole: a broken file becomes
 * a {@link CatalogProblem} with file and line, and every other lesson still loads.
 *
 * <p>Translations live in {@code lessons/zh/}, under the English file names. While the lab speaks
 * Chinese ({@link Msg#zh()}), every lesson this catalog hands out is the translation where there
 * is one and the English lesson where there is none; switching language needs no reload.
 */
public final class LessonCatalog {
  static final Pattern FILE_NAME = Pattern.compile("(\\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\\.md");

  /** The folder of the Chinese lessons, inside {@code lessons/}. */
  public static final String ZH = "zh";

  private final Path dir;
  private final List<Lesson> lessons;
  private final List<Lesson> chinese;
  private final List<CatalogProblem> problems;

  private LessonCatalog(Path dir, List<Lesson> lessons, Map<String, Lesson> zh, List<CatalogProblem> problems) {
    this.dir = dir;
    this.lessons = Collections.unmodifiableList(lessons);
    this.chinese = lessons.stream().map(l -> zh.getOrDefault(l.slug(), l)).toList();
    this.problems = Collections.unmodifiableList(problems);
  }

  public static LessonCatalog load(Path dir) {
    List<Lesson> lessons = new ArrayList<>();
    List<CatalogProblem> problems = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      problems.add(new CatalogProblem(dir, 1, "catalog.noFolder"));
      return new LessonCatalog(dir, lessons, Map.of(), problems);
    }
    Map<Integer, Path> seen = new HashMap<>();
    for (Path file : markdownFiles(dir)) {
      String name = file.getFileName().toString();
      if (name.equalsIgnoreCase("README.md")) continue;
      Matcher m = FILE_NAME.matcher(name);
      if (!m.matches()) {
        problems.add(new CatalogProblem(file, 1, "catalog.fileName"));
        continue;
      }
      int number = Integer.parseInt(m.group(1));
      Path other = seen.putIfAbsent(number, file);
      if (other != null) {
        problems.add(new CatalogProblem(file, 1, "catalog.duplicate", m.group(1), other.getFileName().toString()));
        continue;
      }
      readLesson(file, number, m.group(2), problems).ifPresent(lessons::add);
    }
    return new LessonCatalog(dir, lessons, translations(dir.resolve(ZH), lessons, problems), problems);
  }

  /**
   * The lessons of {@code zh}, by slug: each a translation of the English lesson of the same file
   * name, whose number, minutes, exercises and demos it takes.
   */
  private static Map<String, Lesson> translations(Path zh, List<Lesson> english, List<CatalogProblem> problems) {
    Map<String, Lesson> out = new HashMap<>();
    if (!Files.isDirectory(zh)) return out;
    for (Path file : markdownFiles(zh)) {
      String name = file.getFileName().toString();
      if (name.equalsIgnoreCase("README.md")) continue;
      Matcher m = FILE_NAME.matcher(name);
      Lesson en = !m.matches() ? null : english.stream()
          .filter(l -> l.number() == Integer.parseInt(m.group(1)) && l.slug().equals(m.group(2))).findFirst().orElse(null);
      if (en == null) {
        problems.add(new CatalogProblem(file, 1, "catalog.orphan"));
        continue;
      }
      readLesson(file, en.number(), en.slug(), problems).ifPresent(t -> out.put(en.slug(), new Lesson(en.number(), en.slug(),
          t.file(), t.title(), en.minutes(), t.summary(), en.exercises(), en.demos(), t.markdown(), en)));
    }
    return out;
  }

  private static List<Path> markdownFiles(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static Optional<Lesson> readLesson(Path file, int number, String slug, List<CatalogProblem> problems) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      problems.add(new CatalogProblem(file, 1, "catalog.cannotRead", String.valueOf(e.getMessage())));
      return Optional.empty();
    }
    if (!FrontMatter.present(text)) {
      problems.add(new CatalogProblem(file, 1, "catalog.noFrontMatter"));
      return Optional.empty();
    }
    if (!FrontMatter.closed(text)) {
      problems.add(new CatalogProblem(file, 1, "catalog.notClosed"));
      return Optional.empty();
    }
    // only the front matter is parsed here; the body is parsed when the lesson is shown
    Node doc = Markdown.parse(FrontMatter.block(text));
    FrontMatter fm = FrontMatter.of(doc, text);
    if (fm.isEmpty()) {
      problems.add(new CatalogProblem(file, 1, "catalog.badFrontMatter"));
      return Optional.empty();
    }
    int before = problems.size();
    for (String key : fm.keys()) {
      if (!FrontMatter.KEYS.contains(key)) {
        problems.add(new CatalogProblem(file, fm.lineOf(key), UNKNOWN_KEY, key));
      }
    }
    String title = fm.text("title");
    if (title == null || title.isBlank()) {
      problems.add(new CatalogProblem(file, 1, "catalog.noTitle"));
    }
    int minutes = 0;
    String m = fm.text("minutes");
    if (m != null) {
      try {
        minutes = Integer.parseInt(m.trim());
        if (minutes <= 0) throw new NumberFormatException();
      } catch (NumberFormatException e) {
        problems.add(new CatalogProblem(file, fm.lineOf("minutes"), "catalog.minutes", m));
      }
    }
    // unknown keys are worth reporting but do not stop the lesson from loading
    boolean fatal = problems.subList(before, problems.size()).stream()
        .anyMatch(p -> !p.key().equals(UNKNOWN_KEY));
    if (fatal) return Optional.empty();
    String summary = fm.text("summary");
    return Optional.of(new Lesson(number, slug, file, title, minutes, summary == null ? "" : summary,
        List.copyOf(fm.list("exercises")), List.copyOf(fm.list("demos")), text));
  }

  private static final String UNKNOWN_KEY = "catalog.unknownKey";

  public Path dir() {
    return dir;
  }

  /** The lessons in course order, in the lab's language (English where a translation is missing). */
  public List<Lesson> lessons() {
    return Msg.zh() ? chinese : lessons;
  }

  /** The English lessons, whatever the language. */
  public List<Lesson> english() {
    return lessons;
  }

  /** The translations, in course order. */
  public List<Lesson> translations() {
    return chinese.stream().filter(Lesson::translated).toList();
  }

  public List<CatalogProblem> problems() {
    return problems;
  }

  public Optional<Lesson> byNumber(int number) {
    return lessons().stream().filter(l -> l.number() == number).findFirst();
  }

  public Optional<Lesson> bySlug(String slug) {
    return lessons().stream().filter(l -> l.slug().equals(slug)).findFirst();
  }

  /**
   * Finds a lesson by number ({@code 3}, {@code 03}), slug, slug prefix ({@code udp}) or a word
   * of the slug. Throws with a message that says what to type instead.
   */
  public Lesson find(String query) throws LessonNotFound {
    return lookup(query).lesson();
  }

  /** What a query names: the lesson to open, and the other lessons it also matched. */
  public record Match(Lesson lesson, List<Lesson> others) {
    /** {@code also matches: 05 udp-chat (give its number to open it)}, when others matched. */
    public Optional<String> note() {
      if (others.isEmpty()) return Optional.empty();
      return Optional.of(Msg.get(others.size() == 1 ? "lesson.alsoOne" : "lesson.alsoMany",
          String.join(", ", others.stream().map(Lesson::label).toList())));
    }
  }

  /**
   * Like {@link #find}, saying what else matched: a number or a whole slug names one lesson; a
   * prefix or word that several lessons share gives the first in course order, so that a
   * documented shortcut like {@code lesson udp} opens something rather than failing.
   */
  public Match lookup(String query) throws LessonNotFound {
    String q = query.trim().toLowerCase(Locale.ROOT);
    if (q.isEmpty()) throw new LessonNotFound(Msg.get("lesson.which"));
    if (q.chars().allMatch(Character::isDigit)) {
      int n;
      try {
        n = Integer.parseInt(q);
      } catch (NumberFormatException e) {
        n = -1;
      }
      int wanted = n;
      return new Match(byNumber(wanted).orElseThrow(() -> new LessonNotFound(
          Msg.get("lesson.noNumber", query, range()))), List.of());
    }
    String slugQuery = q.replace(' ', '-');
    Optional<Lesson> exact = bySlug(slugQuery);
    if (exact.isPresent()) return new Match(exact.get(), List.of());
    List<Lesson> hits = lessons().stream().filter(l -> l.slug().startsWith(slugQuery)).toList();
    if (hits.isEmpty()) {
      // a word of the title, in either language: 'lesson 握手' and 'lesson handshake' both work
      hits = lessons().stream().filter(l -> l.slug().contains(slugQuery)
          || l.title().toLowerCase(Locale.ROOT).contains(q)
          || l.english().title().toLowerCase(Locale.ROOT).contains(q)).toList();
    }
    if (hits.isEmpty()) {
      throw new LessonNotFound(Msg.get("lesson.noMatch", query));
    }
    return new Match(hits.get(0), hits.subList(1, hits.size()));
  }

  private String range() {
    if (lessons.isEmpty()) return Msg.get("lesson.rangeNone");
    return lessons.get(0).id() + "–" + lessons.get(lessons.size() - 1).id();
  }

  public Optional<Lesson> next(Lesson current) {
    return lessons().stream().filter(l -> l.number() > current.number()).findFirst();
  }

  public Optional<Lesson> previous(Lesson current) {
    Lesson prev = null;
    for (Lesson l : lessons()) {
      if (l.number() < current.number()) prev = l;
    }
    return Optional.ofNullable(prev);
  }

  /** Thrown when a lookup finds no lesson or several; the message is shown to the user as is. */
  public static final class LessonNotFound extends Exception {
    private static final long serialVersionUID = 1L;

    public LessonNotFound(String message) {
      super(message);
    }
  }
}
