package netlab.demo;

import java.net.BindException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import netlab.core.ExitCode;
import netlab.core.Msg;
import netlab.core.NetlabException;

/**
 * Runs one demo at a time for the REPL: a listening demo's servers start before the prompt
 * returns; a scripted demo plays on its own thread while the student keeps typing. Starting
 * another demo, {@code demo stop} and {@code quit} stop the running one: every socket closed,
 * every thread ended.
 */
public final class DemoRunner implements AutoCloseable {
  private final DemoLog log;
  private Demo demo;
  private DemoContext ctx;

  public DemoRunner(DemoLog log) {
    this.log = log;
  }

  public synchronized Optional<String> running() {
    if (demo != null && !demo.listening() && ctx != null && ctx.finished()) {
      demo = null;
      ctx = null;
    }
    return Optional.ofNullable(demo).map(Demo::name);
  }

  public synchronized void start(Demo d, Map<String, String> options) throws NetlabException {
    stop();
    DemoContext c = new DemoContext(d.name(), log, options);
    if (d.listening()) {
      try {
        d.start(c);
      } catch (Exception e) {
        c.stop();
        throw explain(d, e, options);
      }
      demo = d;
      ctx = c;
      log.info(Msg.get(acceptsInput(d) ? "demo.running.say" : "demo.running", d.name()));
    } else {
      demo = d;
      ctx = c;
      c.script(() -> {
        try {
          d.start(c);
          if (!c.stopping()) log.info(Msg.get("demo.finished", d.name()));
        } catch (Exception e) {
          if (!c.stopping()) log.warn(explain(d, e, options).getMessage());
        }
      });
    }
  }

  static boolean acceptsInput(Demo d) {
    try {
      return !d.getClass().getMethod("input", DemoContext.class, String.class).getDeclaringClass().equals(Demo.class);
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /** A clear, one-line reason for a demo that could not start. */
  static NetlabException explain(Demo d, Exception e, Map<String, String> options) {
    if (e instanceof BindException) {
      String port = options.getOrDefault("port", "?");
      return new NetlabException(ExitCode.ENVIRONMENT, Msg.get("demo.portInUse", port));
    }
    if (e instanceof IllegalArgumentException) return NetlabException.usage(e.getMessage());
    return new NetlabException(ExitCode.INTERNAL, Msg.get("demo.failed", d.name(), e));
  }

  public synchronized void input(String line) throws NetlabException {
    if (running().isEmpty()) throw NetlabException.usage(Msg.get("demo.noneRunning"));
    try {
      demo.input(ctx, line);
    } catch (Exception e) {
      log.warn(e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  /** Stops the running demo, if any; returns its name. */
  public synchronized Optional<String> stop() {
    if (demo == null) return Optional.empty();
    String name = demo.name();
    List<String> stuck = ctx.stop();
    if (!stuck.isEmpty()) log.warn(Msg.get("demo.stuck", String.join(", ", stuck)));
    demo = null;
    ctx = null;
    return Optional.of(name);
  }

  @Override
  public void close() {
    stop();
  }
}
