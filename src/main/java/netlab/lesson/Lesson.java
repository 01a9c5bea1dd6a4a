package netlab.lesson;

import java.nio.file.Path;
import java.util.List;

/**
 * One numbered lesson: its front matter and where its Markdown lives. A translation
 * ({@code lessons/zh/NN-slug.md}) is a lesson of its own whose {@code original} is the English
 * one: same number, slug, minutes, exercises and demos; its own title, summary and text.
 */
public record Lesson(
    int number,
    String slug,
    Path file,
    String title,
    int minutes,
    String summary,
    List<String> exercises,
    List<String> demos,
    String markdown,
    Lesson original) {

  /** An English lesson. */
  public Lesson(int number, String slug, Path file, String title, int minutes, String summary, List<String> exercises,
      List<String> demos, String markdown) {
    this(number, slug, file, title, minutes, summary, exercises, demos, markdown, null);
  }

  /** Two-digit number as shown to students: {@code 03}. */
  public String id() {
    return String.format("%02d", number);
  }

  /** {@code 03 udp-sockets}. */
  public String label() {
    return id() + " " + slug;
  }

  /** True for a translation. */
  public boolean translated() {
    return original != null;
  }

  /**
   * The English lesson: {@code run N} runs its snippets, whichever language the lesson is read in
   * (a test keeps the translations' code blocks identical to them).
   */
  public Lesson english() {
    return original == null ? this : original;
  }
}
