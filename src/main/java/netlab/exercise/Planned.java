package netlab.exercise;

import java.util.Set;

/**
 * Exercises and demos the course links before they exist, in one place, so the link checks can
 * tell a typo from something not built yet. Empty it as they land.
 */
public final class Planned {
  private Planned() {}

  public static final Set<String> EXERCISES = Set.of(
      "endpoint-parser", "wire-codec", "udp-retry", "tcp-line-echo", "file-transfer", "chat-server",
      "selector-echo", "http-server", "process-runner", "bank-transfers", "bounded-buffer", "regex-toolkit");

  /** Slugs of lessons 03–15 as DESIGN §6 names them, until they are written. */
  public static final Set<String> LESSONS = Set.of(
      "bytes-and-encodings", "udp-sockets", "udp-chat", "tcp-sockets", "handshake", "framing", "many-clients",
      "http", "processes", "threads", "lightweight-concurrency", "regular-expressions", "layers");

  public static final Set<String> DEMOS = Set.of(
      "port-in-use", "encoding", "udp-echo", "udp-chat", "broadcast", "tcp-echo", "handshake", "backlog",
      "sticky", "selector", "http", "processes", "race", "deadlock", "regex");
}
