package netlab.grade.isolation;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The grading worker's own Java: a run-time image (jlink) of this JDK holding exactly the modules
 * a worker may use, with the JDK's default class-data archive.
 *
 * <p>Why: the worker used to run on the whole JDK with {@code --limit-modules}, which keeps
 * {@code jdk.unsupported}, {@code jdk.attach} and the debugger out of its JVM. But the JVM turns
 * class sharing off altogether under {@code --limit-modules}, so every worker loaded and verified
 * the JDK's classes from scratch. An image that holds only the allowed modules needs no
 * {@code --limit-modules} (what is not in it cannot be added), and its archive maps the JDK's
 * common classes: a worker grading one pure exercise took 0.93 s of CPU instead of 1.22 s
 * (bench/README.md). The archive is the one jlink makes from the JDK's own class list; nothing a
 * student's code ran ever goes into it, and the sandbox sees the image read-only.
 *
 * <p>The image is made once per JDK and module list, beside the grader's jar, and renamed into
 * place, so labs running at once share it. A JDK that cannot link an image (no jmods, no jlink)
 * gets none: the worker then runs as before, on the JDK with {@code --limit-modules}.
 */
public final class WorkerImage {
  /** A file in every image this class made: a java.home without it is not one. */
  public static final String MARK = "netlab-worker-image";
  /** Longer than any link seen (about 6 s of wall time on 2 busy cores). */
  private static final long LINK_LIMIT_SECONDS = 180;

  private WorkerImage() {}

