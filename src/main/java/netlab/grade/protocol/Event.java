package netlab.grade.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a worker reports, one JSON line each: {@code hello} (once, on connecting),
 * {@code compiled}, {@code plan}, {@code started} and {@code result} (exactly one each per planned
 * test, one test at a time), {@code taint} (the worker is no longer fit for reuse: threads left
 * running, a timeout, memory exhausted), {@code exit} (the program called System.exit on a JVM
 * where that cannot be blocked, or started too many threads), {@code halt} (the worker stops
 * before the end on purpose, e.g. after a timed-out test, and the lab runs the rest elsewhere),
 * {@code api}, {@code classes} (compiled classes), {@code error} (the request itself could not be
 * served) and {@code done} (every planned test has its result).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Event {
  public String type;
  public String nonce;
  // hello
  public Long pid;
  public String java;
  public Boolean exitGuard;
  // compiled
  public Boolean ok;
  public List<Diagnostic> diagnostics;
  public List<String> classes;
  // plan
  public List<TestInfo> tests;
  // result
  public String id;
  public String name;
  public String status;
  public String reason;
  public List<String> detail;
  public String output;
  public Long ms;
  /** result: evidence that the code under test tried to reach into the grader (a tamper verdict). */
  public String tamper;
  /** A result that timed out inside this student class's static initializer (no test can use it). */
  public String stuckInit;
  // taint, exit, error
  public String message;
  // api
  public List<String> signatures;
  // classes: compiled class files by binary name
  public java.util.Map<String, byte[]> classFiles;
  // snippet workers: printed output, one evaluated snippet, completion and analysis
  public String text;
  public String kind;
  public List<String> suggestions;
  public Integer anchor;
  public String completeness;
  public String remaining;

  public static Event of(String type, String nonce) {
    Event e = new Event();
    e.type = type;
    e.nonce = nonce;
    return e;
  }

  /** One compiler message, with the source line it points at. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Diagnostic(String file, long line, long column, String kind, String message, String sourceLine) {}

  /**
   * One planned test: its JUnit unique id, display name, points, and whether it is one of the
   * instructor's own ({@link netlab.grade.api.InstructorOnly}: not run by a student's check).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record TestInfo(String id, String name, int points, boolean instructorOnly) {}
}
