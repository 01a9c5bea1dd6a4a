package netlab.grade;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import netlab.core.LabHome;
import netlab.core.Version;
import netlab.exercise.Exercise;
import netlab.grade.protocol.Event;

/**
 * Where an exercise's compiled hidden tests are. A student kit ships them precompiled in
 * {@code hidden/NN-id/}; in the course repository they are compiled from {@code src/hidden/NN-id}
 * against the reference solution once, and cached in {@code target/hidden/NN-id/HASH/} until
 * a test or the solution changes. Either way the folder has the test class files and an
 * {@code index.json} listing every test with its name and points.
 */
public final class HiddenTests {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Compiled tests, and what {@code index.json} says they hold. {@code withheldPoints} are the
   * points of instructor-only tests that this selection leaves out; {@code partial} says the
   * classes hold tests that are not in {@code tests}, so a run must name the ones it wants.
   */
  public record Prepared(Path classes, List<Event.TestInfo> tests, int withheldPoints, boolean partial) {
    public int points() {
      return tests.stream().mapToInt(Event.TestInfo::points).sum();
    }

    /** The compiled tests, by binary name: sent to the worker over its channel, never by path. */
    public java.util.Map<String, byte[]> classFiles() throws IOException {
      return HiddenTests.classFiles(classes);
    }

    /** What a student's check runs: every test but the instructor-only ones. */
    public Prepared forStudents() {
      List<Event.TestInfo> visible = tests.stream().filter(t -> !t.instructorOnly()).toList();
      if (visible.size() == tests.size()) return this;
      int withheld = tests.stream().filter(Event.TestInfo::instructorOnly).mapToInt(Event.TestInfo::points).sum();
      return new Prepared(classes, visible, withheldPoints + withheld, true);
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class Index {
    public String exercise;
    public List<String> classes = new ArrayList<>();
    public List<Event.TestInfo> tests = new ArrayList<>();
    /** Test classes marked instructor-only: a student kit leaves them out. */
    public List<String> instructorClasses = new ArrayList<>();
    /** In a student kit: the points of the instructor-only tests it leaves out. */
    public int withheldPoints;
  }

  /** Changes when the form of prepared tests changes, so old caches are prepared again. */
  private static final String LAYOUT = "hidden-module-1";

  private HiddenTests() {}

  /** The shipped, precompiled tests of a student kit, if this lab is one. */
  public static Path shipped(LabHome home, Exercise ex) {
    return home.root().resolve("hidden").resolve(ex.dir());
  }

  public static List<Path> sources(LabHome home, Exercise ex) throws IOException {
    Path dir = ex.hiddenDir(home);
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }

  /** The cache folder for the current hidden sources and solution. */
  public static Path cacheDir(LabHome home, Exercise ex) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    sha.update(Version.get().getBytes(StandardCharsets.UTF_8));
    sha.update(LAYOUT.getBytes(StandardCharsets.UTF_8));
    List<Path> inputs = new ArrayList<>(sources(home, ex));
    inputs.addAll(ex.solutionFiles(home));
    for (Path p : inputs) {
      sha.update(p.getFileName().toString().getBytes(StandardCharsets.UTF_8));
      sha.update(Files.readAllBytes(p));
    }
    String hash = HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    return home.root().resolve("target").resolve("hidden").resolve(ex.dir()).resolve(hash);
  }

  /** Prepared folders never change once published (their names are content hashes), so they are read once. */
  private static final java.util.Map<Path, java.util.Map<String, byte[]>> CLASS_FILES =
      new java.util.concurrent.ConcurrentHashMap<>();

  static java.util.Map<String, byte[]> classFiles(Path dir) throws IOException {
    java.util.Map<String, byte[]> cached = CLASS_FILES.get(dir);
    if (cached != null) return cached;
    java.util.Map<String, byte[]> out = new java.util.HashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        if (name.endsWith(".class")) out.put(name.substring(0, name.length() - ".class".length()), Files.readAllBytes(f));
      }
    }
    java.util.Map<String, byte[]> frozen = java.util.Map.copyOf(out);
    CLASS_FILES.put(dir, frozen);
    return frozen;
  }

  static Prepared read(Path dir) throws IOException {
    Index index = JSON.readValue(dir.resolve("index.json").toFile(), Index.class);
    return new Prepared(dir, List.copyOf(index.tests), index.withheldPoints, false);
  }

  /**
   * Copies prepared tests for a student kit: the class files and an index without the
   * instructor-only classes and tests, which keeps only the sum of their points.
   */
  public static void copyForStudents(Path from, Path to) throws IOException {
    Index index = JSON.readValue(from.resolve("index.json").toFile(), Index.class);
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        if (!name.endsWith(".class")) continue;
        String top = name.substring(0, name.length() - ".class".length()).split("\\$", 2)[0];
        if (index.instructorClasses.contains(top)) continue;
        Files.copy(p, to.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Prepared visible = new Prepared(from, List.copyOf(index.tests), index.withheldPoints, false).forStudents();
    Index kit = new Index();
    kit.exercise = index.exercise;
    kit.classes = index.classes.stream().filter(c -> !index.instructorClasses.contains(c)).toList();
    kit.tests = visible.tests();
    kit.withheldPoints = visible.withheldPoints();
    JSON.writerWithDefaultPrettyPrinter().writeValue(to.resolve("index.json").toFile(), kit);
  }

  /** Copies prepared tests whole, instructor-only ones included: for a grading lab, never a student's kit. */
  public static void copyAll(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        if (name.endsWith(".class") || name.equals("index.json")) Files.copy(p, to.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  static boolean ready(Path dir) {
    return Files.isRegularFile(dir.resolve("index.json"));
  }

  /** Moves a freshly prepared folder into place; if another process won the race, keeps theirs. */
  static void publish(Path tmp, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (java.nio.file.FileSystemException e) {
      // another process published the same tests first (a rename onto a full folder fails)
      if (!ready(target)) throw e;
      delete(tmp);
    }
  }

  /** Deletes a folder and everything in it, quietly (temporary work). */
  public static void deleteTree(Path dir) {
    delete(dir);
  }

  static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // nothing to clean
    }
  }
}
