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
 *   <li>{@code run}: run the hidden tests ({@code hidden}, class files sent over the channel, so
 *       that a sandboxed worker has no copy on disk its student code could read) against the
 *       student's classes ({@code student}, compiled by the lab);
 *   <li>{@code compile}: compile {@code sources} and answer with their class files (batch grading
 *       compiles in a worker of its own, where a pathological source can only hang that worker);
 *   <li>{@code api}: compile {@code sources} and report their public API;
 *   <li>{@code quit}: exit.
 * </ul>
 * A snippet worker (JShell) takes {@code eval}, {@code analyze}, {@code complete}, {@code list},
 * {@code mark} (a jshell session starts here), {@code sources} (the snippets since the mark) and
 * {@code stop} on the same channel.
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
  /** run: the hidden tests' class files, by binary name. */
  public java.util.Map<String, byte[]> hidden;
  /** run: the student's class files, by binary name, compiled by the lab. */
  public java.util.Map<String, byte[]> student;
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
  /** eval: the file the source was read from ({@code /open}), named with the line in its errors. */
  public String origin;

  public static Request of(String op, String nonce) {
    Request r = new Request();
    r.op = op;
    r.nonce = nonce;
    return r;
  }
}
