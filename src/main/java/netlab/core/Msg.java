package netlab.core;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Every message the lab prints, from {@code netlab/messages.properties} (English) and
 * {@code messages_zh.properties} (Chinese), in the language chosen for this process
 * ({@link Lang}). Values are {@link MessageFormat} patterns with one simplification: an
 * apostrophe is plain text ({@code 'lesson 1'} prints as written), since quoting commands is
 * what the lab's messages do most; {@code {0}} and friends are the only syntax. A number
 * given for a plain {@code {0}} prints as is (a port is 51234, not 51,234).
 */
public final class Msg {
  private static final String BUNDLE = "netlab.messages";
  private static final ResourceBundle.Control NO_FALLBACK =
      ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

  private static final java.util.regex.Pattern TYPED = java.util.regex.Pattern.compile("\\{\\s*(\\d+)\\s*,");

  private static volatile Lang lang = Lang.EN;

  private Msg() {}

  /** The language messages are in now. */
  public static Lang lang() {
    return lang;
  }

  /** True when messages (and lessons) are in Chinese. */
  public static boolean zh() {
    return lang == Lang.ZH;
  }

  /** Switches every later message (and lesson) to {@code l}. */
  public static void use(Lang l) {
    lang = l == null ? Lang.EN : l;
  }

  /** The bundle of {@code l}: Chinese falls back to English key by key, never to the JVM's locale. */
  public static ResourceBundle bundle(Lang l) {
    return ResourceBundle.getBundle(BUNDLE, l.locale(), NO_FALLBACK);
  }

  /** The message {@code key} in the current language, with {@code args} filled in. */
  public static String get(String key, Object... args) {
    return format(lang, key, args);
  }

  /** The message {@code key}, or "" when the bundle has none (optional help paragraphs). */
  public static String optional(String key, Object... args) {
    return has(key) ? get(key, args) : "";
  }

  /**
   * A label that text follows: {@code error: } in English, {@code 错误：} in Chinese (a full-width
   * colon carries its own space).
   */
  public static String label(String key, Object... args) {
    String s = get(key, args);
    return s.isEmpty() || s.charAt(s.length() - 1) > 0x7f ? s : s + " ";
  }

  public static boolean has(String key) {
    return bundle(lang).containsKey(key);
  }

  /** The message {@code key} in {@code l}. A missing key is a bug: it shows as the key itself. */
  public static String format(Lang l, String key, Object... args) {
    String pattern;
    try {
      pattern = bundle(l).getString(key);
    } catch (MissingResourceException e) {
      return key;
    }
    return apply(pattern, l.locale(), args);
  }

  /** Formats {@code pattern} as this class reads patterns (apostrophes are text). */
  static String apply(String pattern, Locale locale, Object... args) {
    String p = pattern.replace("'", "''");
    // a number for an argument that has a format somewhere ({0,choice,…}) stays a number, and
    // its plain {0} shows it as written (12345, not 12,345); other arguments are text
    java.util.Set<Integer> formatted = new java.util.HashSet<>();
    java.util.regex.Matcher m = TYPED.matcher(pattern);
    while (m.find()) formatted.add(Integer.parseInt(m.group(1)));
    for (int i : formatted) p = p.replace("{" + i + "}", "{" + i + ",number,#}");
    MessageFormat f = new MessageFormat(p, locale);
    if (args == null || args.length == 0) return f.format(new Object[0]);
    Object[] shown = args.clone();
    for (int i = 0; i < shown.length; i++) {
      if (!formatted.contains(i) && shown[i] instanceof Number) shown[i] = String.valueOf(shown[i]);
    }
    return f.format(shown);
  }
}
