package netlab.core;

import java.util.Locale;
import java.util.Map;

/**
 * The languages the lab speaks. Chosen, in this order: {@code --lang} on the command line, the
 * {@code lang} command's choice saved in the progress file, the locale ({@code LC_ALL},
 * {@code LC_MESSAGES}, {@code LANG}: the first that is set, as POSIX reads them), else English.
 */
public enum Lang {
  EN("en", Locale.ROOT),
  ZH("zh", Locale.CHINESE);

  private final String code;
  private final Locale locale;

  Lang(String code, Locale locale) {
    this.code = code;
    this.locale = locale;
  }

  /** {@code en}, {@code zh}: as typed after {@code --lang} and {@code lang}, and as saved. */
  public String code() {
    return code;
  }

  /** The bundle locale: {@link Locale#ROOT} for English, so the base bundle answers. */
  public Locale locale() {
    return locale;
  }

  /** The language {@code code} names ({@code zh}, {@code EN}, {@code zh_CN}), or null. */
  public static Lang of(String code) {
    if (code == null) return null;
    String c = code.strip().toLowerCase(Locale.ROOT);
    for (Lang l : values()) {
      if (c.equals(l.code) || c.startsWith(l.code + "_") || c.startsWith(l.code + "-")) return l;
    }
    return null;
  }

  /** Like {@link #of}, but a value that names no language is a usage error naming the choices. */
  public static Lang parse(String code) throws NetlabException {
    Lang l = of(code);
    if (l == null) throw NetlabException.usage(Msg.get("lang.unknown", code, allowed()));
    return l;
  }

  /** {@code zh, en}: the values {@code --lang} and {@code lang} accept. */
  public static String allowed() {
    return "zh, en";
  }

  /**
   * The locale's language: the first of LC_ALL, LC_MESSAGES and LANG that is set and not empty
   * decides; {@code zh…} is Chinese, anything else English.
   */
  public static Lang fromEnvironment(Map<String, String> env) {
    for (String name : new String[] {"LC_ALL", "LC_MESSAGES", "LANG"}) {
      String v = env.get(name);
      if (v != null && !v.isBlank()) return v.strip().toLowerCase(Locale.ROOT).startsWith("zh") ? ZH : EN;
    }
    return EN;
  }

  /** {@code flag} (from --lang) over {@code saved} (the lang command's) over the locale. */
  public static Lang resolve(Lang flag, String saved, Map<String, String> env) {
    if (flag != null) return flag;
    Lang s = of(saved);
    if (s != null) return s;
    return fromEnvironment(env);
  }
}
