package netlab.grade.support;

import java.util.function.Supplier;

/**
 * Timing checks that a busy machine cannot fail for a correct program. A test that measures
 * time (a backoff, a deadline) states its timing expectations with {@link #within}; {@link
 * #measured} runs the whole scenario again, up to a few times, when only a timing expectation
 * missed. A wrong implementation misses every time, so it still fails; a correct one that lost
 * the CPU for a moment (a class graded many students at a time) gets another measurement.
 * Every other assertion fails at once, as usual.
 */
public final class Timing {
  /** How often a scenario is measured before a timing miss counts. */
  public static final int ATTEMPTS = 3;

  private Timing() {}

  /** A timing expectation that did not hold on this measurement. */
  public static final class Miss extends AssertionError {
    private static final long serialVersionUID = 1L;

    Miss(String message) {
      super(message);
    }
  }

  /**
   * This measurement cannot tell right from wrong (the load bent the scenario itself, say a
   * peer that was to send every 15 ms fell silent for 100 ms). It is measured again; if every
   * measurement is inconclusive, the test passes: a correct program is never failed for the
   * machine's load.
   */
  public static final class Inconclusive extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Inconclusive(String message) {
      super(message, null, false, false);
    }
  }

  /** Ends this measurement as inconclusive unless {@code ok}. */
  public static void conclusiveOnlyIf(boolean ok, Supplier<String> why) {
    if (!ok) throw new Inconclusive(why.get());
  }

  /** A scenario that sets up its own peers and clients, so it can run again from scratch. */
  @FunctionalInterface
  public interface Scenario {
    void run() throws Exception;
  }

  /** Fails this measurement (not the test, yet) when {@code ok} is false. */
  public static void within(boolean ok, Supplier<String> message) {
    if (!ok) throw new Miss(message.get());
  }

  /**
   * Runs {@code scenario}; again (up to {@link #ATTEMPTS} in all) while only its timing misses
   * or it was inconclusive.
   */
  public static void measured(Scenario scenario) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        scenario.run();
        return;
      } catch (Miss miss) {
        if (attempt >= ATTEMPTS) {
          throw new AssertionError(miss.getMessage() + " (measured " + ATTEMPTS + " times)", miss);
        }
      } catch (Inconclusive inconclusive) {
        if (attempt >= ATTEMPTS) return;
      }
    }
  }
}
