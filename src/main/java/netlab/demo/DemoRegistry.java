package netlab.demo;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Every demo, in course order (the order of this list); a fresh instance per run. */
public final class DemoRegistry {
  private static final List<Supplier<Demo>> DEMOS = List.of(
      PortInUseDemo::new,
      EncodingDemo::new,
      UdpEchoDemo::new,
      UdpChatDemo::new,
      BroadcastDemo::new,
      TcpEchoDemo::new,
      HandshakeDemo::new,
      BacklogDemo::new,
      StickyDemo::new,
      SelectorDemo::new,
      HttpDemo::new,
      ProcessesDemo::new,
      RaceDemo::new,
      DeadlockDemo::new,
      RegexDemo::new,
      HappyEyeballsDemo::new);

  private DemoRegistry() {}

  public static List<Demo> all() {
    return DEMOS.stream().map(Supplier::get).toList();
  }

  public static List<String> names() {
    return all().stream().map(Demo::name).toList();
  }

  public static Optional<Demo> find(String name) {
    return all().stream().filter(d -> d.name().equals(name)).findFirst();
  }
}
