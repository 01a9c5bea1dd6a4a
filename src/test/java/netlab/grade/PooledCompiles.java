package netlab.grade;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A main for {@link JavacPoolTest}, run in a JVM of its own (with or without javac's internals
 * exported): compiles one student's classes after another's, with the same names, and checks
 * that each compile sees only its own sources. Prints "pooled true|false", then "all ok" or the
 * first failure (exit 1).
 */
public final class PooledCompiles {
  private PooledCompiles() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    MemoryCompiler c = new MemoryCompiler();
    System.out.println("pooled " + c.pooled());
    for (int round = 1; round <= 3; round++) {
      // a student whose Shape has area(): compiles, and Use gets that student's answer
      expectValue(c, dir.resolve("a" + round), "public class Shape { public int area() { return " + round + "; } }", round);
      // the next student's Shape has no area(): the earlier Shape must not be remembered
      MemoryCompiler.Output missing = compile(c, dir.resolve("b" + round), "public class Shape { }");
      check(!missing.ok(), "round " + round + ": Use compiled against an earlier student's Shape.area()");
      check(missing.diagnostics().stream().anyMatch(d -> d.message().contains("area")),
          "round " + round + ": the error does not name area(): " + missing.diagnostics());
      // a syntax error is reported on its own line, then the same names compile again
      MemoryCompiler.Output broken = compile(c, dir.resolve("c" + round), "public class Shape {\n  public int area( { return 1; }\n}");
      check(!broken.ok() && broken.diagnostics().stream().anyMatch(d -> d.line() == 2),
          "round " + round + ": the syntax error is not reported on line 2: " + broken.diagnostics());
      expectValue(c, dir.resolve("d" + round), "public class Shape { public int area() { return 40 + " + round + "; } }", 40 + round);
      // a class that only an earlier compile had is not there for a later one
      Path e = Files.createDirectories(dir.resolve("e" + round));
      MemoryCompiler.Output alone = c.compile(List.of(Files.writeString(e.resolve("Alone.java"),
          "public class Alone { int n() { return new Use().hashCode() + new Shape().area(); } }")), List.of());
      check(!alone.ok(), "round " + round + ": Alone compiled against an earlier compile's Use and Shape");
    }
    System.out.println("all ok");
  }

  private static MemoryCompiler.Output compile(MemoryCompiler c, Path d, String shape) throws Exception {
    Files.createDirectories(d);
    Path s = Files.writeString(d.resolve("Shape.java"), shape);
    Path u = Files.writeString(d.resolve("Use.java"), "public class Use { public static int run() { return new Shape().area(); } }");
    return c.compile(List.of(s, u), List.of());
  }

  private static void expectValue(MemoryCompiler c, Path d, String shape, int want) throws Exception {
    MemoryCompiler.Output out = compile(c, d, shape);
    check(out.ok(), d + ": did not compile: " + out.diagnostics());
    Map<String, byte[]> classes = out.classes();
    ClassLoader loader = new ClassLoader(null) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] b = classes.get(name);
        if (b == null) throw new ClassNotFoundException(name);
        return defineClass(name, b, 0, b.length);
      }
    };
    int got = (int) loader.loadClass("Use").getMethod("run").invoke(null);
    check(got == want, d + ": Use.run() gave " + got + ", not " + want + " (an earlier student's class file?)");
  }

  private static void check(boolean ok, String why) {
    if (ok) return;
    System.out.println("FAIL " + why);
    System.exit(1);
  }
}
