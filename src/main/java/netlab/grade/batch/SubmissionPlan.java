package netlab.grade.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import netlab.core.ExitCode;
import netlab.core.LabHome;
import netlab.core.Msg;
import netlab.core.NetlabException;
import netlab.exercise.Exercise;
import netlab.exercise.Starters;
import netlab.progress.Progress;

/**
 * What a submission will hold, decided before anything is written: of the exercises asked for,
 * those with work in them go in whole (every {@code .java} file of the folder, since the grader
 * needs them all to compile); an exercise still identical to its pristine starter, or with no
 * files, is left out, and the student is told which and why.
 */
public record SubmissionPlan(List<Exercise> packed, List<Entry> entries, List<LeftOut> leftOut, List<Exercise> uncompared) {
  /**
   * A file that will go in: its name in the zip and its content, read once, so that what is
   * listed is exactly what is written even if the student saves meanwhile.
   */
  public record Entry(String name, byte[] data) {
    public long bytes() {
      return data.length;
    }
  }

  /** An exercise that was asked for but will not go in. */
  public record LeftOut(Exercise exercise, String why) {}


  public static SubmissionPlan of(LabHome home, List<Exercise> chosen, Progress progress) throws IOException {
    List<Exercise> packed = new ArrayList<>();
    List<Entry> entries = new ArrayList<>();
    List<LeftOut> leftOut = new ArrayList<>();
    List<Exercise> uncompared = new ArrayList<>();
    for (Exercise ex : chosen) {
      Path dir = ex.starterDir(home);
      List<Path> files = javaFiles(dir);
      if (files.isEmpty()) {
        leftOut.add(new LeftOut(ex, Msg.get("submit.noFiles", home.show(dir))));
      } else if (untouched(home, ex, files, progress)) {
        leftOut.add(new LeftOut(ex, Msg.get("submit.untouched")));
      } else {
        if (Starters.pristine(home, ex) == null) uncompared.add(ex);
        packed.add(ex);
        for (Path p : files) entries.add(new Entry(ex.dir() + "/" + p.getFileName(), Files.readAllBytes(p)));
      }
    }
    return new SubmissionPlan(List.copyOf(packed), List.copyOf(entries), List.copyOf(leftOut), List.copyOf(uncompared));
  }

  private static List<Path> javaFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(f -> f.toString().endsWith(".java") && Files.isRegularFile(f)).sorted().toList();
    }
  }

  /**
   * True when the folder holds exactly the starter's files, byte for byte. Without a pristine
   * copy to compare with, the files go in: sending a starter costs less than losing work.
   */
  private static boolean untouched(LabHome home, Exercise ex, List<Path> files, Progress progress) throws IOException {
    Path pristine = Starters.pristine(home, ex);
    if (pristine == null) return false;
    // a starter never passes its tests ('verify' proves it): a passing exercise is work, even when
    // the pristine copy was taken after the student had already edited it
    Progress.ExerciseState st = progress.exercises.get(ex.id());
    if (st != null && "passing".equals(st.status)) return false;
    Set<String> names = files.stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    if (!names.equals(Set.copyOf(ex.files()))) return false;
    for (Path p : files) {
      Path original = pristine.resolve(p.getFileName().toString());
      if (!Files.isRegularFile(original) || Files.mismatch(p, original) != -1) return false;
    }
    return true;
  }

  /** The error when nothing would go in: names the exercise, or says that none has work. */
  public NetlabException nothingToSubmit() {
    String what;
    if (leftOut.size() == 1) {
      LeftOut l = leftOut.get(0);
      String files = String.join(", ", l.exercise().files());
      what = l.why().equals(Msg.get("submit.untouched")) ? Msg.get("submit.nothing.untouched", l.exercise().dir(), files)
          : Msg.get("submit.nothing.empty", l.exercise().dir(), l.why(), files);
    } else {
      what = Msg.get("submit.nothing.none");
    }
    return new NetlabException(ExitCode.FAILURE, Msg.get("submit.nothing", what));
  }

  /** What goes in, file by file, for the student to read before it is written. */
  public List<String> listing(String student) {
    List<String> out = new ArrayList<>();
    out.add(Msg.get("submit.for", student));
    for (Entry e : entries) out.add(String.format("  %-48s %7d ", e.name(), e.bytes()) + Msg.get("submit.bytes"));
    return out;
  }

  /**
   * The exercises left out, one line per reason ("left out (still the untouched starter): 02-…,
   * 03-…"), and those packed without a starter to compare with.
   */
  public List<String> notes() {
    Map<String, List<String>> byWhy = new LinkedHashMap<>();
    for (LeftOut l : leftOut) byWhy.computeIfAbsent(l.why(), w -> new ArrayList<>()).add(l.exercise().dir());
    List<String> out = new ArrayList<>();
    byWhy.forEach((why, dirs) -> out.add(Msg.get("submit.leftOut", why, String.join(", ", dirs))));
    if (!uncompared.isEmpty()) {
      out.add(Msg.get("submit.uncompared", String.join(", ", uncompared.stream().map(Exercise::dir).toList())));
    }
    return out;
  }

  /**
   * A note when {@code target} already exists: it is replaced, and exercises it held that this
   * submission does not are named, since they will not be handed in. Null when there is none.
   */
  public String replacing(Path target) {
    if (!Files.isRegularFile(target)) return null;
    Set<String> dropped = new java.util.TreeSet<>();
    try (java.util.zip.ZipFile old = new java.util.zip.ZipFile(target.toFile())) {
      old.stream().map(e -> e.getName()).filter(n -> n.contains("/")).forEach(n -> dropped.add(n.substring(0, n.indexOf('/'))));
    } catch (IOException e) {
      // not a zip we can read: replaced all the same
    }
    packed.forEach(ex -> dropped.remove(ex.dir()));
    return dropped.isEmpty() ? Msg.get("submit.replaces", target.getFileName())
        : Msg.get("submit.replaces.dropped", target.getFileName(), String.join(", ", dropped), dropped.size());
  }

  /** The last line: where the zip is and how much went in. */
  public String written(Path zip) throws IOException {
    int n = entries.size();
    return Msg.get("submit.wrote", zip.toAbsolutePath().normalize(), n, Manifest.FILE, Files.size(zip));
  }
}
