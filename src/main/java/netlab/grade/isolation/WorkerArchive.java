package netlab.grade.isolation;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A class-data archive of the grading worker's own classes (JUnit, jackson-jr, the worker) and
 * the JDK classes they load, for workers running on a {@link WorkerImage}: a cold worker then maps
 * JUnit instead of loading and verifying it (a cold {@code check} 0.2 s sooner, bench/README.md).
 *
 * <p>No student's code has any part in it. The class list comes from a worker that only runs its
 * own warm-up test ({@code WorkerMain --warm-up}, which loads the launcher and records the lambdas
 * it makes), plus every class of the grader's jar; the archive is then dumped by the JVM from that
 * list ({@code -Xshare:dump}), which loads classes but runs none of them. A worker that grades a
 * student maps it read-only and never records one: a file a student's JVM wrote must never be
 * mapped into another's memory.
 *
 * <p>Made once per image and grader jar, beside the jar (a sandbox running as another user reads
 * the jar's copy, and gets an archive beside that copy), and renamed into place.
 */
public final class WorkerArchive {
  private static final long STEP_LIMIT_SECONDS = 120;
  /** Where a class of the list may come from: the JDK and the grader module, nothing else. */
  public static final List<String> ALLOWED_PREFIXES = List.of("java/", "javax/", "jdk/", "sun/", "com/sun/",
      "netlab/core/", "netlab/grade/", "org/junit/", "org/opentest4j/", "org/apiguardian/", "com/fasterxml/jackson/",
      "org/objectweb/asm/");

  private WorkerArchive() {}

  /**
   * The archive for workers that run {@code java} (an image's) with the grader module {@code jar}
   * and the root modules {@code addModules}; made now if it is not there. Null when it cannot be made.
   */
  public static synchronized Path of(Path java, Path jar, List<String> addModules) {
    String key = key(java, jar, addModules);
    Path dir = jar.toAbsolutePath().getParent();
    Path archive = dir.resolve("worker-" + key + ".jsa");
    Path failed = dir.resolve("worker-" + key + ".failed");
    if (Files.isRegularFile(archive)) return archive;
    if (failedLately(failed)) return null;
    try (FileChannel ch = FileChannel.open(dir.resolve("worker-" + key + ".lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
      if (Files.isRegularFile(archive)) return archive;
      if (failedLately(failed)) return null;
      String why = make(java, jar, addModules, archive);
      if (why != null) {
        Files.writeString(failed, why + "\n", StandardCharsets.UTF_8);
        return null;
      }
      return archive;
    } catch (IOException | RuntimeException e) {
      return null; // the worker starts without it, as it did before
    }
  }

  /** The class list beside {@code archive}: what it was dumped from, kept for inspection. */
  public static Path classListOf(Path archive) {
    String n = archive.getFileName().toString();
    return archive.resolveSibling(n.substring(0, n.length() - ".jsa".length()) + ".classlist");
  }

  private static String make(Path java, Path jar, List<String> addModules, Path archive) throws IOException {
    String pid = "-" + ProcessHandle.current().pid();
    Path recorded = archive.resolveSibling(archive.getFileName() + ".recorded" + pid);
    Path list = classListOf(archive);
    Path tmp = archive.resolveSibling(archive.getFileName() + ".tmp" + pid);
    Path log = archive.resolveSibling(archive.getFileName() + ".log");
    try {
      // 1. what the worker's own warm-up loads, lambdas included
      String why = run(command(java, jar, addModules, "-XX:DumpLoadedClassList=" + recorded, "--warm-up"), log);
      if (why != null) return "recording the class list: " + why;
      // 2. and every class of the grader's jar; only names of the JDK and of the grader module
      Set<String> lines = new LinkedHashSet<>();
      for (String line : Files.readAllLines(recorded, StandardCharsets.UTF_8)) {
        if (line.startsWith("#") || line.isBlank()) continue;
        String[] words = line.split(" ");
        String name = line.startsWith("@") ? (words.length > 1 ? words[1] : "") : words[0];
        if (allowed(name)) lines.add(line);
      }
      try (JarFile j = new JarFile(jar.toFile())) {
        j.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class") && !n.endsWith("module-info.class"))
            .map(n -> n.substring(0, n.length() - ".class".length())).filter(WorkerArchive::allowed).forEach(lines::add);
      }
      // 3. what grading itself loads from the JDK (sockets, TLS, HttpClient, and their lambdas)
      List<String> graded = new ArrayList<>(lines);
      graded.addAll(Recorded.lines(Runtime.version().toString()));
      Files.write(list, new LinkedHashSet<>(graded), StandardCharsets.UTF_8);
      // 4. the archive, dumped from the list: classes are loaded and linked, none is run; where the
      // recorded part does not suit this JDK, from the worker's own list alone, as before it
      List<String> dump = command(java, jar, addModules, "-Xshare:dump", "-XX:SharedClassListFile=" + list,
          "-XX:SharedArchiveFile=" + tmp);
      why = run(dump, log);
      if (why != null) {
        Files.write(list, lines, StandardCharsets.UTF_8);
        why = run(dump, log);
      }
      if (why != null) return "dumping the archive: " + why;
      if (!Files.isRegularFile(tmp)) return "the JVM wrote no archive";
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system
      }
      Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Files.deleteIfExists(log);
      removeStale(archive);
      return null;
    } finally {
      Files.deleteIfExists(recorded);
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * The JDK classes a grading worker loads while every exercise's hidden tests run on the
   * reference solutions, recorded by {@code bench/worker_classes.sh} (a worker's
   * {@code -XX:DumpLoadedClassList}, unsandboxed, our own code only) into {@value #RESOURCE}.
   * Without them, each new worker loaded about 1,900 JDK classes from the image's files and spun
   * about 550 lambda forms and proxies again (bench/README.md). Class names suit any JDK (a name
   * this one lacks is skipped by the dump); the lambda lines are only used on the JDK they were
   * recorded on, named in the file's {@code # java} line.
   */
  public static final class Recorded {
    static final String RESOURCE = "/netlab/grade/isolation/worker-classes.txt";
    private static final List<String> JDK = List.of("java/", "javax/", "jdk/", "sun/", "com/sun/");

    private Recorded() {}

    /** The list as recorded (it is in the archive's key too), read once. */
    private static final String TEXT = read();

    private static String read() {
      try (var in = WorkerArchive.class.getResourceAsStream(RESOURCE)) {
        return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }

    static String text() {
      return TEXT;
    }

    /** The lines of the list for a worker on Java {@code version}: JDK classes, and lambdas if recorded on it. */
    public static List<String> lines(String version) {
      List<String> out = new ArrayList<>();
      boolean sameJdk = false;
      for (String line : text().split("\n")) {
        if (line.startsWith("# java ")) sameJdk = line.substring("# java ".length()).trim().equals(version);
        if (line.isBlank() || line.startsWith("#")) continue;
        if (line.startsWith("@") ? sameJdk && jdk(owner(line)) : !line.contains(" ") && jdk(line)) out.add(line);
      }
      return out;
    }

    /**
     * The class a class list's {@code @} line is about: {@code @lambda-proxy OWNER ...}, or
     * {@code @lambda-form-invoker [LF_RESOLVE] java.lang.invoke.X ...} (dotted).
     */
    public static String owner(String line) {
      String[] words = line.split(" ");
      if (words[0].equals("@lambda-form-invoker")) return words.length > 2 ? words[2].replace('.', '/') : "";
      return words.length > 1 ? words[1] : "";
    }

    private static boolean jdk(String internalName) {
      return JDK.stream().anyMatch(internalName::startsWith);
    }
  }

  static boolean allowed(String internalName) {
    return ALLOWED_PREFIXES.stream().anyMatch(internalName::startsWith);
  }

  /** The worker's own flags that decide what an archive must match (heap size: compressed pointers). */
  private static List<String> command(Path java, Path jar, List<String> addModules, String... extra) {
    List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx256m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Djava.awt.headless=true"));
    int main = extra.length > 0 && extra[extra.length - 1].startsWith("--") ? extra.length - 1 : extra.length;
    for (int i = 0; i < main; i++) cmd.add(extra[i]);
    cmd.addAll(List.of("--module-path", jar.toString()));
    if (!addModules.isEmpty()) cmd.addAll(List.of("--add-modules", String.join(",", addModules)));
    cmd.addAll(List.of("-m", GraderModule.NAME + "/" + GraderModule.MAIN));
    for (int i = main; i < extra.length; i++) cmd.add(extra[i]);
    return cmd;
  }

  /** Runs {@code cmd}; null when it ended well, else why not. */
  private static String run(List<String> cmd, Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().remove("_JAVA_OPTIONS");
    pb.environment().remove("JDK_JAVA_OPTIONS");
    // a class path from the environment (Maven's test runs set one) would make the dump refuse
    pb.environment().remove("CLASSPATH");
    Process p = pb.start();
    try {
      if (!p.waitFor(STEP_LIMIT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "took longer than " + STEP_LIMIT_SECONDS + " s";
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while making the worker's class-data archive", e);
    }
    if (p.exitValue() == 0) return null;
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return "exit " + p.exitValue() + (lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1));
  }

  private static String key(Path java, Path jar, List<String> addModules) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : List.of(java.toAbsolutePath().normalize().toString(), jar.toAbsolutePath().normalize().toString(),
          Long.toString(Files.size(jar)), Long.toString(Files.getLastModifiedTime(jar).toMillis()),
          String.join(",", addModules), Recorded.text())) {
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException | IOException e) {
      throw new IllegalStateException("cannot name the worker's class-data archive: " + e.getMessage(), e);
    }
  }

  /** Archives of earlier builds, unused for a day (like the grader's jars). */
  private static void removeStale(Path keep) {
    long dayAgo = System.currentTimeMillis() - 24 * 3600_000L;
    try (Stream<Path> s = Files.list(keep.getParent())) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String n = p.getFileName().toString();
        if (!n.startsWith("worker-") || n.startsWith(keep.getFileName().toString().replace(".jsa", ""))) continue;
        if (Files.getLastModifiedTime(p).toMillis() < dayAgo) Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // stale archives cost only disk space
    }
  }

  /** A failure of the last day: not tried again at every start, but not forever either. */
  static boolean failedLately(Path marker) {
    try {
      return Files.getLastModifiedTime(marker).toMillis() > System.currentTimeMillis() - 24 * 3600_000L;
    } catch (IOException e) {
      return false; // no marker
    }
  }
}
