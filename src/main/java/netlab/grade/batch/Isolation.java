package netlab.grade.batch;

import java.util.List;

/**
 * What confined a grading run, as the report shows it: the protections in force and the ones
 * this machine could not apply. A run is "sandboxed" only when nothing is missing.
 */
public record Isolation(List<String> applied, List<String> missing) {
  public boolean complete() {
    return missing.isEmpty() && !applied.isEmpty();
  }

  public static Isolation of(netlab.grade.sandbox.Confinement c) {
    return new Isolation(c.applied(), c.missing());
  }
}
