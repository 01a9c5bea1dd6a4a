package netlab.exercise;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import netlab.core.LabHome;
import netlab.core.Msg;
import netlab.core.NetlabException;

/**
 * The exercises, in the order of {@code exercises/exercises.toml} (rustlings' info.toml is the
 * model): one table per exercise with id, number, title, lesson, files, points, summary, hints.
 */
public final class ExerciseCatalog {
  public static final String FILE = "exercises.toml";
  private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final Pattern JAVA_FILE = Pattern.compile("[A-Z][A-Za-z0-9_]*\\.java");

  private final List<Exercise> exercises;
  private final List<String> problems;

  private ExerciseCatalog(List<Exercise> exercises, List<String> problems) {
    this.exercises = Collections.unmodifiableList(exercises);
    this.problems = Collections.unmodifiableList(problems);
  }

  /** Jackson's view of one TOML table. */
  @JsonIgnoreProperties(ignoreUnknown = false)
  static final class Entry {
    public String id;
    public Integer number;
    public String title;
    public String lesson;
    public List<String> files;
    public Integer points;
    public String summary;
    public List<String> hints;
    /** The hints in Chinese, as many as {@code hints}. */
    public List<String> hints_zh;
    /** The title in Chinese, as the first heading of README.zh.md gives it. */
    public String title_zh;
  }

  static final class FileModel {
    public List<Entry> exercise = new ArrayList<>();
  }

  public static ExerciseCatalog load(LabHome home) {
    Path file = home.exercises().resolve(FILE);
    List<String> problems = new ArrayList<>();
    FileModel model;
    try {
      ObjectMapper toml = new TomlMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
      model = toml.readValue(Files.readString(file), FileModel.class);
    } catch (NoSuchFileException e) {
      problems.add(home.show(file) + ": not found; the exercises are listed there");
      return new ExerciseCatalog(List.of(), problems);
    } catch (IOException e) {
      problems.add(home.show(file) + ": " + firstLine(e.getMessage()));
      return new ExerciseCatalog(List.of(), problems);
    }
    List<Exercise> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Set<Integer> numbers = new HashSet<>();
    int index = 0;
    for (Entry e : model.exercise == null ? List.<Entry>of() : model.exercise) {
      index++;
      String where = home.show(file) + ": exercise #" + index + (e.id == null ? "" : " (" + e.id + ")");
      List<String> mine = new ArrayList<>();
      if (e.id == null || !ID.matcher(e.id).matches()) mine.add(where + ": id must be a lowercase slug like udp-echo");
      if (e.number == null || e.number < 1 || e.number > 99) mine.add(where + ": number must be 1..99");
      if (e.title == null || e.title.isBlank()) mine.add(where + ": title is missing");
      if (e.lesson == null || e.lesson.isBlank()) mine.add(where + ": lesson (a lesson slug) is missing");
      if (e.files == null || e.files.isEmpty()) {
        mine.add(where + ": files must list the student's .java files");
      } else {
        for (String f : e.files) {
          if (!JAVA_FILE.matcher(f).matches()) mine.add(where + ": '" + f + "' is not a Java file name like UdpEchoServer.java");
        }
      }
      if (e.points == null || e.points < 1) mine.add(where + ": points must be a positive number");
      if (e.hints == null || e.hints.isEmpty()) mine.add(where + ": give at least one hint");
      if (e.hints_zh != null && !e.hints_zh.isEmpty() && e.hints != null && e.hints_zh.size() != e.hints.size()) {
        mine.add(where + ": hints_zh has " + e.hints_zh.size() + " hints, hints has " + e.hints.size() + "; give one for each");
      }
      if (e.id != null && !ids.add(e.id)) mine.add(where + ": id " + e.id + " is used twice");
      if (e.number != null && !numbers.add(e.number)) mine.add(where + ": number " + e.number + " is used twice");
      if (!mine.isEmpty()) {
        problems.addAll(mine);
        continue;
      }
      out.add(new Exercise(e.id, e.number, e.title, e.lesson, List.copyOf(e.files), e.points,
          e.summary == null ? "" : e.summary, List.copyOf(e.hints), e.hints_zh == null ? List.of() : List.copyOf(e.hints_zh),
          e.title_zh == null ? "" : e.title_zh));
    }
    for (int i = 1; i < out.size(); i++) {
      if (out.get(i).number() < out.get(i - 1).number()) {
        problems.add(home.show(file) + ": exercises must be listed in order of number ("
            + out.get(i).dir() + " comes after " + out.get(i - 1).dir() + ")");
      }
    }
    return new ExerciseCatalog(out, problems);
  }

  private static String firstLine(String s) {
    if (s == null) return "unreadable";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  public List<Exercise> exercises() {
    return exercises;
  }

  public List<String> problems() {
    return problems;
  }

  public Optional<Exercise> byId(String id) {
    return exercises.stream().filter(e -> e.id().equals(id)).findFirst();
  }

  /** By id ({@code udp-echo}), number ({@code 4}, {@code 04}), folder ({@code 04-udp-echo}) or id prefix. */
  public Exercise find(String query) throws NetlabException {
    String q = query.trim().toLowerCase(Locale.ROOT);
    if (q.isEmpty()) throw NetlabException.usage(Msg.get("exercise.which"));
    if (q.chars().allMatch(Character::isDigit) && q.length() <= 3) {
      int n = Integer.parseInt(q);
      return exercises.stream().filter(e -> e.number() == n).findFirst()
          .orElseThrow(() -> NetlabException.usage(Msg.get("exercise.unknownNumber", query)));
    }
    Optional<Exercise> exact = exercises.stream().filter(e -> e.id().equals(q) || e.dir().equals(q)).findFirst();
    if (exact.isPresent()) return exact.get();
    List<Exercise> hits = exercises.stream().filter(e -> e.id().startsWith(q)).toList();
    if (hits.size() == 1) return hits.get(0);
    if (hits.isEmpty()) throw NetlabException.usage(Msg.get("exercise.unknown", query));
    throw NetlabException.usage(Msg.get("exercise.ambiguous", query, String.join(", ", hits.stream().map(Exercise::id).toList())));
  }
}
