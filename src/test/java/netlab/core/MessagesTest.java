package netlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import netlab.demo.Demo;
import netlab.demo.DemoRegistry;
import netlab.repl.Command;
import netlab.repl.StandardCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The two message bundles hold the same keys with the same placeholders, every pattern parses,
 * every key the code names exists, and every key in the bundles is used.
 */
class MessagesTest {
  private static final Pattern ARGUMENT = Pattern.compile("\\{\\s*(\\d+)\\s*[,}]");
  /** A string literal that names a bundle key: {@code "run.header"}, {@code "catalog.noTitle"}. */
  private static final Pattern KEY_LITERAL = Pattern.compile("\"([a-z]+(?:\\.[a-zA-Z0-9-]+)+)\"");
  /** Keys the code builds from a name: the command table's, the demos', the languages'. */
  private static final Pattern DYNAMIC = Pattern.compile("cmd\\.[a-z]+\\.(usage|summary|details)|demo\\.[a-z-]+\\.summary"
      + "|lang\\.name\\.[a-z]+"
      // picocli's --help texts, found by picocli's key (HelpTexts; HelpTextsTest checks they are all shown)
      + "|cli\\.help\\..+");

  @AfterEach
  void english() {
    Msg.use(Lang.EN);
  }

  static Properties bundle(String name) throws IOException {
    Properties p = new Properties();
    try (Reader r = new InputStreamReader(MessagesTest.class.getResourceAsStream("/netlab/" + name), StandardCharsets.UTF_8)) {
      p.load(r);
    }
    return p;
  }

  @Test
  void bothBundlesHaveTheSameKeysAndPlaceholders() throws IOException {
    Properties en = bundle("messages.properties");
    Properties zh = bundle("messages_zh.properties");
    assertEquals(new TreeSet<>(en.stringPropertyNames()), new TreeSet<>(zh.stringPropertyNames()),
        "keys missing in one of the bundles");
    List<String> wrong = new ArrayList<>();
    for (String key : en.stringPropertyNames()) {
      String e = en.getProperty(key);
      String z = zh.getProperty(key);
      if (z == null) continue;
      for (String[] v : new String[][] {{"en", e}, {"zh", z}}) {
        try {
          new MessageFormat(v[1].replace("'", "''"));
        } catch (IllegalArgumentException x) {
          wrong.add(key + " (" + v[0] + "): not a MessageFormat pattern: " + x.getMessage());
        }
        if (v[1].isBlank()) wrong.add(key + " (" + v[0] + ") is empty");
      }
      if (!arguments(e).equals(arguments(z))) {
        wrong.add(key + ": placeholders " + arguments(e) + " in English, " + arguments(z) + " in Chinese");
      }
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  void theChineseBundleIsChinese() throws IOException {
    Properties en = bundle("messages.properties");
    Properties zh = bundle("messages_zh.properties");
    // a value copied over untranslated is a miss; usages that are pure syntax may stay as they are
    List<String> same = new ArrayList<>();
    for (String key : en.stringPropertyNames()) {
      String z = zh.getProperty(key);
      if (z != null && z.equals(en.getProperty(key)) && !key.endsWith(".usage") && z.codePoints().anyMatch(Character::isLetter)
          && !SAME.contains(key)) {
        same.add(key + " = " + z);
      }
    }
    assertEquals(List.of(), same, "untranslated in messages_zh.properties");
  }

  /** Values that read the same in both: commands, formats, file names. */
  private static final Set<String> SAME = Set.of("engine.home", "submit.fullUsage", "jshell.help", "demo.handshake.seeIt",
      "demo.backlog.ss", "pager.lines", "pager.line", "demo.running");

  @Test
  void everyKeyTheCodeNamesExistsAndEveryKeyIsUsed() throws IOException {
    Properties en = bundle("messages.properties");
    Set<String> prefixes = new TreeSet<>();
    for (String k : en.stringPropertyNames()) prefixes.add(k.substring(0, k.indexOf('.')));
    Set<String> named = new TreeSet<>();
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
        String src = Files.readString(f);
        all.append(src);
        Matcher m = KEY_LITERAL.matcher(src);
        while (m.find()) {
          String k = m.group(1);
          if (prefixes.contains(k.substring(0, k.indexOf('.'))) && !k.matches(".*\\.(toml|json|md|java|txt|zip)")) named.add(k);
        }
      }
    }
    List<String> missing = named.stream().filter(k -> !en.containsKey(k)).toList();
    assertEquals(List.of(), missing, "keys the code names that messages.properties lacks");
    List<String> unused = en.stringPropertyNames().stream().sorted()
        .filter(k -> !DYNAMIC.matcher(k).matches() && !all.toString().contains("\"" + k + "\"")).toList();
    assertEquals(List.of(), unused, "keys no code uses: remove them, or they rot");
  }

