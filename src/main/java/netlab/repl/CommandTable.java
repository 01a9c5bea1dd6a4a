package netlab.repl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The REPL's commands, in the order {@code help} lists them. */
public final class CommandTable {
  private final List<Command> commands;
  private final Map<String, Command> byName = new LinkedHashMap<>();

  public CommandTable(List<Command> commands) {
    this.commands = Collections.unmodifiableList(new ArrayList<>(commands));
    for (Command c : commands) {
      put(c.name(), c);
      for (String a : c.aliases()) put(a, c);
    }
  }

  private void put(String name, Command c) {
    if (byName.putIfAbsent(name, c) != null) {
      throw new IllegalStateException("two REPL commands are named '" + name + "'");
    }
  }

  public List<Command> commands() {
    return commands;
  }

  /** Every name and alias, for completion and suggestions. */
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  public Optional<Command> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The closest command name to a mistyped one, if any is close enough to be a typo. */
  public Optional<String> suggest(String typed) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String name : byName.keySet()) {
      int d = EditDistance.between(typed, name);
      if (d < bestDistance) {
        best = name;
        bestDistance = d;
      }
    }
    int allowed = Math.max(1, Math.min(3, typed.length() / 3));
    if (best != null && bestDistance <= allowed) return Optional.of(best);
    // a prefix is also a good guess: 'less' -> 'lessons'
    return byName.keySet().stream().filter(n -> n.startsWith(typed) && typed.length() >= 2).findFirst();
  }
}
