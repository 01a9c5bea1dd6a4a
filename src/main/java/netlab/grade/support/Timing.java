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
  /**
   * How many inconclusive measurements {@link #measured(Scenario)} makes before it gives the
   * scenario up as unmeasurable (and passes). A short scenario that the load often makes
   * inconclusive can ask for more ({@link #measured(int, Scenario)}).
   */
  public static final int INCONCLUSIVE_ATTEMPTS = ATTEMPTS;

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
   * Runs {@code scenario}; again while only its timing misses (up to {@link #ATTEMPTS} misses) or
   * it was inconclusive (up to {@link #INCONCLUSIVE_ATTEMPTS} of those).
   */
  public static void measured(Scenario scenario) throws Exception {
    measured(INCONCLUSIVE_ATTEMPTS, scenario);
  }

  /**
   * As {@link #measured(Scenario)}, with up to {@code inconclusiveAttempts} inconclusive
   * measurements before the scenario passes as unmeasurable. Inconclusive measurements do not use
   * up the {@link #ATTEMPTS} misses that fail a wrong program.
   */
  public static void measured(int inconclusiveAttempts, Scenario scenario) throws Exception {
    int misses = 0;
    int inconclusive = 0;
    while (true) {
      try {
        scenario.run();
        return;
      } catch (Miss miss) {
        if (++misses >= ATTEMPTS) {
          throw new AssertionError(miss.getMessage() + " (measured " + ATTEMPTS + " times)", miss);
        }
      } catch (Inconclusive e) {
        if (++inconclusive >= inconclusiveAttempts) return;
      }
    }
  }
}
