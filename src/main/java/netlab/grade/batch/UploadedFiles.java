package netlab.grade.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netlab.core.Lang;
import netlab.core.Msg;
import netlab.exercise.Exercise;

/**
 * What a student uploaded to Gradescope, made into one submission the batch grader reads: the
 * {@code submission-ID.zip} that {@code netlab submit} wrote, as it is, or else the files
 * themselves, each put in its exercise's folder ({@code Adder.java} into {@code 01-adder/}) by
 * its path ({@code 01-adder/Adder.java}, as an unpacked zip has it) or by its name, when exactly
 * one exercise graded has a file of that name. The walk is bounded like {@link SubmissionReader}'s
 * (depth, entries, bytes, no links), which then checks the result as it checks any submission.
 */
public final class UploadedFiles {
  /** A student id fit for a file name: anything else becomes {@code student}. */
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /**
   * The submission to grade, the student it is for, and what was left out, one line each:
   * {@code notes} in English, for results.json (the student's feedback on Gradescope, which the
   * lab writes in English), {@code shownNotes} the same lines in the session's language, for the
   * instructor's log on standard output.
   */
  public record Staged(Path submission, String student, List<String> notes, List<String> shownNotes) {}

  /** A note in both languages: English for the results file, the session's for the log. */
  private record Notes(List<String> english, List<String> shown) {
    Notes() {
      this(new ArrayList<>(), new ArrayList<>());
    }

    void add(String key, Object... args) {
      english.add(Msg.format(Lang.EN, key, args));
      shown.add(Msg.get(key, args));
    }
  }

  private UploadedFiles() {}

  public static Staged stage(Path uploaded, List<Exercise> exercises, Path into) throws IOException {
    Files.createDirectories(into);
    List<Path> top;
    try (var s = Files.list(uploaded)) {
      top = s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    }
    List<Path> zips = top.stream().filter(p -> p.getFileName().toString().endsWith(".zip")).toList();
    if (zips.size() == 1 && top.size() == 1 && Files.isRegularFile(zips.get(0), LinkOption.NOFOLLOW_LINKS)) {
      // a zip from 'netlab submit', not unpacked: graded as it is, manifest and all
      String id = safe(SubmissionReader.idOf(zips.get(0)));
      Path zip = into.resolve(id + ".zip");
      Files.copy(zips.get(0), zip, StandardCopyOption.REPLACE_EXISTING);
      return new Staged(zip, id, List.of(), List.of());
    }
    Map<String, Exercise> byFile = new TreeMap<>();
    Set<String> ambiguous = new java.util.HashSet<>();
    for (Exercise ex : exercises) {
      for (String f : ex.files()) {
        if (byFile.putIfAbsent(f, ex) != null) ambiguous.add(f);
      }
    }
    Set<String> dirs = new java.util.HashSet<>(exercises.stream().map(Exercise::dir).toList());
    Notes notes = new Notes();
    Map<String, Path> chosen = new TreeMap<>(); // NN-id/Name.java → the uploaded file
    Path[] manifest = {null};
    long[] total = {0};
    int[] count = {0};
    Files.walkFileTree(uploaded, Set.of(), SubmissionReader.MAX_DEPTH, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
        return ++count[0] > SubmissionReader.MAX_ENTRIES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) {
        if (++count[0] > SubmissionReader.MAX_ENTRIES) {
          notes.add("batch.upload.tooMany", SubmissionReader.MAX_ENTRIES);
          return FileVisitResult.TERMINATE;
        }
        String rel = Clean.line(uploaded.relativize(p).toString().replace('\\', '/'));
        String name = p.getFileName().toString();
        if (!attrs.isRegularFile()) {
          notes.add("batch.upload.notRegular", rel);
          return FileVisitResult.CONTINUE;
        }
        if (attrs.size() > SubmissionReader.MAX_FILE || (total[0] += attrs.size()) > SubmissionReader.MAX_TOTAL) {
          notes.add("batch.upload.tooBig", rel);
          return FileVisitResult.CONTINUE;
        }
        if (rel.equals(Manifest.FILE)) {
          manifest[0] = p;
          return FileVisitResult.CONTINUE;
        }
        Matcher m = SubmissionReader.FILE.matcher(rel);
        String target = null;
        if (m.matches() && dirs.contains(m.group(1))) {
          target = rel; // already where it belongs
        } else if (name.endsWith(".java") && byFile.containsKey(name) && !ambiguous.contains(name)) {
          target = byFile.get(name).dir() + "/" + name;
        }
        if (target == null) {
          notes.add("batch.upload.noExercise", rel);
        } else if (chosen.containsKey(target)) {
          notes.add("batch.upload.duplicate", rel, Clean.line(uploaded.relativize(chosen.get(target)).toString()), target);
        } else {
          chosen.put(target, p);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path p, IOException e) {
        notes.add("batch.upload.unreadable", Clean.line(uploaded.relativize(p).toString()));
        return FileVisitResult.CONTINUE;
      }
    });
    String id = "student";
    if (manifest[0] != null) {
      try (InputStream in = Files.newInputStream(manifest[0], LinkOption.NOFOLLOW_LINKS)) {
        id = safe(new ObjectMapper().readTree(in.readNBytes((int) SubmissionReader.MAX_FILE)).path("student").asText(""));
      } catch (IOException e) {
        notes.add("batch.upload.badManifest", Manifest.FILE);
      }
    }
    Path folder = into.resolve(id);
    Files.createDirectories(folder);
    // with a manifest, its hashes are checked as for any submission; files found by name are
    // where the manifest does not expect them only if the student moved them
    if (manifest[0] != null) Files.copy(manifest[0], folder.resolve(Manifest.FILE), LinkOption.NOFOLLOW_LINKS);
    for (Map.Entry<String, Path> f : chosen.entrySet()) {
      Path to = folder.resolve(f.getKey());
      Files.createDirectories(to.getParent());
      Files.copy(f.getValue(), to, LinkOption.NOFOLLOW_LINKS);
    }
    return new Staged(folder, id, notes.english(), notes.shown());
  }

  private static String safe(String id) {
    return SAFE_ID.matcher(id).matches() && !id.contains("..") ? id : "student";
  }
}
