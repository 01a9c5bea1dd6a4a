package netlab.repl.commands;

import java.util.List;
import netlab.core.Msg;
import netlab.repl.Command;

/**
 * Name and aliases held in fields, usage, summary and details in the message bundles
 * ({@code cmd.NAME.usage}, {@code cmd.NAME.summary}, optional {@code cmd.NAME.details}), read
 * each time they are shown so that 'lang' changes help at once; each command class is only its
 * behaviour.
 */
abstract class BaseCommand implements Command {
  private final String name;
  private final List<String> aliases;

  BaseCommand(String name, String... aliases) {
    this.name = name;
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
    return Msg.get("cmd." + name + ".usage");
  }

  @Override
  public String summary() {
    return Msg.get("cmd." + name + ".summary");
  }

  @Override
  public String details() {
    return Msg.optional("cmd." + name + ".details");
  }
}