  @Test
  void everyCommandDemoAndLanguageHasItsMessages() throws IOException {
    for (String name : new String[] {"messages.properties", "messages_zh.properties"}) {
      Properties p = bundle(name);
      List<String> missing = new ArrayList<>();
      for (Command c : StandardCommands.create().commands()) {
        for (String part : new String[] {"usage", "summary"}) {
          if (!p.containsKey("cmd." + c.name() + "." + part)) missing.add("cmd." + c.name() + "." + part);
        }
      }
      for (Demo d : DemoRegistry.all()) if (!p.containsKey("demo." + d.name() + ".summary")) missing.add("demo." + d.name() + ".summary");
      for (Lang l : Lang.values()) if (!p.containsKey("lang.name." + l.code())) missing.add("lang.name." + l.code());
      assertEquals(List.of(), missing, name);
    }
  }

  @Test
  void apostrophesAreTextNumbersAreAsWrittenAndPluralsChoose() {
    assertEquals("unknown command 'x'; type 'help' for the list", Msg.get("repl.unknown", "x"));
    assertEquals("demo x failed: 51234", Msg.format(Lang.EN, "demo.failed", "x", 51234));
    assertEquals("1 byte", Msg.get("demo.bytes", 1));
    assertEquals("12345 bytes", Msg.get("demo.bytes", 12345));
    assertEquals("12345 字节", Msg.format(Lang.ZH, "demo.bytes", 12345));
    assertEquals("error: ", Msg.label("label.error"));
    assertEquals("错误：", Msg.format(Lang.ZH, "label.error"));
    Msg.use(Lang.ZH);
    assertEquals("错误：", Msg.label("label.error"));
    assertEquals("no-such.key", Msg.get("no-such.key"), "a missing key shows as itself, never crashes the lab");
  }

  @Test
  void englishIsEnglishWhateverTheJvmsLocale() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.SIMPLIFIED_CHINESE);
      java.util.ResourceBundle.clearCache();
      assertEquals("interrupted", Msg.format(Lang.EN, "repl.interrupted"));
      assertEquals("已中断", Msg.format(Lang.ZH, "repl.interrupted"));
    } finally {
      Locale.setDefault(before);
      java.util.ResourceBundle.clearCache();
    }
  }

  @Test
  void theLanguageIsChosenFlagThenSavedThenLocale() {
    assertEquals(Lang.ZH, Lang.resolve(Lang.ZH, "en", Map.of("LANG", "en_US.UTF-8")));
    assertEquals(Lang.EN, Lang.resolve(null, "en", Map.of("LANG", "zh_CN.UTF-8")));
    assertEquals(Lang.ZH, Lang.resolve(null, null, Map.of("LANG", "zh_CN.UTF-8")));
    assertEquals(Lang.ZH, Lang.resolve(null, null, Map.of("LC_MESSAGES", "zh_TW.UTF-8", "LANG", "C")));
    assertEquals(Lang.EN, Lang.resolve(null, null, Map.of("LC_ALL", "C.UTF-8", "LANG", "zh_CN.UTF-8")));
    assertEquals(Lang.EN, Lang.resolve(null, null, Map.of()));
    assertEquals(Lang.EN, Lang.resolve(null, "klingon", Map.of()), "a saved value that names no language is ignored");
  }

  private static Set<Integer> arguments(String pattern) {
    Set<Integer> out = new TreeSet<>();
    Matcher m = ARGUMENT.matcher(pattern);
    while (m.find()) out.add(Integer.parseInt(m.group(1)));
    return out;
  }
}
