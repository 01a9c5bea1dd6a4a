package netlab.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressStoreTest {
  @TempDir
  Path dir;

  @Test
  void savesAndLoadsBySlug() throws Exception {
    ProgressStore store = new ProgressStore(dir.resolve(".netlab/progress.json"));
    Progress p = store.load().progress();
    p.current = "udp-sockets";
    p.lesson("ip-addresses").finished = "2026-11-22T10:00:00Z";
    store.save(p);
    ProgressStore.Loaded again = store.load();
    assertNull(again.warning());
    assertEquals("udp-sockets", again.progress().current);
    assertTrue(again.progress().finished("ip-addresses"));
    try (Stream<Path> files = Files.list(dir.resolve(".netlab"))) {
      assertEquals(List.of("progress.json"), files.map(f -> f.getFileName().toString()).toList(), "no temp files left");
    }
  }

  @Test
  void aCorruptFileIsKeptAsABackupAndReported() throws Exception {
    Path file = dir.resolve("progress.json");
    Files.writeString(file, "{\"current\": \"udp\", \"lessons\": {");
    ProgressStore.Loaded loaded = new ProgressStore(file).load();
    assertNotNull(loaded.warning());
    assertTrue(loaded.warning().startsWith("progress file progress.json was corrupt ("), loaded.warning());
    assertTrue(loaded.warning().contains("kept it as progress.json.corrupt-"), loaded.warning());
    try (Stream<Path> files = Files.list(dir)) {
      Path backup = files.filter(f -> f.getFileName().toString().startsWith("progress.json.corrupt-")).findFirst().orElseThrow();
      assertEquals("{\"current\": \"udp\", \"lessons\": {", Files.readString(backup), "the old bytes are kept");
    }
    assertNull(loaded.progress().current);
  }

  @Test
  void readersNeverSeeAHalfWrittenFile() throws Exception {
    Path file = dir.resolve("progress.json");
    ProgressStore store = new ProgressStore(file);
    Progress p = new Progress();
    for (int i = 0; i < 300; i++) p.lesson("lesson-" + i).opened = "2026-11-22T10:00:00Z";
    store.save(p);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    ObjectMapper json = new ObjectMapper();
    Thread reader = new Thread(() -> {
      while (!stop.get()) {
        try {
          Progress seen = json.readValue(Files.readAllBytes(file), Progress.class);
          if (seen.lessons.size() < 300) throw new AssertionError("partial file: " + seen.lessons.size());
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
      }
    });
    reader.start();
    for (int i = 0; i < 200; i++) {
      p.current = "lesson-" + i;
      store.save(p);
    }
    stop.set(true);
    reader.join();
    assertNull(failure.get(), () -> "a reader saw a broken file: " + failure.get());
  }

  @Test
  void unknownFieldsFromANewerVersionAreIgnored() throws Exception {
    Path file = dir.resolve("progress.json");
    Files.writeString(file, "{\"version\":2,\"current\":\"ports\",\"future\":{\"x\":1},\"lessons\":{}}");
    ProgressStore.Loaded loaded = new ProgressStore(file).load();
    assertNull(loaded.warning());
    assertEquals("ports", loaded.progress().current);
  }
}
