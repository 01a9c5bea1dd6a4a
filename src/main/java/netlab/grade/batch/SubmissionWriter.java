package netlab.grade.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import netlab.core.Version;
import netlab.exercise.Exercise;
import netlab.progress.Progress;
import netlab.progress.ProgressStore;

/**
 * Packs a student's work for grading: the files a {@link SubmissionPlan} lists, and a
 * {@code manifest.json} with the student id, the time, the lab version, the SHA-256 of every
 * file and the student's own check results. Written to a temporary file and renamed, so a
 * half-written zip never lies around.
 */
public final class SubmissionWriter {
  private SubmissionWriter() {}

  /** Writes what {@code plan} lists, with the check results of the exercises it packs. */
  public static Path write(String student, SubmissionPlan plan, Progress progress, Path target) throws IOException {
    Manifest m = new Manifest();
    m.student = student;
    m.time = ProgressStore.now();
    m.labVersion = Version.get();
    Map<String, byte[]> data = new TreeMap<>();
    for (SubmissionPlan.Entry e : plan.entries()) {
      data.put(e.name(), e.data());
      m.files.put(e.name(), SubmissionReader.sha256(e.data()));
    }
    for (Exercise ex : plan.packed()) {
      Progress.ExerciseState st = progress.exercises.get(ex.id());
      if (st == null || st.status == null) continue;
      Manifest.Check c = new Manifest.Check();
      c.status = st.status;
      c.score = st.score;
      c.max = st.max;
      c.when = st.lastChecked;
      m.checks.put(ex.id(), c);
    }
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".submission", ".zip");
    try {
      try (OutputStream os = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(os)) {
        zip.putNextEntry(new ZipEntry(Manifest.FILE));
        zip.write(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(m));
        zip.closeEntry();
        for (Map.Entry<String, byte[]> e : data.entrySet()) {
          zip.putNextEntry(new ZipEntry(e.getKey()));
          zip.write(e.getValue());
          zip.closeEntry();
        }
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return target;
  }

  /** Student ids become file names and folder names: keep them plain. */
  public static String checkId(String id) {
    if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw new IllegalArgumentException(id == null ? netlab.core.Msg.get("submit.badId")
          : netlab.core.Msg.get("submit.badId.got", id));
    }
    return id;
  }
}
