package netlab.demo;

/**
 * One live demo: a small self-contained class showing one thing happen on loopback. A
 * <em>scripted</em> demo plays a scenario and ends; a <em>listening</em> demo starts servers and
 * runs until stopped, printing what arrives (and the nc/curl line to poke it with).
 */
public interface Demo {
  /** The name students type: {@code demo udp-echo}. */
  String name();

  /** The lesson it belongs to, as a number. */
  int lesson();

  /** One line for the list. */
  String summary();

  /** True for a demo that runs until stopped. */
  boolean listening();

  /**
   * Runs the demo. A scripted demo returns when its scenario is over; a listening one returns
   * once its servers are up (their threads, made by the context, keep it going).
   */
  void start(DemoContext ctx) throws Exception;

  /** A line the student typed for the demo ('say …' in the lab, a line of stdin standalone). */
  default void input(DemoContext ctx, String line) throws Exception {
    ctx.log().info(netlab.core.Msg.get("demo.noInput"));
  }

  /** The options it understands, for help: e.g. "[--port N]". */
  default String options() {
    return "";
  }
}
