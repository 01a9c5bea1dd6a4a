package netlab.exercise;

import java.util.Set;

/**
 * Exercises and demos the course links before they exist, in one place, so the link checks can
 * tell a typo from something not built yet. Empty it as they land.
 */
public final class Planned {
  private Planned() {}

  /** Every exercise of DESIGN §6 is built. */
  public static final Set<String> EXERCISES = Set.of();

  /** Every lesson of DESIGN §6 is written. */
  public static final Set<String> LESSONS = Set.of();

  /** Every demo of DESIGN §6 is built (see DemoRegistry). */
  public static final Set<String> DEMOS = Set.of();
}
