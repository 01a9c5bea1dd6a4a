package netlab.grade.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What the lab asks a grading worker to do, one JSON line on the worker's channel.
 * <ul>
 *   <li>{@code prepare}: compile the hidden tests against the reference solution, write the
 *       test classes (not the solution's) to {@code outDir} with an {@code index.json} of the
 *       tests they hold;
 *   <li>{@code run}: compile the student's {@code sources} in memory and run the hidden tests in
 *       {@code hiddenClasses} against them;
 *   <li>{@code api}: compile {@code sources} and report their public API;
 *   <li>{@code quit}: exit.
 * </ul>
 * A snippet worker (JShell) takes {@code eval}, {@code analyze}, {@code complete}, {@code list}
 * and {@code stop} on the same channel.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Request {
  public String op;
  /** Random per request; every event of the answer carries it back. */
  public String nonce;
  public String exercise;
  public List<String> sources;
  public List<String> hiddenSources;
  public String hiddenClasses;
  /** run: the student's classes, already compiled by the lab (instead of {@code sources}). */
  public String classesDir;
  public String outDir;
  public long testTimeoutMs = 5000;
  /** Bytes of a test's output kept for feedback. */
  public int outputKeep = 4000;
  /** Bytes a single test may print before it fails for printing too much. */
  public long outputLimit = 1 << 20;
  /** Only these test ids (null: all). */
  public List<String> only;
  /** Snippet workers: the code to evaluate, analyze or complete, and the cursor for completion. */
  public String source;
  public Integer cursor;

  public static Request of(String op, String nonce) {
    Request r = new Request();
    r.op = op;
    r.nonce = nonce;
    return r;
  }
}
