package netlab.grade.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A timing miss is measured again; a wrong answer is not. */
class TimingTest {
  @Test
  void aScenarioThatMissesItsTimingOnceIsMeasuredAgainAndPasses() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    Timing.measured(() -> Timing.within(runs.incrementAndGet() > 1, () -> "late"));
    assertEquals(2, runs.get());
  }

  @Test
  void aScenarioThatAlwaysMissesFailsWithItsMessageAfterThreeMeasurements() {
    AtomicInteger runs = new AtomicInteger();
    AssertionError e = assertThrows(AssertionError.class, () -> Timing.measured(() -> {
      runs.incrementAndGet();
      Timing.within(false, () -> "the retry came 300 ms late");
    }));
    assertEquals(Timing.ATTEMPTS, runs.get());
    assertTrue(e.getMessage().startsWith("the retry came 300 ms late (measured 3 times)"), e.getMessage());
  }

  @Test
  void anyOtherFailureIsNotMeasuredAgain() {
    AtomicInteger runs = new AtomicInteger();
    AssertionError e = assertThrows(AssertionError.class, () -> Timing.measured(() -> {
      runs.incrementAndGet();
      throw new AssertionError("returned the wrong payload");
    }));
    assertEquals(1, runs.get());
    assertEquals("returned the wrong payload", e.getMessage());
  }

  @Test
  void aScenarioTheLoadMadeInconclusiveIsMeasuredAgainAndNeverFailsACorrectProgram() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    Timing.measured(() -> {
      runs.incrementAndGet();
      Timing.conclusiveOnlyIf(false, () -> "the peer fell silent for 100 ms");
      throw new AssertionError("not reached: an inconclusive measurement ends there");
    });
    assertEquals(Timing.INCONCLUSIVE_ATTEMPTS, runs.get());
  }

  @Test
  void aShortScenarioMayAskForMoreInconclusiveMeasurementsAndAWrongProgramStillFailsAfterThem() {
    // seven measurements the load bent, then a wrong program misses three times: it fails
    AtomicInteger runs = new AtomicInteger();
    AssertionError e = assertThrows(AssertionError.class, () -> Timing.measured(10, () -> {
      Timing.conclusiveOnlyIf(runs.incrementAndGet() > 7, () -> "the peer fell silent");
      Timing.within(false, () -> "the retry came 450 ms late");
    }));
    assertEquals(10, runs.get());
    assertTrue(e.getMessage().startsWith("the retry came 450 ms late (measured 3 times)"), e.getMessage());
  }

  @Test
  void inconclusiveMeasurementsDoNotUseUpTheMissesAWrongProgramIsFailedBy() {
    // a loaded machine makes some measurements inconclusive; a wrong program misses on the others
    AtomicInteger runs = new AtomicInteger();
    AssertionError e = assertThrows(AssertionError.class, () -> Timing.measured(10, () -> {
      if (runs.incrementAndGet() % 2 == 1) Timing.conclusiveOnlyIf(false, () -> "the peer fell silent");
      Timing.within(false, () -> "the retry came 450 ms late");
    }));
    assertEquals(2 * Timing.ATTEMPTS, runs.get());
    assertTrue(e.getMessage().startsWith("the retry came 450 ms late (measured 3 times)"), e.getMessage());
  }
}
