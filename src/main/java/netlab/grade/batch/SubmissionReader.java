package netlab.grade.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
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
 * rejects the whole submission: the run goes on with the next student. Reading is bounded in
 * bytes, entries, name length, depth and time, so no submission can stall or swamp the grader.
 */
public final class SubmissionReader {
  static final Pattern FILE = Pattern.compile("(\\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*)/([A-Za-z_][A-Za-z0-9_]*\\.java)");
  /** An exercise file is a few KB; a bigger one is ignored rather than held in memory. */
  static final long MAX_FILE = 1 << 20;
  /**
   * Every byte read or inflated, whether kept or not: an entry over {@link #MAX_FILE} is ignored
   * but still has to be inflated to reach the next one, so an inflate bomb (a few MB that expand
   * to GBs) is stopped here, in bounded time.
   */
  static final long MAX_TOTAL = 16 << 20;
  /** Entries (files and folders): a zip of a million empty entries costs time, not bytes. */
  static final int MAX_ENTRIES = 2000;
  /**
   * Bytes (UTF-8) of a path inside a submission. No exercise file comes close, and Linux refuses a
   * file name over 255 bytes ("File name too long"). A longer name is reported and that entry
   * ignored: the rest of the submission is still graded.
   */
  static final int MAX_NAME = 255;
  /** Folder levels in a folder submission: exercise files are 2 deep; deeper folders are ignored. */
  static final int MAX_DEPTH = 8;
  /** Wall time to read one submission: the caps above bound the work, this bounds anything missed. */
  static final Duration MAX_TIME = Duration.ofSeconds(10);

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
    long deadline = System.nanoTime() + MAX_TIME.toNanos();
    String[] rejected = {null};
    Files.walkFileTree(dir, Set.of(), MAX_DEPTH, new SimpleFileVisitor<>() {
      long total;
      int count;

      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
        return d.equals(dir) ? FileVisitResult.CONTINUE : limits();
      }

      @Override
      public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) throws IOException {
        FileVisitResult limit = limits();
        if (limit != FileVisitResult.CONTINUE) return limit;
        String rel = p.equals(dir) ? name : dir.relativize(p).toString().replace('\\', '/');
        if (attrs.isSymbolicLink()) {
          problems.add("symbolic link " + rel + " ignored"); // it could point anywhere, or at itself
        } else if (attrs.isDirectory()) {
          problems.add("folder " + rel + " is over " + MAX_DEPTH + " levels deep; ignored");
        } else if (!attrs.isRegularFile()) {
          problems.add(rel + " is not a regular file; ignored"); // reading a named pipe would wait forever
        } else if (rel.getBytes(StandardCharsets.UTF_8).length > MAX_NAME) {
          problems.add(tooLong(rel));
        } else if (attrs.size() > MAX_FILE) {
          problems.add(rel + " is over 1 MB; ignored");
        } else {
          byte[] data;
          try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
            data = in.readNBytes((int) MAX_FILE + 1); // it may have grown since it was listed
          }
          total += data.length;
          if (total > MAX_TOTAL) return reject("over " + (MAX_TOTAL >> 20) + " MB of files; the submission was rejected");
          if (data.length > MAX_FILE) problems.add(rel + " is over 1 MB; ignored");
          else files.put(rel, data);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path p, IOException e) {
        problems.add("cannot read " + dir.relativize(p) + " (" + e.getMessage() + "); ignored");
        return FileVisitResult.CONTINUE;
      }

      private FileVisitResult limits() {
        if (++count > MAX_ENTRIES) return reject("more than " + MAX_ENTRIES + " files and folders; the submission was rejected");
        if (System.nanoTime() > deadline) return reject("reading it took over " + MAX_TIME.toSeconds() + " s; the submission was rejected");
        return FileVisitResult.CONTINUE;
      }

