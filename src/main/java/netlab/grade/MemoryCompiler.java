package netlab.grade;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import netlab.grade.protocol.Event;

/**
 * javac in memory: sources from files, class files into a map. Compiling never runs the code
 * it compiles (annotation processing is off), so the lab may compile student code itself; only
 * running it needs a worker. The compiler and its standard
 * file manager are kept between calls, which is what makes a warm compile take milliseconds.
 */
public final class MemoryCompiler {
  /** Class files by binary name, and for each the source file it came from. */
  public record Output(boolean ok, Map<String, byte[]> classes, Map<String, Path> origins, List<Event.Diagnostic> diagnostics) {}

  private final JavaCompiler javac;
  private final StandardJavaFileManager standard;

  public MemoryCompiler() {
    javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) throw new IllegalStateException("this Java has no compiler; NetLab needs a JDK, not a JRE");
    standard = javac.getStandardFileManager(null, Locale.ENGLISH, StandardCharsets.UTF_8);
  }

  /**
   * Compiles a one-line class, so that the first real compile finds javac's classes loaded and
   * its hot paths compiled. Run on a thread of its own while the worker starts up.
   */
  public void warmUp() {
    try {
      Path dir = Files.createTempDirectory("netlab-warm");
      Path src = dir.resolve("Warm.java");
      Files.writeString(src, "public class Warm { int twice(int x) { return x * 2; } }\n");
      compile(List.of(src), List.of());
      Files.deleteIfExists(src);
      Files.deleteIfExists(dir);
    } catch (IOException | RuntimeException ignored) {
      // warming up is an optimisation only
    }
  }

  /** One compile at a time: javac's file manager is shared between calls and not thread-safe. */
  public synchronized Output compile(List<Path> sources, List<Path> classpath) throws IOException {
    standard.setLocation(StandardLocation.CLASS_PATH, classpath.stream().map(Path::toFile).toList());
    Map<String, byte[]> classes = new LinkedHashMap<>();
    Map<String, Path> origins = new LinkedHashMap<>();
    DiagnosticCollector<JavaFileObject> collected = new DiagnosticCollector<>();
    ForwardingJavaFileManager<StandardJavaFileManager> memory = new ForwardingJavaFileManager<>(standard) {
      @Override
      public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
          FileObject sibling) {
        Path origin = sibling == null ? null : Path.of(sibling.toUri());
        return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
          @Override
          public OutputStream openOutputStream() {
            return new ByteArrayOutputStream() {
              @Override
              public void close() {
                classes.put(className, toByteArray());
                if (origin != null) origins.put(className, origin);
              }
            };
          }
        };
      }
    };
    List<String> options = List.of("-proc:none", "-g", "-encoding", "UTF-8", "-Xlint:none", "-nowarn",
        "-implicit:none", "-XDuseUnsharedTable=true");
    Iterable<? extends JavaFileObject> units = standard.getJavaFileObjectsFromPaths(sources);
    boolean ok = javac.getTask(null, memory, collected, options, null, units).call();
    List<Event.Diagnostic> diagnostics = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : collected.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.NOTE) continue;
      String file = d.getSource() == null ? null : new File(d.getSource().toUri()).getPath();
      diagnostics.add(new Event.Diagnostic(file, d.getLineNumber(), d.getColumnNumber(),
          d.getKind() == Diagnostic.Kind.ERROR ? "error" : "warning", d.getMessage(Locale.ENGLISH),
          sourceLine(file, d.getLineNumber())));
    }
    return new Output(ok, classes, origins, diagnostics);
  }

  private static String sourceLine(String file, long line) {
    if (file == null || line < 1) return null;
    try {
      List<String> lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
      return line <= lines.size() ? lines.get((int) line - 1) : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
