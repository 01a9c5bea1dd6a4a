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
public record WorkerSpec(Path java, String classPath, int heapMb, Duration startTimeout, Path cdsArchive) {
  public static WorkerSpec forThisJvm(Path cdsDir) {
    Path java = Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java");
    String cp = System.getProperty("java.class.path");
    Path archive = null;
    // a class-data archive only for a stable class path (the lab's jar), not for test runs
    if (cdsDir != null && cp.endsWith(".jar") && !cp.contains(File.pathSeparator)) {
      archive = cdsDir.resolve("worker-" + Runtime.version().toString().replaceAll("[^0-9A-Za-z.]", "_") + ".jsa");
    }
    return new WorkerSpec(java, cp, 256, Duration.ofSeconds(20), archive);
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase().contains("win");
  }

  ProcessBuilder processBuilder(Path socket) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    cmd.add("-Xmx" + heapMb + "m");
    cmd.add("-Xss1m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-XX:-UsePerfData");
    cmd.add("-Djava.awt.headless=true");
    cmd.add("-Dfile.encoding=UTF-8");
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
    cmd.add("netlab.grade.worker.WorkerMain");
    cmd.add(socket.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().remove("_JAVA_OPTIONS");
    return pb;
  }
}
