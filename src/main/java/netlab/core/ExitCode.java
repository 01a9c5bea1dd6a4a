package netlab.core;

/** Exit codes of every netlab command, documented in the README. */
public enum ExitCode {
  OK(0),
  /** The command ran and the answer is "no": tests failed, a snippet threw. */
  FAILURE(1),
  /** Bad usage or bad input: unknown option, unknown lesson, missing file. */
  USAGE(2),
  /** The environment is missing something: no JDK compiler, a port unavailable. */
  ENVIRONMENT(3),
  /** A bug in NetLab itself. */
  INTERNAL(4);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
