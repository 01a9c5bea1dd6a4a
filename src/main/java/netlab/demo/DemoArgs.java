package netlab.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import netlab.core.NetlabException;

/** {@code --port 9000 --peer 9001} into a map; a clear error for anything else. */
public final class DemoArgs {
  private DemoArgs() {}

  public static Map<String, String> parse(List<String> words) throws NetlabException {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if (!w.startsWith("--") || w.length() < 3) {
        throw NetlabException.usage(netlab.core.Msg.get("demo.badOption", w));
      }
      String key = w.substring(2);
      int eq = key.indexOf('=');
      if (eq > 0) {
        out.put(key.substring(0, eq), key.substring(eq + 1));
      } else if (i + 1 < words.size() && !words.get(i + 1).startsWith("--")) {
        out.put(key, words.get(++i));
      } else {
        out.put(key, "true");
      }
    }
    return out;
  }
}
