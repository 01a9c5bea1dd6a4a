package netlab.grade;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * With {@code NETLAB_CPU_TRACE=FILE}, every graded test appends a line to FILE: exercise, test,
 * wall milliseconds, and the CPU milliseconds its worker (and everything the worker started) used
 * meanwhile, read by the lab from the kernel. {@code bench/cpu.sh} sums it per test and exercise, to
 * show where grading's CPU goes. Costs nothing when off.
 */
public final class CpuTrace {
  private static final String FILE = System.getenv("NETLAB_CPU_TRACE");
  public static final boolean ON = FILE != null && !FILE.isBlank();

  private CpuTrace() {}

  /** This JVM's own CPU so far in milliseconds (the lab's share of a run), -1 if unknown. */
  public static long ownCpuMillis() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      long ns = os.getProcessCpuTime();
      return ns < 0 ? -1 : ns / 1_000_000;
    }
    return -1;
  }

  public static synchronized void test(String exercise, String test, long wallMillis, long cpuMillis) {
    String line = exercise + "\t" + test.replace('\t', ' ').replace('\n', ' ') + "\t" + wallMillis + "\t" + cpuMillis + "\n";
    try {
      Files.writeString(Path.of(FILE), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      // a trace for benchmarks: never a reason to fail grading
    }
  }
}
