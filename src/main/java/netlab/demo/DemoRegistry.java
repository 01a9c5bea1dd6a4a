package netlab.demo;

import java.util.List;

/** The demos the lab can run, by name. Filled by the demos issue; empty until then. */
public final class DemoRegistry {
  private DemoRegistry() {}

  public static List<String> names() {
    return List.of();
  }
}
