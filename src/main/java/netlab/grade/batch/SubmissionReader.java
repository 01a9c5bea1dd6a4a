package netlab.grade.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import netlab.exercise.Exercise;

/**
 * Reads a submission, a zip (from {@code netlab submit}) or a plain folder, into a folder of its
 * own, keeping only {@code NN-id/Name.java} files of known exercises. Everything else is
 * reported, and anything dangerous (an entry that would land outside the folder, a zip bomb)
 * rejects the whole submission: the run goes on with the next student.
 */
public final class SubmissionReader {
  static final Pattern FILE = Pattern.compile("(\\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*)/([A-Za-z_][A-Za-z0-9_]*\\.java)");
  static final long MAX_FILE = 1 << 20;
  static final long MAX_TOTAL = 16 << 20;
  static final int MAX_ENTRIES = 2000;

  private final Set<String> exerciseDirs;

  public SubmissionReader(List<Exercise> exercises) {
    this.exerciseDirs = exercises.stream().map(Exercise::dir).collect(Collectors.toSet());
  }

  /** The student id a submission file or folder is named for: {@code alice.zip} → {@code alice}. */
  public static String idOf(Path p) {
    String name = p.getFileName().toString();
    if (name.endsWith(".zip")) name = name.substring(0, name.length() - 4);
    if (name.startsWith("submission-")) name = name.substring("submission-".length());
    return name;
  }

  public Submission read(Path source, Path into) throws IOException {
    Files.createDirectories(into);
    String name = source.getFileName().toString();
    return Files.isDirectory(source) ? readFolder(source, into, name) : readZip(source, into, name);
  }

  private Submission readFolder(Path dir, Path into, String name) throws IOException {
    List<String> problems = new ArrayList<>();
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        if (Files.isSymbolicLink(p)) {
          problems.add("symbolic link " + dir.relativize(p) + " ignored"); // it could point anywhere
          continue;
        }
        if (Files.isDirectory(p)) continue;
        String rel = dir.relativize(p).toString().replace('\\', '/');
        if (Files.size(p) > MAX_FILE) {
          problems.add(rel + " is over 1 MB; ignored");
          continue;
        }
        files.put(rel, Files.readAllBytes(p));
      }
    }
    return unpack(idOf(dir), name, files, problems, into, false);
  }

  private Submission readZip(Path zip, Path into, String name) throws IOException {
    List<String> problems = new ArrayList<>();
    byte[] head = new byte[4];
    try (InputStream in = Files.newInputStream(zip)) {
      if (in.readNBytes(head, 0, 4) < 4 || head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4) {
        problems.add(name + " is not a zip file (nor a folder); nothing to grade");
        return new Submission(idOf(zip), name, Map.of(), problems, true);
      }
    }
    Map<String, byte[]> files = new TreeMap<>();
    long total = 0;
    int count = 0;
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        String entry = e.getName().replace('\\', '/');
        if (entry.startsWith("/") || entry.matches("^[A-Za-z]:.*") || Stream.of(entry.split("/")).anyMatch(".."::equals)) {
          problems.add("zip entry '" + entry + "' points outside the submission; the submission was rejected");
          return new Submission(idOf(zip), name, Map.of(), problems, true);
        }
        if (e.isDirectory()) continue;
        if (++count > MAX_ENTRIES) {
          problems.add("more than " + MAX_ENTRIES + " files; the submission was rejected");
          return new Submission(idOf(zip), name, Map.of(), problems, true);
        }
        byte[] data = in.readNBytes((int) MAX_FILE + 1);
        if (data.length > MAX_FILE) {
          problems.add(entry + " is over 1 MB; ignored");
          continue;
        }
        total += data.length;
        if (total > MAX_TOTAL) {
          problems.add("over " + (MAX_TOTAL >> 20) + " MB unpacked; the submission was rejected");
          return new Submission(idOf(zip), name, Map.of(), problems, true);
        }
        files.put(entry, data);
      }
    } catch (IOException | IllegalArgumentException e) {
      problems.add(name + " is a damaged zip file (" + e.getMessage() + "); the submission was rejected");
      return new Submission(idOf(zip), name, Map.of(), problems, true);
    }
    return unpack(idOf(zip), name, files, problems, into, true);
  }

  /** Checks the manifest, keeps the exercise files, writes them into {@code into}. */
  private Submission unpack(String fallbackId, String name, Map<String, byte[]> files, List<String> problems, Path into,
      boolean zipped) throws IOException {
    String student = fallbackId;
    byte[] manifestBytes = files.remove(Manifest.FILE);
    if (manifestBytes != null) {
      try {
        JsonNode m = new ObjectMapper().readTree(manifestBytes);
        String declared = m.path("student").asText("");
        if (!declared.isEmpty() && !declared.equals(fallbackId)) {
          problems.add("the manifest says student '" + declared + "' but the file is named for '" + fallbackId + "'");
        }
        JsonNode hashes = m.path("files");
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
          String want = hashes.path(f.getKey()).asText(null);
          if (want == null) {
            if (FILE.matcher(f.getKey()).matches()) problems.add(f.getKey() + " is not in the manifest (added after submitting?)");
          } else if (!want.equals(sha256(f.getValue()))) {
            problems.add("manifest hash mismatch for " + f.getKey() + " (the file changed after submitting)");
          }
        }
        hashes.fieldNames().forEachRemaining(k -> {
          if (!files.containsKey(k)) problems.add(k + " is in the manifest but missing from the zip");
        });
      } catch (IOException e) {
        problems.add(Manifest.FILE + " is not valid JSON; file hashes not checked");
      }
    } else if (zipped) {
      // a folder may have been collected some other way; a zip should come from 'netlab submit'
      problems.add("no " + Manifest.FILE + " (not made by 'netlab submit'?); file hashes not checked");
    }
    Map<String, Path> exercises = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      Matcher m = FILE.matcher(f.getKey());
      if (!m.matches()) {
        problems.add("ignored " + f.getKey() + ": only NN-id/Name.java files of the exercises are graded");
        continue;
      }
      if (!exerciseDirs.contains(m.group(1))) {
        problems.add("ignored " + f.getKey() + ": there is no exercise " + m.group(1));
        continue;
      }
      Path dir = Files.createDirectories(into.resolve(m.group(1)));
      Files.write(dir.resolve(m.group(2)), f.getValue());
      exercises.put(m.group(1), dir);
    }
    return new Submission(student, name, exercises, problems, false);
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
