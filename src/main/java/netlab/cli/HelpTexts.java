package netlab.cli;

import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.ResourceBundle;
import netlab.core.Lang;
import netlab.core.Msg;

/**
 * The texts of {@code --help} (command and option descriptions, the exit codes, the headings) as
 * picocli reads them from a resource bundle, taken from the lab's own bundles in the current
 * language: the message {@code cli.help.K} is picocli's key {@code K}, e.g.
 * {@code cli.help.netlab.grade.usage.description} (the description of {@code netlab grade}),
 * {@code cli.help.netlab.grade.out} (its {@code --out}), {@code cli.help.usage.footer} (the footer
 * of every command). A message of several lines is picocli's numbered keys {@code K.0},
 * {@code K.1}, …, one line each.
 *
 * <p>The messages are formatted as {@link Msg} formats them (an apostrophe is text), with
 * {@code {0}} standing for a literal <code>{</code>; picocli then treats them as it treats
 * annotation text ({@code %n} is a line break).
 */
final class HelpTexts extends ResourceBundle {
  static final String PREFIX = "cli.help.";

  private final Map<String, String> texts = new HashMap<>();

  HelpTexts(Lang lang) {
    ResourceBundle messages = Msg.bundle(lang);
    for (String key : messages.keySet()) {
      if (!key.startsWith(PREFIX)) continue;
      String picocliKey = key.substring(PREFIX.length());
      String[] lines = Msg.format(lang, key, "{").split("\n", -1);
      if (lines.length == 1) {
        texts.put(picocliKey, lines[0]);
      } else {
        for (int i = 0; i < lines.length; i++) texts.put(picocliKey + "." + i, lines[i]);
      }
    }
  }

  @Override
  protected Object handleGetObject(String key) {
    return texts.get(key);
  }

  @Override
  public Enumeration<String> getKeys() {
    return Collections.enumeration(texts.keySet());
  }
}
