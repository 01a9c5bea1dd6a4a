package netlab.grade.batch;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code manifest.json} inside a submission zip: who, when, which lab, the SHA-256 of every
 * file (so an edit after submitting shows), and what the student's own checks said.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Manifest {
  public static final String FILE = "manifest.json";

  public String student;
  public String time;
  public String labVersion;
  public Map<String, String> files = new TreeMap<>();
  public Map<String, Check> checks = new TreeMap<>();

  /** A local check result, as the progress file had it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static final class Check {
    public String status;
    public int score;
    public int max;
    public String when;
  }
}
