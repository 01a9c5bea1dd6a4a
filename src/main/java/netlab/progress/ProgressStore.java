package netlab.progress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;

/**
 * Reads and writes {@code .netlab/progress.json}. Every write goes to a temporary file that is
 * flushed to disk and then renamed over the old one, so a crash or Ctrl-C leaves either the old
 * or the new file, never half of one. A file that cannot be read is kept as a backup and
 * reported, never silently replaced.
 */
public final class ProgressStore {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final Path file;

  public ProgressStore(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /** The outcome of loading: the progress to use and, when the file was broken, what happened. */
  public record Loaded(Progress progress, String warning) {}

  public Loaded load() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return new Loaded(new Progress(), null);
    } catch (IOException e) {
      return new Loaded(new Progress(), netlab.core.Msg.get("progress.unreadable", file, e.getMessage()));
    }
    try {
      Progress p = JSON.readValue(bytes, Progress.class);
      if (p == null) throw new IOException("empty file");
      return new Loaded(p, null);
    } catch (IOException e) {
      Path backup = file.resolveSibling(file.getFileName() + ".corrupt-" + STAMP.format(Instant.now()));
      String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      try {
        Files.move(file, backup, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException moveFailed) {
        return new Loaded(new Progress(), netlab.core.Msg.get("progress.corruptStuck", file, firstLine(why),
            moveFailed.getMessage()));
      }
      return new Loaded(new Progress(), netlab.core.Msg.get("progress.corrupt", file.getFileName(), firstLine(why),
          backup.getFileName()));
    }
  }

  /**
   * The language saved by 'lang', read without building the whole progress (one-shot commands
   * need only this); null when there is none or the file cannot be read.
   */
  public String peekLang() {
    try (com.fasterxml.jackson.core.JsonParser p = JSON.getFactory().createParser(file.toFile())) {
      if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) return null;
      while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
        String name = p.getCurrentName();
        com.fasterxml.jackson.core.JsonToken value = p.nextToken();
        if ("lang".equals(name) && value == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) return p.getText();
        p.skipChildren();
      }
    } catch (IOException | RuntimeException e) {
      // no file, or a broken one: 'load' reports that where it matters
    }
    return null;
  }

  public void save(Progress progress) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ch.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(progress)));
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static String firstLine(String s) {
    if (s == null) return "unreadable";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  public static String now() {
    return DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }
}
