package netlab.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import netlab.cli.Main;

/** Runs netlab in-process with piped streams, as a script would, and keeps what it printed. */
public final class LabRun {
  public final int exitCode;
  public final String out;
  public final String err;

  private LabRun(int exitCode, String out, String err) {
    this.exitCode = exitCode;
    this.out = out;
    this.err = err;
  }

  public static LabRun run(Path home, String stdin, String... args) {
    return run(home, stdin, Map.of(), args);
  }

  public static LabRun run(Path home, String stdin, Map<String, String> extraEnv, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("NETLAB_HOME", home.toString());
    Main.Streams streams = new Main.Streams(
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        env, false, false);
    int code = Main.run(args, streams);
    return new LabRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The repository's root (Maven runs tests there). */
  public static Path repo() {
    return Path.of("").toAbsolutePath();
  }

  /** A fresh lab folder in {@code dir} holding a copy of the real lessons. */
  public static Path copyOfLab(Path dir) throws IOException {
    copyTree(repo().resolve("lessons"), dir.resolve("lessons"));
    return dir;
  }

  public static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- out\n" + out + "\n--- err\n" + err;
  }
}
