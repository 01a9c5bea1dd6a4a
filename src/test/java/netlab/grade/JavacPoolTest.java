package netlab.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch compiler reuses javac's context between students (JavacPool) and still compiles
 * each student's sources as if it were the first: no symbol and no class file of an earlier
 * compile reaches a later one.
 */
class JavacPoolTest {
  @TempDir
  Path dir;

  /** {@link PooledCompiles} in a JVM of its own, with or without javac's internals exported. */
  private String compilesInAChildJvm(boolean exported) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    if (exported) cmd.addAll(List.of("--add-exports", WorkerSpec.JAVAC_POOL_EXPORT + "ALL-UNNAMED"));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), PooledCompiles.class.getName(), dir.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void withJavacsInternalsOpenTheContextIsReusedAndEachCompileSeesOnlyItsOwnSources() throws Exception {
    String out = compilesInAChildJvm(true);
    assertTrue(out.contains("pooled true"), out);
    assertTrue(out.contains("all ok"), out);
  }

  @Test
  void withoutThemTheCompilerCompilesAFreshTaskAsBefore() throws Exception {
    String out = compilesInAChildJvm(false);
    assertTrue(out.contains("pooled false"), out);
    assertTrue(out.contains("all ok"), out);
  }

  @Test
  void onlyTheBatchCompilerGetsJavacsInternals() {
    WorkerSpec grading = WorkerSpec.forThisJvm(null);
    WorkerSpec compiler = new WorkerSpec(grading.java(), grading.classPath(), grading.graderJar(), 512,
        Duration.ofSeconds(20), null, grading.mainClass(), null, false);
    List<String> c = compiler.processBuilder(dir.resolve("c.sock"), null).command();
    int i = c.indexOf("--add-exports");
    assertTrue(i > 0, c::toString);
    assertEquals(WorkerSpec.JAVAC_POOL_EXPORT + "netlab.grader", c.get(i + 1));
    List<String> g = grading.processBuilder(dir.resolve("g.sock"), null).command();
    assertFalse(g.contains("--add-exports"), g::toString);
  }
}
