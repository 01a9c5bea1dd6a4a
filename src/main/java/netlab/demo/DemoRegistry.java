package netlab.demo;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Every demo, in course order; a fresh instance per run. */
public final class DemoRegistry {
  private static final List<Supplier<Demo>> DEMOS = List.of(
      TcpEchoDemo::new,
      HandshakeDemo::new);

  private DemoRegistry() {}

  public static List<Demo> all() {
    return DEMOS.stream().map(Supplier::get)
        .sorted(java.util.Comparator.comparingInt(Demo::lesson)).toList();
  }

  public static List<String> names() {
    return all().stream().map(Demo::name).toList();
  }

  public static Optional<Demo> find(String name) {
    return all().stream().filter(d -> d.name().equals(name)).findFirst();
  }
}
