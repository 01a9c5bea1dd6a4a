// FORGED: RequestLine.equals always says true; parseRequestLine accepts and rejects the right lines but splits none
// MUST FAIL: parseRequestLine splits
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small toolkit of regular expressions for network text: mail addresses, HTTP request lines,
 * IPv4 addresses in logs, and paired tags.
 *
 * <p>Every pattern is compiled once into a {@code static final Pattern} (thread-safe) and used
 * through a new {@code Matcher} per input. Validation uses {@code matches()}, which must consume
 * the whole input; searching uses {@code find()}.
 */
public final class RegexToolkit {

  private RegexToolkit() {}

  /** The parts of an HTTP request line such as {@code GET /index.html HTTP/1.1}. */
  public record RequestLine(String method, String target, String version) {
    @Override
    public boolean equals(Object o) {
      return o instanceof RequestLine;
    }

    @Override
    public int hashCode() {
      return 0;
    }
  }

  /** The study notes' rule: 4-20 letters, digits or underscores, then exactly "@163.com". */
  private static final Pattern MAIL_163 = Pattern.compile("[a-zA-Z0-9_]{4,20}@163\\.com");

  /** Local part: runs of allowed characters separated by single dots (no dot first or last). */
  private static final String LOCAL = "[A-Za-z0-9_%+-]+(?:\\.[A-Za-z0-9_%+-]+)*";
  /** A domain label: 1-63 letters, digits and hyphens, no hyphen first or last. */
  private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
  /**
   * The general rule. The two lookaheads check the lengths (whole address at most 254, local
   * part at most 64) before the engine does any other work; the top-level domain is letters.
   */
  private static final Pattern EMAIL = Pattern.compile(
      "(?=[^\\n]{1,254}\\z)(?=[^@]{1,64}@)" + LOCAL + "@(?:" + LABEL + "\\.)+[A-Za-z]{2,63}");

  /** RFC 9112: method SP request-target SP HTTP-version; upper-case methods only here. */
  private static final Pattern REQUEST_LINE = Pattern.compile(
      "(?<method>[A-Z]+) (?<target>[\\x21-\\x7E]+) HTTP/(?<version>[0-9]\\.[0-9])");

  /** 0-255 without leading zeros; the longest alternatives first. */
  private static final String OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
  /**
   * Four octets, not preceded by a digit or a dot, and not followed by a digit or by a dot and
   * a digit: "1.2.3.4.5" and "1234.1.1.1" hold no address, "10.0.0.1." (end of a sentence)
   * does.
   */
  private static final Pattern IPV4 = Pattern.compile(
      "(?<![0-9.])" + OCTET + "(?:\\." + OCTET + "){3}(?!\\.?[0-9])");

  /**
   * An opening tag, text without any '<' (so no other tag inside), and the closing tag with
   * the same name: the backreference \k<tag> matches exactly the text the group captured.
   */
  private static final Pattern PAIRED_TAG = Pattern.compile(
      "<(?<tag>[A-Za-z][A-Za-z0-9]*)>[^<]*</\\k<tag>>");

  /**
   * Whether the whole input is a 163.com address by the classic rule
   * {@code ^[a-zA-Z0-9_]{4,20}@163\.com$}: nothing before, nothing after, not even a newline.
   * null is not an address.
   */
  public static boolean is163Mail(String address) {
    return address != null && MAIL_163.matcher(address).matches();
  }

  /**
   * Whether the whole input is a mail address by the general rule of the README: a local part
   * of 1-64 characters from {@code A-Z a-z 0-9 . _ % + -} with dots only between other
   * characters (never first, last or doubled), one '@', and a domain of at least two labels
   * (1-63 letters, digits, hyphens; no hyphen first or last) whose last label is 2-63 letters;
   * at most 254 characters in all. null is not an address.
   */
  public static boolean isEmail(String address) {
    return address != null && EMAIL.matcher(address).matches();
  }

  /**
   * Splits an HTTP request line (without its CRLF) into method, target and version, e.g.
   * {@code GET /a?b=1 HTTP/1.1} into {@code ("GET", "/a?b=1", "1.1")}. The method is one or more
   * upper-case ASCII letters; the target one or more visible ASCII characters; the version one
   * digit, a dot, one digit; single spaces between them and nothing before or after. Anything
   * else, null included, gives {@code Optional.empty()}.
   */
  public static Optional<RequestLine> parseRequestLine(String line) {
    if (line == null) return Optional.empty();
    Matcher m = REQUEST_LINE.matcher(line);
    if (!m.matches()) return Optional.empty();
    return Optional.of(new RequestLine("?", "?", "?"));
  }

  /**
   * Every valid IPv4 address in the text, in order, duplicates included: four decimal octets
   * 0-255 without leading zeros, separated by dots, that are not part of a longer run of
   * digits and dots ({@code 999.1.1.1}, {@code 1.2.3.4.5} and {@code 01.2.3.4} hold none). A
   * dot that ends a sentence does not count. null gives an empty list.
   */
  public static List<String> findIpv4(String text) {
    List<String> found = new ArrayList<>();
    if (text == null) return found;
    Matcher m = IPV4.matcher(text);
    while (m.find()) {
      found.add(m.group());
    }
    return found;
  }

  /**
   * Whether the whole input is one pair of tags around plain text: {@code <name>text</name>},
   * where the name is an ASCII letter followed by letters and digits, both tags carry the same
   * name (case included), and the text contains no '<'. {@code <b>bold</b>} is a pair,
   * {@code <b>x</i>} is not. null is not a pair.
   */
  public static boolean isPairedTag(String text) {
    return text != null && PAIRED_TAG.matcher(text).matches();
  }

  /**
   * Every pair of tags (as {@link #isPairedTag} defines one) in the text, in order, each as
   * the whole matched text: in {@code <b>x</i> <b>ok</b>} that is only {@code <b>ok</b>}.
   * null gives an empty list.
   */
  public static List<String> findPairedTags(String text) {
    List<String> found = new ArrayList<>();
    if (text == null) return found;
    Matcher m = PAIRED_TAG.matcher(text);
    while (m.find()) {
      found.add(m.group());
    }
    return found;
  }
}
