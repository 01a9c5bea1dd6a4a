package netlab.lesson;

import java.nio.file.Path;
import java.util.List;

/** One numbered lesson: its front matter and where its Markdown lives. */
public record Lesson(
    int number,
    String slug,
    Path file,
    String title,
    int minutes,
    String summary,
    List<String> exercises,
    List<String> demos,
    String markdown) {

  /** Two-digit number as shown to students: {@code 03}. */
  public String id() {
    return String.format("%02d", number);
  }

  /** {@code 03 udp-sockets}. */
  public String label() {
    return id() + " " + slug;
  }
}
