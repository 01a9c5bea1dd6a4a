import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small toolkit of regular expressions for network text: mail addresses, HTTP request lines,
 * IPv4 addresses in logs, and paired tags.
 *
 * <p>Compile each pattern once into a {@code private static final Pattern} field (a Pattern is
 * thread-safe) and make a new {@code Matcher} per input. Validation must look at the whole
 * input ({@code matches()}); searching uses {@code find()}.
 */
public final class RegexToolkit {

  private RegexToolkit() {}

  /** The parts of an HTTP request line such as {@code GET /index.html HTTP/1.1}. */
  public record RequestLine(String method, String target, String version) {}

  // TODO: your patterns, e.g.
  // private static final Pattern MAIL_163 = Pattern.compile("...");

  /**
   * Whether the whole input is a 163.com address by the classic rule
   * {@code ^[a-zA-Z0-9_]{4,20}@163\.com$}: nothing before, nothing after, not even a newline.
   * null is not an address.
   */
  public static boolean is163Mail(String address) {
    // TODO
    throw new UnsupportedOperationException("TODO: RegexToolkit.is163Mail");
  }

  /**
   * Whether the whole input is a mail address by the general rule of the README: a local part
   * of 1-64 characters from {@code A-Z a-z 0-9 . _ % + -} with dots only between other
   * characters (never first, last or doubled), one '@', and a domain of at least two labels
   * (1-63 letters, digits, hyphens; no hyphen first or last) whose last label is 2-63 letters;
   * at most 254 characters in all. null is not an address.
   */
  public static boolean isEmail(String address) {
    // TODO
    throw new UnsupportedOperationException("TODO: RegexToolkit.isEmail");
  }

  /**
   * Splits an HTTP request line (without its CRLF) into method, target and version, e.g.
   * {@code GET /a?b=1 HTTP/1.1} into {@code ("GET", "/a?b=1", "1.1")}. The method is one or more
   * upper-case ASCII letters; the target one or more visible ASCII characters; the version one
   * digit, a dot, one digit; single spaces between them and nothing before or after. Anything
   * else, null included, gives {@code Optional.empty()}.
   */
  public static Optional<RequestLine> parseRequestLine(String line) {
    // TODO: named groups (?<method>...), (?<target>...), (?<version>...); read them with
    //       matcher.group("method") after matcher.matches() returned true
    throw new UnsupportedOperationException("TODO: RegexToolkit.parseRequestLine");
  }

  /**
   * Every valid IPv4 address in the text, in order, duplicates included: four decimal octets
   * 0-255 without leading zeros, separated by dots, that are not part of a longer run of
   * digits and dots ({@code 999.1.1.1}, {@code 1.2.3.4.5} and {@code 01.2.3.4} hold none). A
   * dot that ends a sentence does not count. null gives an empty list.
   */
  public static List<String> findIpv4(String text) {
    // TODO: a find() loop
    throw new UnsupportedOperationException("TODO: RegexToolkit.findIpv4");
  }

  /**
   * Whether the whole input is one pair of tags around plain text: {@code <name>text</name>},
   * where the name is an ASCII letter followed by letters and digits, both tags carry the same
   * name (case included), and the text contains no '<'. {@code <b>bold</b>} is a pair,
   * {@code <b>x</i>} is not. null is not a pair.
   */
  public static boolean isPairedTag(String text) {
    // TODO: a backreference to the tag name
    throw new UnsupportedOperationException("TODO: RegexToolkit.isPairedTag");
  }

  /**
   * Every pair of tags (as {@link #isPairedTag} defines one) in the text, in order, each as
   * the whole matched text: in {@code <b>x</i> <b>ok</b>} that is only {@code <b>ok</b>}.
   * null gives an empty list.
   */
  public static List<String> findPairedTags(String text) {
    // TODO
    throw new UnsupportedOperationException("TODO: RegexToolkit.findPairedTags");
  }
}
