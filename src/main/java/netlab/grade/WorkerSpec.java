package netlab.grade;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a grading worker: the same Java and class path as the lab, a capped heap,
 * quick start-up flags, and the SecurityManager switch the Java version needs.
 */
public record WorkerSpec(Path java, String classPath, int heapMb, Duration startTimeout, Path cdsArchive,
    String mainClass, List<Path> sandboxReadOnly, int pidsMax) {
  public static final String GRADER = "netlab.grade.worker.WorkerMain";

  public static WorkerSpec forThisJvm(Path cdsDir) {
    return forThisJvm(cdsDir, GRADER, "worker");
  }

  /** A worker running {@code mainClass}; its class-data archive is named after {@code archive}. */
  public static WorkerSpec forThisJvm(Path cdsDir, String mainClass, String archive) {
    Path java = Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java");
    String cp = System.getProperty("java.class.path");
    Path archivePath = null;
    // a class-data archive only for a stable class path (the lab's jar), not for test runs
    if (cdsDir != null && cp.endsWith(".jar") && !cp.contains(File.pathSeparator)) {
      // an archive is only valid for the exact Java and class path it was recorded with
      String key = Integer.toHexString((Runtime.version() + "|" + cp).hashCode());
      archivePath = cdsDir.resolve(archive + "-" + key + ".jsa");
    }
    return new WorkerSpec(java, cp, 256, Duration.ofSeconds(20), archivePath, mainClass, null, 0);
  }

  /**
   * The same worker inside a bubblewrap {@link Sandbox} that shows it only its JVM, its class
   * path and {@code visible} (read-only), with at most {@code pidsMax} processes and threads
   * where the machine allows a cgroup for that. The class-data archive an unsandboxed worker
   * recorded is used (read-only) when there is one; a sandboxed worker never records one.
   */
  public WorkerSpec sandboxed(List<Path> visible, int pidsMax) {
    List<Path> ro = new ArrayList<>(Sandbox.jvmPaths());
    ro.addAll(visible);
    Path archive = cdsArchive != null && Files.isReadable(cdsArchive) ? cdsArchive : null;
    if (archive != null) ro.add(archive);
    return new WorkerSpec(java, classPath, heapMb, startTimeout, archive, mainClass, List.copyOf(ro), pidsMax);
  }

  /** This worker using the class-data archive only if one was recorded already (many run at once). */
  public WorkerSpec existingArchiveOnly() {
    Path archive = cdsArchive != null && Files.isReadable(cdsArchive) ? cdsArchive : null;
    return new WorkerSpec(java, classPath, heapMb, startTimeout, archive, mainClass, sandboxReadOnly, pidsMax);
  }

  public boolean isSandboxed() {
    return sandboxReadOnly != null;
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase().contains("win");
  }

  ProcessBuilder processBuilder(Path socket) {
    List<String> cmd = new ArrayList<>();
    if (sandboxReadOnly != null) cmd.addAll(Sandbox.prefix(sandboxReadOnly, List.of(socket.getParent())));
    cmd.add(java.toString());
    cmd.add("-Xmx" + heapMb + "m");
    cmd.add("-Xss1m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-XX:-UsePerfData");
    cmd.add("-Djava.awt.headless=true");
    cmd.add("-Dfile.encoding=UTF-8");
    if (sandboxReadOnly != null) cmd.add("-Djava.io.tmpdir=/tmp");
    int feature = Runtime.version().feature();
    if (feature >= 18 && feature < 24) cmd.add("-Djava.security.manager=allow");
    if (cdsArchive != null) {
      cmd.add("-Xshare:auto");
      cmd.add("-Xlog:disable");
      cmd.add("-Xlog:all=error:stderr");
      if (Files.isReadable(cdsArchive)) {
        cmd.add("-XX:SharedArchiveFile=" + cdsArchive);
      } else {
        cmd.add("-XX:ArchiveClassesAtExit=" + cdsArchive);
      }
    }
    cmd.add("-cp");
    cmd.add(classPath);
    cmd.add(mainClass);
    cmd.add(socket.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().remove("_JAVA_OPTIONS");
    return pb;
  }
}
