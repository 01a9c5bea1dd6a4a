package netlab.repl.commands;

import java.util.List;
import netlab.repl.Command;

/** Name, usage and summary held in fields, so each command class is only its behaviour. */
abstract class BaseCommand implements Command {
  private final String name;
  private final String usage;
  private final String summary;
  private final List<String> aliases;

  BaseCommand(String name, String usage, String summary, String... aliases) {
    this.name = name;
    this.usage = usage;
    this.summary = summary;
    this.aliases = List.of(aliases);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<String> aliases() {
    return aliases;
  }

  @Override
  public String usage() {
    return usage;
  }

  @Override
  public String summary() {
    return summary;
  }
}