      private FileVisitResult reject(String why) {
        rejected[0] = why;
        return FileVisitResult.TERMINATE;
      }
    });
    if (rejected[0] != null) return rejected(dir, name, problems, rejected[0]);
    return unpack(idOf(dir), name, files, problems, into, false);
  }

  private Submission readZip(Path zip, Path into, String name) throws IOException {
    List<String> problems = new ArrayList<>();
    byte[] head = new byte[4];
    if (!Files.isRegularFile(zip)) return rejected(zip, name, problems, name + " is not a zip file (nor a folder); nothing to grade");
    try (InputStream in = Files.newInputStream(zip)) {
      if (in.readNBytes(head, 0, 4) < 4 || head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4) {
        return rejected(zip, name, problems, name + " is not a zip file (nor a folder); nothing to grade");
      }
    }
    Map<String, byte[]> files = new TreeMap<>();
    long deadline = System.nanoTime() + MAX_TIME.toNanos();
    long total = 0;
    int count = 0;
    byte[] buf = new byte[64 << 10];
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        String entry = e.getName().replace('\\', '/');
        if (entry.startsWith("/") || entry.matches("^[A-Za-z]:.*") || Stream.of(entry.split("/")).anyMatch(".."::equals)) {
          return rejected(zip, name, problems, "zip entry '" + shown(entry) + "' points outside the submission; the submission was rejected");
        }
        if (++count > MAX_ENTRIES) return rejected(zip, name, problems, "more than " + MAX_ENTRIES + " entries; the submission was rejected");
        boolean keep = !e.isDirectory();
        if (keep && entry.getBytes(StandardCharsets.UTF_8).length > MAX_NAME) {
          problems.add(tooLong(entry));
          keep = false;
        }
        // read every entry to its end here, counting: ZipInputStream would otherwise inflate the
        // rest of a skipped entry, uncounted, on its way to the next one
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int n; (n = in.read(buf)) != -1; ) {
          total += n;
          if (total > MAX_TOTAL) return rejected(zip, name, problems, "over " + (MAX_TOTAL >> 20) + " MB unpacked; the submission was rejected");
          if (System.nanoTime() > deadline) {
            return rejected(zip, name, problems, "unpacking took over " + MAX_TIME.toSeconds() + " s; the submission was rejected");
          }
          if (keep && data.size() + n > MAX_FILE) {
            problems.add(entry + " is over 1 MB; ignored");
            keep = false;
          }
          if (keep) data.write(buf, 0, n);
        }
        if (keep) files.put(entry, data.toByteArray());
      }
    } catch (IOException | IllegalArgumentException e) {
      return rejected(zip, name, problems, name + " is a damaged zip file (" + e.getMessage() + "); the submission was rejected");
    }
    return unpack(idOf(zip), name, files, problems, into, true);
  }

  private static Submission rejected(Path source, String name, List<String> problems, String why) {
    problems.add(why);
    return new Submission(idOf(source), name, Map.of(), problems, true, null);
  }

  private static String tooLong(String entry) {
    return "a name of " + entry.getBytes(StandardCharsets.UTF_8).length + " bytes (" + shown(entry) + ") is over " + MAX_NAME
        + " bytes; that file was ignored";
  }

  /** A hostile name as a problem line can hold it: one line, not too long. */
  private static String shown(String name) {
    String s = name.replaceAll("\\p{Cntrl}", "?");
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }

  /** Checks the manifest, keeps the exercise files, writes them into {@code into}. */
  private Submission unpack(String fallbackId, String name, Map<String, byte[]> files, List<String> problems, Path into,
      boolean zipped) throws IOException {
    String student = fallbackId;
    String declared = null;
    byte[] manifestBytes = files.remove(Manifest.FILE);
    if (manifestBytes != null) {
      try {
        JsonNode m = new ObjectMapper().readTree(manifestBytes);
        declared = m.path("student").asText("");
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
    return new Submission(student, name, exercises, problems, false, declared == null || declared.isEmpty() ? null : declared);
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
