package netlab.grade;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import netlab.core.Jdk;
import netlab.grade.isolation.GraderModule;
import netlab.grade.isolation.WorkerArchive;
import netlab.grade.isolation.WorkerImage;
import netlab.grade.sandbox.Confinement;

/**
 * The command line of a worker JVM: the same Java as the lab, a capped heap, quick start-up flags
 * and the SecurityManager switch the Java version needs.
 *
 * <p>A grading worker ({@code graderJar} set) runs as the named module {@code netlab.grader}
 * (see {@link GraderModule}) with only the JDK modules students need: {@code jdk.unsupported}
 * (sun.misc.Unsafe), {@code jdk.attach}, {@code jdk.management} (the diagnostic command that
 * loads agents) and the debugger's modules are not there at all, the attach mechanism is off,
 * and native code is refused where the JDK can refuse it. A snippet worker (JShell) runs from
 * the lab's class path.
 */
public record WorkerSpec(Path java, String classPath, Path graderJar, int heapMb, Duration startTimeout,
    Path cdsArchive, String mainClass, Confinement confinement, boolean quickStart) {
  /** A worker for short jobs: C1 only, which starts fastest (a long-lived compiler is better off with C2). */
  public WorkerSpec(Path java, String classPath, Path graderJar, int heapMb, Duration startTimeout, Path cdsArchive,
      String mainClass, Confinement confinement) {
    this(java, classPath, graderJar, heapMb, startTimeout, cdsArchive, mainClass, confinement, true);
  }

  /** The JDK modules a grading worker may use besides java.se (each only where this JDK has it). */
  static final List<String> EXTRA_MODULES = List.of("jdk.net", "jdk.httpserver", "jdk.charsets", "jdk.localedata",
      "jdk.zipfs", "jdk.crypto.ec", "jdk.compiler", "jdk.management");
  /**
   * Of those, the ones student code may name directly (the others are found as services).
   * jdk.management is there for the hidden tests (allocated bytes per thread); its diagnostic
   * command that loads agents is refused by -XX:-EnableDynamicAgentLoading on 21+ and by the
   * worker's guard (ManagementPermission "control") where a SecurityManager exists.
   */
  static final List<String> ADDED_MODULES = List.of("jdk.net", "jdk.httpserver", "jdk.management");

  /** A grading worker for this lab: the grader module built from this JVM's class path. */
  public static WorkerSpec forThisJvm(Path cdsDir) {
    Path jar;
    try {
      jar = GraderModule.jar(graderDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build the grading worker's module: " + e.getMessage(), e);
    }
    // the worker's own Java holds only the allowed modules (WorkerImage) and has the JDK's class
    // data archive; where this JDK cannot link one, the JDK itself with --limit-modules, which
    // turns class sharing off altogether (measured)
    // NETLAB_WORKER_IMAGE=0: the JDK itself, for a benchmark's baseline or to rule the image out
    Path java = "0".equals(System.getenv("NETLAB_WORKER_IMAGE")) ? null : WorkerImage.java(allowedModules(), graderDir());
    // on the image, an archive of the worker's own classes too (made without any student's code)
    Path archive = java == null ? null : WorkerArchive.of(java, jar, addedModules());
    return new WorkerSpec(java != null ? java : javaBinary(), null, jar, 256, Duration.ofSeconds(20), archive,
        GraderModule.MAIN, null);
  }

  /** The modules a grading worker adds to its boot layer (--add-modules). */
  static List<String> addedModules() {
    return EXTRA_MODULES.stream().filter(m -> ModuleFinder.ofSystem().find(m).isPresent())
        .filter(ADDED_MODULES::contains).toList();
  }

  /** This worker on the JDK itself, limited by --limit-modules (what a JDK that cannot link gets). */
  public WorkerSpec onTheWholeJdk() {
    // the archive fits the image only (and sharing is off under --limit-modules anyway)
    return new WorkerSpec(javaBinary(), classPath, graderJar, heapMb, startTimeout, null, mainClass, confinement,
        quickStart);
  }

  /** The JDK modules a grading worker may use: java.se and the extra ones this JDK has. */
  static List<String> allowedModules() {
    return concat(List.of("java.se"), EXTRA_MODULES.stream().filter(m -> ModuleFinder.ofSystem().find(m).isPresent()).toList());
  }

  /** A worker running {@code mainClass} from the lab's class path; its class-data archive is named after {@code archive}. */
  public static WorkerSpec forThisJvm(Path cdsDir, String mainClass, String archive) {
    return forJdk(Jdk.lab(), cdsDir, mainClass, archive);
  }

  /**
   * A worker running {@code mainClass} from the lab's class path on another JDK (the JShell
   * engine on {@code NETLAB_JAVA}). Its class-data archive is that JDK's own: the name holds the
   * JDK's binary and version, so an archive one JVM recorded is never offered to another (a
   * dynamic archive only fits the JDK that dumped it).
   */
  public static WorkerSpec forJdk(Jdk jdk, Path cdsDir, String mainClass, String archive) {
    String cp = System.getProperty("java.class.path");
    Path archivePath = null;
    if (cdsDir != null && labRunsFromItsJar()) {
      String id = jdk.isLab() ? Runtime.version().toString() : jdk.java() + "|" + jdk.version();
      String key = Integer.toHexString((id + "|" + cp).hashCode());
      archivePath = cdsDir.resolve(archive + "-" + key + ".jsa");
    }
    return new WorkerSpec(jdk.java(), cp, null, 256, Duration.ofSeconds(20), archivePath, mainClass, null);
  }

  /** A class-data archive only for a stable class path (the lab's jar), not for test runs. */
  private static boolean labRunsFromItsJar() {
    String cp = System.getProperty("java.class.path");
    return cp.endsWith(".jar") && !cp.contains(File.pathSeparator);
  }

  /**
   * Where the grader module's jar is kept: beside the lab's jar (or Maven's classes folder), so
   * every lab home using this build shares one; the temp folder if that is read-only.
   */
  static Path graderDir() {
    Path beside = null;
    try {
      // where the worker's own classes come from: target/netlab.jar, or Maven's target/classes
      Path from = Path.of(GraderModule.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      beside = from.toAbsolutePath().normalize().getParent();
    } catch (java.net.URISyntaxException | RuntimeException e) {
      // no code source: use the temp folder
    }
    if (beside != null && Files.isWritable(beside)) return beside.resolve("grader");
    return Path.of(System.getProperty("java.io.tmpdir"), "netlab-grader-" + System.getProperty("user.name"));
  }

  private static Path javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java");
  }

  /**
   * The same worker under {@code confinement} (a bubblewrap sandbox and resource caps). The
   * class-data archive an unconfined worker recorded is used read-only, if there is one.
   */
  public WorkerSpec confined(Confinement c) {
    if (graderJar != null && c.runsAsAnotherUser() && WorkerImage.isImage(Jdk.homeOf(java))
        && !WorkerImage.readableByAll(Jdk.homeOf(java))) {
      // the sandbox's user could not run an image in a private folder (e.g. under /root)
      return onTheWholeJdk().confined(c);
    }
    Path archive = cdsArchive != null && Files.isReadable(cdsArchive) ? cdsArchive : null;
    Path jar = graderJar;
    if (jar != null && c.runsAsAnotherUser()) {
      try {
        Path shared = GraderModule.readableByAll(jar);
        // an archive fits only the jar path it was made with: the copy gets its own
        if (!shared.equals(jar) && archive != null) archive = WorkerArchive.of(java, shared, addedModules());
        jar = shared;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot share the grading worker's module with the sandbox's user: " + e.getMessage(), e);
      }
    }
    return new WorkerSpec(java, classPath, jar, heapMb, startTimeout, archive, mainClass, c, quickStart);
  }

  /** This worker using the class-data archive only if one was recorded already (many run at once). */
  public WorkerSpec existingArchiveOnly() {
    Path archive = cdsArchive != null && Files.isReadable(cdsArchive) ? cdsArchive : null;
    return new WorkerSpec(java, classPath, graderJar, heapMb, startTimeout, archive, mainClass, confinement, quickStart);
  }

  public boolean isSandboxed() {
    return confinement != null && confinement.sandboxed();
  }

  /** What a worker needs to read: its Java, its class or module path, its class-data archive. */
  public List<Path> readOnlyPaths() {
    List<Path> out = new ArrayList<>();
    out.add(Jdk.homeOf(java));
    if (graderJar != null) {
      out.add(graderJar);
    } else {
      for (String e : classPath.split(File.pathSeparator)) if (!e.isBlank()) out.add(Path.of(e));
    }
    if (cdsArchive != null && Files.isReadable(cdsArchive)) out.add(cdsArchive);
    return out;
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase().contains("win");
  }

  /** {@code applied}: this worker's share of the confinement (its cgroups), or null. */
  ProcessBuilder processBuilder(Path socket, Confinement.Applied applied) {
    List<String> cmd = new ArrayList<>();
    if (!isWindows()) {
      // workers share the lab's terminal, so Ctrl-C at the keyboard would reach them too: they
      // start with SIGINT ignored (the JVM keeps an ignored SIGINT ignored) and the lab decides
      // what Ctrl-C means. A confined worker's launcher first joins its cgroups, so that nothing
      // it starts is outside them, and opens the seccomp program for bubblewrap.
      StringBuilder script = new StringBuilder();
      if (applied != null) for (String line : applied.shellSetup()) script.append(line).append(" && ");
      script.append("trap '' INT && exec \"$@\"");
      if (applied != null && applied.seccompFile() != null) script.append(" 3< '").append(applied.seccompFile()).append("'");
      cmd.addAll(List.of("sh", "-c", script.toString(), "sh"));
    }
    if (applied != null) cmd.addAll(applied.prefix(readOnlyPaths(), socket));
    cmd.add(java.toString());
    cmd.add("-Xmx" + heapMb + "m");
    // a grading worker's young generation at a quarter of its heap, not the third the JVM picks:
    // 4-6% less CPU for a class of perfect students, in each of 4 pairs side by side (bench/README.md)
    if (graderJar != null) cmd.add("-Xmn" + Math.max(8, heapMb / 4) + "m");
    cmd.add("-Xss1m");
    cmd.add("-XX:+UseSerialGC");
    if (quickStart) cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-XX:-UsePerfData");
    cmd.add("-Djava.awt.headless=true");
    cmd.add("-Dfile.encoding=UTF-8");
    if (confinement != null && confinement.sandboxed()) cmd.add("-Djava.io.tmpdir=/tmp");
    // the worker's JDK may not be the lab's (NETLAB_JAVA): its flags follow its own version
    int feature = Jdk.featureOf(java);
    if (feature >= 18 && feature < 24) cmd.add("-Djava.security.manager=allow");
    if (graderJar != null) {
      // no agent may be attached or loaded into a grading worker, and no native code
      cmd.add("-XX:+DisableAttachMechanism");
      cmd.add("-XX:-EnableDynamicAgentLoading");
      cmd.add("-XX:MaxMetaspaceSize=192m");
      cmd.add("-XX:MaxDirectMemorySize=64m");
      if (feature >= 24) cmd.add("--illegal-native-access=deny");
      else if (feature >= 22) cmd.add("--enable-native-access=" + GraderModule.NAME);
    }
    if (cdsArchive != null) {
      cmd.add("-Xshare:auto");
      cmd.add("-Xlog:disable");
      cmd.add("-Xlog:all=error:stderr");
      if (Files.isReadable(cdsArchive)) {
        cmd.add("-XX:SharedArchiveFile=" + cdsArchive);
      } else if (graderJar == null) {
        // a snippet worker records its own; a grading worker never does (WorkerArchive)
        cmd.add("-XX:ArchiveClassesAtExit=" + cdsArchive);
      }
    }
    // bench/worker_classes.sh: what an unsandboxed worker loads, for the worker's class-data archive
    String record = System.getenv("NETLAB_RECORD_CLASSES");
    if (record != null && graderJar != null && (confinement == null || !confinement.sandboxed())) {
      cmd.add("-XX:DumpLoadedClassList=" + Path.of(record, "worker-" + System.nanoTime() + ".classlist"));
    }
    if (graderJar != null) {
      List<String> present = EXTRA_MODULES.stream().filter(m -> ModuleFinder.ofSystem().find(m).isPresent()).toList();
      cmd.add("--module-path");
      cmd.add(graderJar.toString());
      // an image of the allowed modules is its own limit, and --limit-modules would turn its
      // class-data archive off
      if (!WorkerImage.isImage(Jdk.homeOf(java))) {
        cmd.add("--limit-modules");
        cmd.add(String.join(",", concat(List.of("java.se", GraderModule.NAME), present)));
      }
      cmd.add("--add-modules");
      cmd.add(String.join(",", present.stream().filter(ADDED_MODULES::contains).toList()));
      cmd.add("-m");
      cmd.add(GraderModule.NAME + "/" + mainClass);
    } else {
      cmd.add("-cp");
      cmd.add(classPath);
      cmd.add(mainClass);
    }
    cmd.add(socket.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().remove("_JAVA_OPTIONS");
    pb.environment().remove("JDK_JAVA_OPTIONS");
    // a grading worker's classes come from its module path alone (and a folder on an inherited
    // class path would turn its class-data archive off)
    pb.environment().remove("CLASSPATH");
    return pb;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
