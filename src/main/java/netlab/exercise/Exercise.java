package netlab.exercise;

import java.nio.file.Path;
import java.util.List;
import netlab.core.LabHome;
import netlab.core.Msg;

/**
 * One exercise, as listed in {@code exercises/exercises.toml}. Paths are derived from the number
 * and id, never stored: {@code exercises/04-udp-echo/}, {@code solutions/04-udp-echo/},
 * {@code src/hidden/04-udp-echo/}. {@code hintsZh}: the hints in Chinese ({@code hints_zh}), empty
 * when there are none; {@code titleZh}: the title in Chinese ({@code title_zh}), or "".
 */
public record Exercise(
    String id,
    int number,
    String title,
    String lesson,
    List<String> files,
    int points,
    String summary,
    List<String> hints,
    List<String> hintsZh,
    String titleZh) {

  /** An exercise without Chinese hints and title. */
  public Exercise(String id, int number, String title, String lesson, List<String> files, int points, String summary,
      List<String> hints) {
    this(id, number, title, lesson, files, points, summary, hints, List.of(), "");
  }

  /**
   * The title in the lab's language. Reports and gradebooks for instructors keep {@link #title()}:
   * their readers (LMS imports, scripts) expect one stable name.
   */
  public String localTitle() {
    return Msg.zh() && !titleZh.isEmpty() ? titleZh : title;
  }

  /** The hints in the lab's language: Chinese ones when the lab speaks Chinese and there are some. */
  public List<String> localHints() {
    return Msg.zh() && !hintsZh.isEmpty() ? hintsZh : hints;
  }

  /** The task statement to read: {@code README.zh.md} in Chinese when it exists, else {@code README.md}. */
  public Path readme(LabHome home) {
    Path zh = starterDir(home).resolve("README.zh.md");
    return Msg.zh() && java.nio.file.Files.isRegularFile(zh) ? zh : starterDir(home).resolve("README.md");
  }

  /** {@code 04-udp-echo}: the folder name under exercises/, solutions/ and src/hidden/. */
  public String dir() {
    return String.format("%02d-%s", number, id);
  }

  public String numberLabel() {
    return String.format("%02d", number);
  }

  public Path starterDir(LabHome home) {
    return home.exercises().resolve(dir());
  }

  public Path solutionDir(LabHome home) {
    return home.solutions().resolve(dir());
  }

  public Path hiddenDir(LabHome home) {
    return home.hiddenTests().resolve(dir());
  }

  public List<Path> starterFiles(LabHome home) {
    return files.stream().map(f -> starterDir(home).resolve(f)).toList();
  }

  public List<Path> solutionFiles(LabHome home) {
    return files.stream().map(f -> solutionDir(home).resolve(f)).toList();
  }
}
