package netlab.core;

/**
 * An expected failure with a one-line, lowercase message for the user and the exit code it maps
 * to. Anything else that escapes a command is a bug and maps to {@link ExitCode#INTERNAL}.
 */
public class NetlabException extends Exception {
  private static final long serialVersionUID = 1L;
  private final ExitCode exitCode;

  public NetlabException(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public NetlabException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public static NetlabException usage(String message) {
    return new NetlabException(ExitCode.USAGE, message);
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
