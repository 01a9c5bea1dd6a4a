package netlab.exercise;

import java.nio.file.Path;
import java.util.List;
import netlab.core.LabHome;

/**
 * One exercise, as listed in {@code exercises/exercises.toml}. Paths are derived from the number
 * and id, never stored: {@code exercises/04-udp-echo/}, {@code solutions/04-udp-echo/},
 * {@code src/hidden/04-udp-echo/}.
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
    List<String> hintsZh) {

  /** The hints in Chinese where exercises.toml has them ({@code hints_zh}), else in English. */
  public List<String> hints(boolean chinese) {
    return chinese && !hintsZh.isEmpty() ? hintsZh : hints;
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
