package netlab.grade;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The class files of a student's recent clean compiles, by a hash of what was compiled, so that
 * checking unchanged code again skips javac: about 0.6 s of a cold {@code ./netlab check}, whose
 * javac starts cold in every process (Maven skips a compile whose classes are newer than its
 * sources in the same way). The key is every source's path and bytes, this JDK's version and
 * {@link #FORMAT} (bumped when the compiler's options change); only a compile that succeeded
 * without a diagnostic is kept, and only the {@value #KEEP} most recently used. Anything that goes
 * wrong here is a miss: the compile runs as without a cache. The cache is the student's own (their
 * state folder) and feeds only their own {@code check}; grading a class never reads it.
 */
final class CompiledCache {
  /** Bump when MemoryCompiler's options or this file's layout change: old entries are then never hit. */
  static final String FORMAT = "1";
  static final int KEEP = 32;
  private static final String ORIGINS = "META-INF/origins";

  private final Path dir;
  private final List<Path> sources;
  /** Of {@link #sources}, read once for both the lookup and the write; null if one cannot be read. */
  private final String key;

  /** The entry for compiling {@code sources} (in this order) in the cache folder {@code dir}. */
  CompiledCache(Path dir, List<Path> sources) {
    this.dir = dir;
    this.sources = sources;
    String k;
    try {
      k = key(sources);
    } catch (IOException | RuntimeException e) {
      k = null; // javac reports the unreadable file
    }
    this.key = k;
  }

  /** The key of compiling {@code sources} (in this order) on this JDK. */
  private static String key(List<Path> sources) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    sha.update((FORMAT + "\n" + Runtime.version() + "\n").getBytes(StandardCharsets.UTF_8));
    for (Path p : sources) {
      byte[] bytes = Files.readAllBytes(p);
      sha.update((p.toAbsolutePath().normalize() + "\n" + bytes.length + "\n").getBytes(StandardCharsets.UTF_8));
      sha.update(bytes);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** What compiling the sources gave last time, or null. */
  MemoryCompiler.Output get() {
    if (key == null) return null;
    try {
      Path entry = dir.resolve(key + ".zip");
      if (!Files.isRegularFile(entry)) return null;
      Map<String, byte[]> classes = new LinkedHashMap<>();
      Map<String, Path> origins = new LinkedHashMap<>();
      try (ZipInputStream in = new ZipInputStream(Files.newInputStream(entry))) {
        for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
          byte[] bytes = in.readAllBytes();
          if (e.getName().equals(ORIGINS)) {
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
              int tab = line.indexOf('\t');
              if (tab > 0) origins.put(line.substring(0, tab), sources.get(Integer.parseInt(line.substring(tab + 1))));
            }
          } else if (e.getName().endsWith(".class")) {
            classes.put(e.getName().substring(0, e.getName().length() - ".class".length()), bytes);
          }
        }
      }
      if (classes.isEmpty()) return null;
      // most recently used: the last to be pruned
      Files.setLastModifiedTime(entry, FileTime.fromMillis(System.currentTimeMillis()));
      return new MemoryCompiler.Output(true, classes, origins, List.of());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Keeps {@code out} for the sources if it is a clean compile; written whole or not at all. */
  void put(MemoryCompiler.Output out) {
    if (key == null || !out.ok() || !out.diagnostics().isEmpty() || out.classes().isEmpty()) return;
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "entry-", ".tmp");
      try (OutputStream file = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(file)) {
        StringBuilder origins = new StringBuilder();
        for (Map.Entry<String, byte[]> c : out.classes().entrySet()) {
          zip.putNextEntry(new ZipEntry(c.getKey() + ".class"));
          zip.write(c.getValue());
          zip.closeEntry();
          Path origin = out.origins().get(c.getKey());
          int i = origin == null ? -1 : sources.indexOf(origin);
          if (i >= 0) origins.append(c.getKey()).append('\t').append(i).append('\n');
        }
        zip.putNextEntry(new ZipEntry(ORIGINS));
        zip.write(origins.toString().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
      Files.move(tmp, dir.resolve(key + ".zip"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      tmp = null;
      prune();
    } catch (IOException | RuntimeException e) {
      // a cache that cannot be written is only slower
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // left for the next prune
        }
      }
    }
  }

  /** Deletes all but the {@value #KEEP} most recently used entries (and temp files left by a crash). */
  private void prune() throws IOException {
    Map<Path, FileTime> entries = new LinkedHashMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String name = p.getFileName().toString();
        if (name.endsWith(".zip")) entries.put(p, Files.getLastModifiedTime(p));
        else if (name.endsWith(".tmp") && Files.getLastModifiedTime(p).toMillis() < System.currentTimeMillis() - 3_600_000) {
          Files.deleteIfExists(p);
        }
      }
    }
    if (entries.size() <= KEEP) return;
    List<Path> newestFirst = new ArrayList<>(entries.keySet());
    newestFirst.sort((a, b) -> entries.get(b).compareTo(entries.get(a)));
    for (Path old : newestFirst.subList(KEEP, newestFirst.size())) Files.deleteIfExists(old);
  }
}
