package netlab.repl;

import java.util.Arrays;
import java.util.List;

/** The arguments of a REPL command: the words, and the raw text after the command name. */
public record Args(String rest, List<String> words) {
  public static Args parse(String rest) {
    String r = rest.trim();
    return new Args(r, r.isEmpty() ? List.of() : Arrays.asList(r.split("\\s+")));
  }

  public boolean isEmpty() {
    return words.isEmpty();
  }

  public String first() {
    return words.isEmpty() ? null : words.get(0);
  }

  public boolean has(String flag) {
    return words.contains(flag);
  }
}