  /**
   * The {@code java} binary of the image of the lab's own JDK holding {@code roots} and what they
   * require, made now in {@code dir} if it is not there yet; null when this JDK cannot make one
   * (the reason is kept in {@code dir}, so it is not tried again at every start).
   */
  public static synchronized Path java(List<String> roots, Path dir) {
    Path jdkHome = Path.of(System.getProperty("java.home"));
    Set<String> modules = closure(roots);
    String key = key(jdkHome, modules);
    Path image = dir.resolve("jdk-" + key);
    Path failed = dir.resolve("jdk-" + key + ".failed");
    Path java = image.resolve("bin").resolve(binaryName());
    if (Files.isRegularFile(image.resolve(MARK))) return java;
    if (failedLately(failed)) return null;
    try {
      Files.createDirectories(dir);
      // several labs may start their first worker at once: one links, the others wait for it
      try (FileChannel ch = FileChannel.open(dir.resolve("jdk-" + key + ".lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
        if (Files.isRegularFile(image.resolve(MARK))) return java;
        if (failedLately(failed)) return null;
        String why = link(jdkHome, modules, image);
        if (why != null) {
          Files.writeString(failed, why + "\n", StandardCharsets.UTF_8);
          return null;
        }
        return java;
      }
    } catch (IOException | RuntimeException e) {
      return null; // no image: the worker runs on the JDK itself, as safely and a little slower
    }
  }

  /** True when every user may run the image: its folders can be entered and read by others. */
  public static boolean readableByAll(Path home) {
    try {
      for (Path d = home.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
        var perms = Files.getPosixFilePermissions(d);
        if (!perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) return false;
      }
      return Files.getPosixFilePermissions(home.resolve("bin").resolve(binaryName()))
          .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** True when {@code javaHome} is an image this class made. */
  public static boolean isImage(Path javaHome) {
    return javaHome != null && Files.isRegularFile(javaHome.resolve(MARK));
  }

  /** {@code roots} and the modules they require, as this JDK resolves them (no services bound). */
  static Set<String> closure(List<String> roots) {
    Configuration c = Configuration.empty().resolve(ModuleFinder.ofSystem(), ModuleFinder.of(), roots);
    return c.modules().stream().map(ResolvedModule::name).collect(Collectors.toCollection(TreeSet::new));
  }

  /** Links the image into {@code image}; the reason it could not, or null. */
  private static String link(Path jdkHome, Set<String> modules, Path image) throws IOException {
    Path jlink = jdkHome.resolve("bin").resolve(isWindows() ? "jlink.exe" : "jlink");
    if (!Files.isExecutable(jlink)) return "this JDK has no jlink: " + jlink;
    // a link cut short (the lab killed mid-way) leaves its folder behind: this process holds the
    // lock, so any such folder of this image is nobody's now
    try (Stream<Path> s = Files.list(image.getParent())) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (p.getFileName().toString().startsWith(image.getFileName() + ".tmp-")) deleteTree(p);
      }
    }
    Path tmp = image.resolveSibling(image.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    Path log = image.resolveSibling(image.getFileName() + ".log");
    List<String> cmd = new ArrayList<>(List.of(jlink.toString(), "--add-modules", String.join(",", modules),
        "--output", tmp.toString(), "--generate-cds-archive", "--no-header-files", "--no-man-pages"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().remove("JDK_JAVA_OPTIONS");
    try {
      Process p = pb.start();
      if (!p.waitFor(LINK_LIMIT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        deleteTree(tmp);
        return "jlink took longer than " + LINK_LIMIT_SECONDS + " s";
      }
      if (p.exitValue() != 0) {
        deleteTree(tmp);
        return "jlink failed (exit " + p.exitValue() + "): " + firstLine(log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      deleteTree(tmp);
      throw new IOException("interrupted while linking the worker's Java", e);
    }
    // the image must hold exactly what --limit-modules allowed: not one module more
    Set<String> linked = modulesIn(tmp);
    if (!linked.equals(modules)) {
      deleteTree(tmp);
      return "the linked image holds " + linked + ", not " + modules;
    }
    // the mark names the JDK it was made from, so that a newer build of that JDK can remove it
    Files.writeString(tmp.resolve(MARK), "from " + jdkHome.toAbsolutePath().normalize() + "\n", StandardCharsets.UTF_8);
    try {
      Files.move(tmp, image, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteTree(tmp);
      if (!isImage(image)) throw e;
    }
    Files.deleteIfExists(log);
    removeOlder(image, jdkHome);
    return null;
  }

  /**
   * Images made from earlier builds of the same JDK (it was updated since): 160 MB each, never
   * used again. Images of other JDKs stay; a lab may run on each.
   */
  private static void removeOlder(Path keep, Path jdkHome) {
    String from = "from " + jdkHome.toAbsolutePath().normalize() + "\n";
    try (Stream<Path> s = Files.list(keep.getParent())) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (p.equals(keep) || !p.getFileName().toString().startsWith("jdk-") || !isImage(p)) continue;
        if (Files.readString(p.resolve(MARK), StandardCharsets.UTF_8).equals(from)) deleteTree(p);
      }
    } catch (IOException ignored) {
      // an old image costs only disk space
    }
  }

  /** The MODULES line of an image's release file. */
  static Set<String> modulesIn(Path home) throws IOException {
    for (String line : Files.readAllLines(home.resolve("release"), StandardCharsets.UTF_8)) {
      if (!line.startsWith("MODULES=")) continue;
      String v = line.substring("MODULES=".length()).replace("\"", "").trim();
      return Arrays.stream(v.split("\\s+")).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
    }
    return Set.of();
  }

  /** Changes with the JDK (its path and its release file) and with the module list. */
  private static String key(Path jdkHome, Set<String> modules) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(jdkHome.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(Runtime.version().toString().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      Path release = jdkHome.resolve("release");
      if (Files.isReadable(release)) sha.update(Files.readAllBytes(release));
      sha.update((byte) 0);
      sha.update(String.join(",", modules).getBytes(StandardCharsets.UTF_8));
      return Runtime.version().feature() + "-" + HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException | IOException e) {
      throw new IllegalStateException("cannot name the worker's image: " + e.getMessage(), e);
    }
  }

  private static String firstLine(Path log) {
    try {
      return Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).findFirst().orElse("");
    } catch (IOException e) {
      return "";
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(q);
    }
  }

  private static String binaryName() {
    return isWindows() ? "java.exe" : "java";
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase().contains("win");
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
