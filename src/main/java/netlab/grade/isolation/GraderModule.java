package netlab.grade.isolation;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import netlab.core.Version;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ModuleVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The grading worker's code as one named module, {@code netlab.grader}: the worker, its channel,
 * JUnit, jackson-jr and the test helpers, in a modular jar made from the lab's own class path
 * (its shaded jar, or Maven's classes and dependency jars in a test run).
 *
 * <p>Why a module: student code runs in the worker's JVM, and in the unnamed module every class
 * is open to reflection. A named module that exports and opens nothing lets the JVM itself refuse
 * a student's {@code setAccessible} on the worker's fields (InaccessibleObjectException), so the
 * channel, the nonce and JUnit's listener are out of reach. JUnit goes into the same module on
 * purpose: its public {@code ReflectionSupport} would otherwise make accessible anything opened to
 * JUnit, for whoever calls it. The worker exports packages at run time to the hidden tests' own
 * module only ({@code HiddenModule}), never to the student's.
 *
 * <p>The descriptor is written with ASM; the jar is made once per class path and cached.
 */
public final class GraderModule {
  public static final String NAME = "netlab.grader";
  public static final String MAIN = "netlab.grade.worker.WorkerMain";

  /** Our own packages the worker needs (exactly these: the rest of the lab stays out). */
  private static final Set<String> OWN_PACKAGES = Set.of(
      "netlab/core", "netlab/grade", "netlab/grade/api", "netlab/grade/protocol", "netlab/grade/support",
      "netlab/grade/worker");
  /** Libraries, by package prefix. */
  private static final List<String> LIBRARY_PREFIXES = List.of(
      "org/junit/", "org/opentest4j/", "org/apiguardian/", "com/fasterxml/jackson/jr/",
      "com/fasterxml/jackson/core/", "org/objectweb/asm/");
  /** The services JUnit looks up (from its modules' descriptors): a named module must declare them. */
  static final List<String> USES = List.of(
      "org.junit.platform.commons.support.scanning.ClasspathScanner",
      "org.junit.platform.engine.discovery.DiscoverySelectorIdentifierParser",
      "org.junit.platform.engine.TestEngine",
      "org.junit.platform.launcher.LauncherDiscoveryListener",
      "org.junit.platform.launcher.LauncherInterceptor",
      "org.junit.platform.launcher.LauncherSessionListener",
      "org.junit.platform.launcher.PostDiscoveryFilter",
      "org.junit.platform.launcher.TestExecutionListener",
      "org.junit.jupiter.api.extension.Extension",
      "com.fasterxml.jackson.core.ObjectCodec",
      "com.fasterxml.jackson.core.JsonFactory");
  /** Providers left out: this listener writes files when asked to by configuration. */
  private static final Set<String> UNWANTED_PROVIDERS = Set.of(
      "org.junit.platform.launcher.listeners.UniqueIdTrackingListener");

  private GraderModule() {}

  /**
   * The modular jar for the current class path, in {@code dir}; made now if it is not there yet.
   * Safe to call from several threads and processes at once (the jar is renamed into place).
   */
  public static synchronized Path jar(Path dir) throws IOException {
    List<Path> entries = classPath();
    Path jar = dir.resolve("grader-" + fingerprint(entries) + ".jar");
    if (Files.isRegularFile(jar)) return jar;
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "grader-", ".tmp");
    try {
      write(entries, tmp);
      try {
        // readable by the sandbox's user too, which may not be ours
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system
      }
      Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    removeStale(dir, jar);
    return jar;
  }

  /**
   * {@code jar}, or a copy of it that any user can read (the sandbox may run as another user,
   * and the lab's own folder may be private, e.g. under /root).
   */
  public static synchronized Path readableByAll(Path jar) throws IOException {
    if (worldReadable(jar)) return jar;
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "netlab-shared");
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Path copy = dir.resolve(jar.getFileName());
    if (!Files.isRegularFile(copy) || Files.size(copy) != Files.size(jar)) {
      Path tmp = Files.createTempFile(dir, "grader-", ".tmp");
      Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      Files.move(tmp, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
    return copy;
  }

  private static boolean worldReadable(Path file) throws IOException {
    var perms = Files.getPosixFilePermissions(file);
    if (!perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)) return false;
    for (Path d = file.toAbsolutePath().getParent(); d != null; d = d.getParent()) {
      if (!Files.getPosixFilePermissions(d).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) return false;
    }
    return true;
  }

  /** Jars of earlier builds, unused for a day (a lab still running an older build may use its own). */
  private static void removeStale(Path dir, Path keep) {
    long dayAgo = System.currentTimeMillis() - 24 * 3600_000L;
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String n = p.getFileName().toString();
        if (p.equals(keep) || !n.startsWith("grader-")) continue;
        if (Files.getLastModifiedTime(p).toMillis() < dayAgo) Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // stale jars cost only disk space
    }
  }

  /** The lab's class path, without Maven's test classes. */
  static List<Path> classPath() {
    List<Path> out = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (e.isBlank()) continue;
      Path p = Path.of(e).toAbsolutePath().normalize();
      if (p.getFileName() != null && p.getFileName().toString().equals("test-classes")) continue;
      if (Files.exists(p)) out.add(p);
    }
    return out;
  }

  /** Changes whenever a class path entry (or a class in a folder entry) changes. */
  private static String fingerprint(List<Path> entries) throws IOException {
    MessageDigest sha = sha256();
    sha.update(Version.get().getBytes(StandardCharsets.UTF_8));
    sha.update(Runtime.version().toString().getBytes(StandardCharsets.UTF_8));
    for (Path p : entries) {
      sha.update(p.toString().getBytes(StandardCharsets.UTF_8));
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.walk(p)) {
          for (Path f : (Iterable<Path>) s.filter(Files::isRegularFile).sorted()::iterator) {
            sha.update(f.toString().getBytes(StandardCharsets.UTF_8));
            sha.update(Long.toString(Files.getLastModifiedTime(f).toMillis() ^ Files.size(f)).getBytes(StandardCharsets.UTF_8));
          }
        }
      } else {
        sha.update(Long.toString(Files.getLastModifiedTime(p).toMillis() ^ Files.size(p)).getBytes(StandardCharsets.UTF_8));
      }
    }
    return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
  }

  private static boolean wanted(String entry) {
    if (!entry.endsWith(".class") || entry.startsWith("META-INF/") || entry.endsWith("module-info.class")) return false;
    int slash = entry.lastIndexOf('/');
    if (slash < 0) return false;
    String pkg = entry.substring(0, slash);
    if (OWN_PACKAGES.contains(pkg)) return true;
    for (String prefix : LIBRARY_PREFIXES) if (entry.startsWith(prefix)) return true;
    return false;
  }

  private static void write(List<Path> entries, Path target) throws IOException {
    Map<String, byte[]> classes = new TreeMap<>();
    Map<String, Set<String>> services = new LinkedHashMap<>();
    for (Path p : entries) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.walk(p)) {
          for (Path f : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
            String name = p.relativize(f).toString().replace(File.separatorChar, '/');
            collect(name, () -> Files.newInputStream(f), classes, services);
          }
        }
      } else {
        try (JarFile jar = new JarFile(p.toFile())) {
          for (JarEntry e : (Iterable<JarEntry>) jar.stream()::iterator) {
            if (e.isDirectory()) continue;
            collect(e.getName(), () -> jar.getInputStream(e), classes, services);
          }
        }
      }
    }
    Set<String> packages = new TreeSet<>();
    for (String c : classes.keySet()) packages.add(c.substring(0, c.lastIndexOf('/')));
    try (OutputStream os = Files.newOutputStream(target); JarOutputStream out = new JarOutputStream(os)) {
      out.putNextEntry(new JarEntry("module-info.class"));
      out.write(descriptor(packages, services));
      out.closeEntry();
      for (Map.Entry<String, byte[]> c : classes.entrySet()) {
        out.putNextEntry(new JarEntry(c.getKey()));
        out.write(c.getValue());
        out.closeEntry();
      }
    }
  }

  private interface Opener {
    InputStream open() throws IOException;
  }

  private static void collect(String name, Opener in, Map<String, byte[]> classes, Map<String, Set<String>> services)
      throws IOException {
    if (wanted(name)) {
      if (!classes.containsKey(name)) {
        try (InputStream s = in.open()) {
          classes.put(name, s.readAllBytes());
        }
      }
    } else if (name.startsWith("META-INF/services/")) {
      String service = name.substring("META-INF/services/".length());
      if (!USES.contains(service)) return;
      ByteArrayOutputStream text = new ByteArrayOutputStream();
      try (InputStream s = in.open()) {
        s.transferTo(text);
      }
      for (String line : text.toString(StandardCharsets.UTF_8).split("\n")) {
        String impl = line.replaceAll("#.*", "").strip();
        if (!impl.isEmpty() && !UNWANTED_PROVIDERS.contains(impl)) services.computeIfAbsent(service, k -> new TreeSet<>()).add(impl);
      }
    }
  }

  /** module netlab.grader { requires java.se; uses …; provides …; packages …; } — exporting nothing. */
  private static byte[] descriptor(Set<String> packages, Map<String, Set<String>> services) {
    ClassWriter cw = new ClassWriter(0);
    cw.visit(Opcodes.V9, Opcodes.ACC_MODULE, "module-info", null, null, null);
    ModuleVisitor mv = cw.visitModule(NAME, 0, Version.get());
    mv.visitRequire("java.base", Opcodes.ACC_MANDATED, null);
    mv.visitRequire("java.se", 0, null);
    for (String p : packages) mv.visitPackage(p);
    for (String u : USES) {
      if (packages.contains(packageOf(u))) mv.visitUse(u.replace('.', '/'));
    }
    for (Map.Entry<String, Set<String>> s : services.entrySet()) {
      List<String> impls = s.getValue().stream().filter(i -> packages.contains(packageOf(i)))
          .map(i -> i.replace('.', '/')).toList();
      if (!impls.isEmpty() && packages.contains(packageOf(s.getKey()))) {
        mv.visitProvide(s.getKey().replace('.', '/'), impls.toArray(String[]::new));
      }
    }
    mv.visitMainClass(MAIN.replace('.', '/'));
    mv.visitEnd();
    cw.visitEnd();
    return cw.toByteArray();
  }

  private static String packageOf(String className) {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? "" : className.substring(0, dot).replace('.', '/');
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
