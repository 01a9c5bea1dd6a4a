import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import netlab.grade.api.Points;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Hidden tests for exercise 15, regex-toolkit. Pure text: no sockets. */
class RegexToolkitHiddenTest {

  @Test
  @DisplayName("is163Mail accepts 4-20 letters, digits or _ before @163.com")
  @Points(1)
  void mail163Accepts() {
    for (String s : new String[] {
        "ann_2024@163.com", "abcd@163.com", "Abc_12@163.com", "ABCD@163.com", "____@163.com",
        "1234@163.com", "a".repeat(20) + "@163.com", "x_y_z_0_9_A_B_C@163.com",
    }) {
      yes("is163Mail", RegexToolkit::is163Mail, s, "4-20 of [a-zA-Z0-9_], then @163.com");
    }
  }

  @Test
  @DisplayName("is163Mail rejects other lengths, characters (non-ASCII too), domains, case and extra text")
  @Points(1)
  void mail163Rejects() {
    String[][] cases = {
        {"abc@163.com", "3 characters before the @, fewer than 4"},
        {"a".repeat(21) + "@163.com", "21 characters before the @, more than 20"},
        {"hello_world_this_is_too_long@163.com", "28 characters before the @"},
        {"ann-lee@163.com", "'-' is not in [a-zA-Z0-9_]"},
        {"ann.lee@163.com", "'.' is not in [a-zA-Z0-9_]"},
        {"ann 2024@163.com", "a space"},
        {"用户名abcd@163.com", "Chinese characters are not in [a-zA-Z0-9_]"},
        {"ann2024@163xcom", "'x' where the dot should be (a literal dot is \\. in the regex,"
            + " \"\\\\.\" in Java)"},
        {"ann2024@163-com", "'-' where the dot should be (a literal dot is \\. in the regex)"},
        {"ann2024@163.com.cn", "text after .com"},
        {"ann2024@126.com", "another domain"},
        {"ann2024@mail.163.com", "a subdomain"},
        {"ann2024@@163.com", "two @"},
        {"@163.com", "nothing before the @"},
        {"x ann_2024@163.com", "text before the address: validate the whole input"},
        {"ann_2024@163.com and more", "text after the address: validate the whole input"},
        {"ann_2024@163.com\n", "a trailing newline ($ with find() accepts it; matches() does not)"},
        {"ann_2024@163.COM", "upper-case COM: the rule is exactly @163\\.com, case included"},
        {"ann_2024@163.Com", "a capital C: the rule is exactly @163\\.com, case included"},
        {"jos\u00e9_123@163.com", "'\u00e9' is a letter, but not an ASCII one ([a-zA-Z], not \\w with"
            + " UNICODE_CHARACTER_CLASS or Character.isLetter)"},
        {"\u0661\u0662\u0663\u0664@163.com", "Arabic-Indic digits are not [0-9]"},
        {"", "empty input"},
    };
    for (String[] c : cases) no("is163Mail", RegexToolkit::is163Mail, c[0], c[1]);
    no("is163Mail", RegexToolkit::is163Mail, null, "null");
  }

  @Test
  @DisplayName("isEmail accepts addresses that follow the README's general rule, up to its exact limits")
  @Points(1)
  void emailAccepts() {
    for (String s : new String[] {
        "ann@163.com", "ann.lee+net@mail.example.org", "a@b.co", "x_y-z%1@sub-domain.example.com",
        "ANN.LEE@EXAMPLE.COM", "1234@numbers123.info", "a.b.c.d@x-1.y-2.museum",
        "user+tag@a.b.c.d.e.example", "obrien@example.ie",
        "a".repeat(64) + "@example.com", "ann@" + "d".repeat(63) + ".com",
        "ann@example." + "z".repeat(63), "ann@3com.com", "+@x.com", "a-b_c%d+e@x.co",
        "a@" + ("d".repeat(63) + ".").repeat(3) + "e".repeat(56) + ".com", // 254 characters, the most
    }) {
      yes("isEmail", RegexToolkit::isEmail, s, "it follows the general rule");
    }
  }

  @Test
  @DisplayName("isEmail rejects addresses that break the README's general rule, one past each limit")
  @Points(1)
  void emailRejects() {
    String[][] cases = {
        {"no-at-sign.example.com", "no @"},
        {"ann@@example.com", "two @"},
        {"ann@b@example.com", "two @"},
        {"@example.com", "an empty local part"},
        {"ann@", "an empty domain"},
        {"ann@localhost", "a domain with one label"},
        {"ann@example", "a domain with one label"},
        {".ann@example.com", "a dot first in the local part"},
        {"ann.@example.com", "a dot last in the local part"},
        {"an..n@example.com", "two dots in a row in the local part"},
        {"a n@example.com", "a space"},
        {"ann!@example.com", "'!' is not allowed"},
        {"ann@-bad.com", "a label starting with '-'"},
        {"ann@bad-.com", "a label ending with '-'"},
        {"ann@example..com", "an empty label"},
        {"ann@.example.com", "an empty first label"},
        {"ann@example.com.", "a dot at the end"},
        {"ann@example.c", "a top-level domain of 1 letter"},
        {"ann@example.123", "a top-level domain of digits"},
        {"ann@exa_mple.com", "'_' is not allowed in the domain"},
        {"用户@例子.中国", "non-ASCII characters"},
        {"ann@example.com\n", "a trailing newline"},
        {" ann@example.com", "a leading space"},
        {"mail ann@example.com", "text before the address"},
        {"a".repeat(65) + "@example.com", "a local part of 65 characters (64 at most)"},
        {"ann@" + "d".repeat(64) + ".com", "a label of 64 characters (63 at most)"},
        {"ann@" + "abcdefghi.".repeat(25) + "com", "257 characters in all (254 at most)"},
        {"ab@" + ("d".repeat(63) + ".").repeat(3) + "e".repeat(56) + ".com", "255 characters in all (254 at most)"},
        {"ann@example." + "z".repeat(64), "a top-level domain of 64 letters (63 at most)"},
        {"ann@example.c0m", "a digit in the top-level domain (letters only)"},
        {"ann@example.co-m", "a hyphen in the top-level domain (letters only)"},
        {"jos\u00e9@example.com", "'\u00e9' is not an ASCII letter"},
        {"ann@ex\u00e4mple.com", "'\u00e4' is not an ASCII letter"},
        {"ann@example.com ", "a trailing space"},
        {"ann@exa mple.com", "a space in the domain"},
        {"", "empty input"},
    };
    for (String[] c : cases) no("isEmail", RegexToolkit::isEmail, c[0], c[1]);
    no("isEmail", RegexToolkit::isEmail, null, "null");
    // inputs that make careless patterns backtrack for a very long time
    long start = System.nanoTime();
    no("isEmail", RegexToolkit::isEmail, "a".repeat(40) + "!@example.com", "'!' after 40 letters");
    no("isEmail", RegexToolkit::isEmail, "ann@" + "a-".repeat(30) + "!.com", "a long hyphenated label with '!'");
    no("isEmail", RegexToolkit::isEmail, "ann@" + "a.".repeat(40) + "-", "40 labels and a '-'");
    no("isEmail", RegexToolkit::isEmail, "a.".repeat(20_000) + "@example.com", "a 40012-character address");
    long ms = (System.nanoTime() - start) / 1_000_000;
    if (ms >= 1500) {
      fail("isEmail took " + ms + " ms for four inputs that do not match; a pattern with nested"
          + " quantifiers (such as ([a-z]+\\.?)+) backtracks exponentially");
    }
  }

  @Test
  @DisplayName("parseRequestLine splits a line into method, target (any of ! to ~) and version")
  @Points(1)
  void requestLineParts() {
    parsed("GET / HTTP/1.1", "GET", "/", "1.1");
    parsed("POST /login?next=%2Fhome HTTP/1.0", "POST", "/login?next=%2Fhome", "1.0");
    parsed("GET /search?q=java&page=2 HTTP/1.1", "GET", "/search?q=java&page=2", "1.1");
    parsed("OPTIONS * HTTP/1.1", "OPTIONS", "*", "1.1");
    parsed("CONNECT example.com:443 HTTP/1.1", "CONNECT", "example.com:443", "1.1");
    parsed("GET http://example.com/a/b.html HTTP/1.1", "GET", "http://example.com/a/b.html", "1.1");
    parsed("DELETE /items/42 HTTP/1.1", "DELETE", "/items/42", "1.1");
    parsed("BREW /pot-1 HTTP/9.9", "BREW", "/pot-1", "9.9");
    parsed("GET ! HTTP/0.9", "GET", "!", "0.9"); // '!' and '~' are the first and last visible characters
    parsed("GET ~ HTTP/1.0", "GET", "~", "1.0");
    parsed("X /!\"#$%&'()*+,-./0-9:;<=>?@A-Z[\\]^_`a-z{|}~ HTTP/1.1", "X",
        "/!\"#$%&'()*+,-./0-9:;<=>?@A-Z[\\]^_`a-z{|}~", "1.1");
  }

  @Test
  @DisplayName("parseRequestLine rejects lowercase or non-ASCII methods, extra spaces, invisible characters and junk")
  @Points(1)
  void requestLineRejects() {
    String[][] cases = {
        {"get / HTTP/1.1", "a lowercase method"},
        {"Get / HTTP/1.1", "a mixed-case method"},
        {"G3T / HTTP/1.1", "a digit in the method"},
        {"GET  / HTTP/1.1", "two spaces after the method"},
        {"GET /  HTTP/1.1", "two spaces after the target"},
        {" GET / HTTP/1.1", "a leading space"},
        {"GET / HTTP/1.1 ", "a trailing space"},
        {"GET /a b HTTP/1.1", "a space inside the target"},
        {"GET\t/ HTTP/1.1", "a tab instead of a space"},
        {"GET / HTTP/1.1\r\n", "the CRLF still attached"},
        {"GET / HTTP/1.1\n", "a trailing newline ($ with find() accepts it)"},
        {"GET / http/1.1", "lowercase http"},
        {"GET / HTTPS/1.1", "HTTPS/ is not a version"},
        {"GET / HTTP/11", "no dot in the version"},
        {"GET / HTTP/1.10", "two digits after the dot"},
        {"GET / HTTP/2", "HTTP/2 has no text request line"},
        {"GET / HTTP/1.", "a version cut short"},
        {"GET /", "no version"},
        {"GET HTTP/1.1", "no target"},
        {"/ HTTP/1.1", "no method"},
        {"GET / HTTP/1.1 extra", "text after the version"},
        {"xGET / HTTP/1.1", "junk before the method"},
        {"GET /caf\u00e9 HTTP/1.1", "a non-ASCII character in the target"},
        {"GET /a\u007fb HTTP/1.1", "DEL (0x7F) is not a visible character"},
        {"GET /a\u0001b HTTP/1.1", "a control character in the target"},
        {"G\u00c9T / HTTP/1.1", "\u00c9 is upper case, but not ASCII"},
        {"GET / HTTP/\u0661.\u0661", "Arabic-Indic digits in the version"},
        {"", "an empty line"},
        {"hello", "not a request line at all"},
    };
    for (String[] c : cases) notParsed(c[0], c[1]);
    notParsed(null, "null");
  }

  @Test
  @DisplayName("findIpv4 finds every valid address in log lines, in order")
  @Points(1)
  void ipv4Found() {
    String log = String.join("\n",
        "10.0.0.7 - - [01/May/2024:13:45:00] \"GET / HTTP/1.1\" 200",
        "192.168.1.255 - - \"GET /x HTTP/1.1\" 404",
        "client 203.0.113.9, via 172.16.0.1.",
        "bind 0.0.0.0:8080 and [255.255.255.255]:9 net 10.1.0.0/16",
        "again 10.0.0.7;ip=8.8.8.8|end");
    found(log, "10.0.0.7", "192.168.1.255", "203.0.113.9", "172.16.0.1", "0.0.0.0",
        "255.255.255.255", "10.1.0.0", "10.0.0.7", "8.8.8.8");
    found("edges 249.250.199.200 100.99.9.0 1.10.100.254", "249.250.199.200", "100.99.9.0",
        "1.10.100.254");
    found("no addresses here, only 42 and 3.14");
    // letters are not digits or dots: an address right next to them still counts
    found("x10.0.0.1y host-192.168.0.1-eth0", "10.0.0.1", "192.168.0.1");
    found("1.1.1.1", "1.1.1.1");
    found("");
    found(null);
  }

  @Test
  @DisplayName("findIpv4 skips octets over 255 and parts of longer numbers")
  @Points(1)
  void ipv4Skipped() {
    found("999.1.1.1 - - \"GET / HTTP/1.1\" 200", new String[0]);
    found("from 256.10.10.10 and 10.10.10.256 and 1.2.300.4", new String[0]);
    found("build 1.2.3.4.5 and 1234.1.1.1 and 1.1.1.1234", new String[0]);
    found("leading zeros 01.2.3.4 and 10.010.0.1", new String[0]);
    found("ok 10.0.0.1 bad 10.0.0.999 ok 10.0.0.2", "10.0.0.1", "10.0.0.2");
    found("1.2.3.4.5.6.7.8", new String[0]);
    found("[1.2.3] and 1.2.3. and 1..2.3.4", new String[0]);
  }

  @Test
  @DisplayName("isPairedTag accepts <b>bold</b> and rejects <b>x</i>, other cases and non-ASCII names")
  @Points(1)
  void pairedTagWhole() {
    for (String s : new String[] {
        "<b>bold</b>", "<i>x</i>", "<h1>Title</h1>", "<p></p>", "<p>a > b</p>",
        "<span>two\nlines</span>", "<B>upper</B>", "<td>42</td>", "<h1a2>x</h1a2>", "<b>!@#$%^&*()</b>",
    }) {
      yes("isPairedTag", RegexToolkit::isPairedTag, s, "one pair of tags with the same name");
    }
    String[][] cases = {
        {"<b>x</i>", "the closing tag has another name"},
        {"<b>x</br>", "</br> is not </b>"},
        {"<bold>x</b>", "</b> does not close <bold>"},
        {"<B>x</b>", "names differ in case"},
        {"<b>x</b>y", "text after the pair"},
        {"y<b>x</b>", "text before the pair"},
        {"<b>x</b><b>y</b>", "two pairs, not one (greedy .* takes both)"},
        {"<b><i>x</i></b>", "a tag inside: the text may not contain '<'"},
        {"<b>x", "no closing tag"},
        {"<b>x<b>", "an opening tag twice"},
        {"<1>x</1>", "a name that starts with a digit"},
        {"<>x</>", "an empty name"},
        {"<my_tag>x</my_tag>", "'_' is not a letter or digit (a name is [A-Za-z][A-Za-z0-9]*, not \\w+)"},
        {"<\u00e9>x</\u00e9>", "'\u00e9' is not an ASCII letter"},
        {"<h1>x</H1>", "names differ in case"},
        {"<a href=\"x\">y</a>", "attributes are not part of this tag syntax"},
        {"", "empty input"},
    };
    for (String[] c : cases) no("isPairedTag", RegexToolkit::isPairedTag, c[0], c[1]);
    no("isPairedTag", RegexToolkit::isPairedTag, null, "null");
  }

  @Test
  @DisplayName("findPairedTags finds each pair on its own and skips mismatched ones")
  @Points(1)
  void pairedTagsFound() {
    tags("<h1>Title</h1><b>bold</i> <b>ok</b><p>x</p>", "<h1>Title</h1>", "<b>ok</b>", "<p>x</p>");
    tags("<b>one</b> and <b>two</b>", "<b>one</b>", "<b>two</b>");
    tags("<p><b>inner</b></p>", "<b>inner</b>");
    tags("<i>a</b> <b>c</i>");
    tags("<em>x</em>\n<em>y\nz</em>", "<em>x</em>", "<em>y\nz</em>");
    tags("<b>x</br> <br>y</br>", "<br>y</br>");
    tags("no tags at all");
    tags("<my_tag>x</my_tag> <ok>y</ok>", "<ok>y</ok>");
    tags(null);
  }

  // --- helpers -----------------------------------------------------------------------------

  private static void yes(String method, Predicate<String> p, String input, String why) {
    if (!call(method, p, input)) {
      fail(method + "(" + show(input) + ") returned false, expected true: " + why);
    }
  }

  private static void no(String method, Predicate<String> p, String input, String why) {
    if (call(method, p, input)) {
      fail(method + "(" + show(input) + ") returned true, expected false: " + why);
    }
  }

  private static boolean call(String method, Predicate<String> p, String input) {
    try {
      return p.test(input);
    } catch (RuntimeException e) {
      throw new AssertionError(method + "(" + show(input) + ") threw " + e, e);
    }
  }

  private static Optional<RegexToolkit.RequestLine> request(String line) {
    try {
      Optional<RegexToolkit.RequestLine> r = RegexToolkit.parseRequestLine(line);
      if (r == null) fail("parseRequestLine(" + show(line) + ") returned null; return an Optional");
      return r;
    } catch (RuntimeException e) {
      throw new AssertionError("parseRequestLine(" + show(line) + ") threw " + e, e);
    }
  }

  private static void parsed(String line, String method, String target, String version) {
    Optional<RegexToolkit.RequestLine> got = request(line);
    // against the test's own strings, never a RequestLine the test built or the record's equals:
    // both are the student's code (an equals that always says true would pass any comparison)
    String call = "parseRequestLine(" + show(line) + ")";
    if (got.isEmpty()) fail(call + " returned Optional.empty; expected " + method + " " + target + " " + version);
    RegexToolkit.RequestLine r = got.get();
    assertEquals(method, r.method(), () -> call + ": method");
    assertEquals(target, r.target(), () -> call + ": target");
    assertEquals(version, r.version(), () -> call + ": version");
  }

  private static void notParsed(String line, String why) {
    Optional<RegexToolkit.RequestLine> got = request(line);
    if (got.isPresent()) {
      fail("parseRequestLine(" + show(line) + ") returned " + got + ", expected Optional.empty: "
          + why);
    }
  }

  private static void found(String text, String... want) {
    List<String> got;
    try {
      got = RegexToolkit.findIpv4(text);
    } catch (RuntimeException e) {
      throw new AssertionError("findIpv4(" + show(text) + ") threw " + e, e);
    }
    assertEquals(List.of(want), got, () -> "findIpv4(" + show(text) + ")");
  }

  private static void tags(String text, String... want) {
    List<String> got;
    try {
      got = RegexToolkit.findPairedTags(text);
    } catch (RuntimeException e) {
      throw new AssertionError("findPairedTags(" + show(text) + ") threw " + e, e);
    }
    assertEquals(List.of(want), got, () -> "findPairedTags(" + show(text) + ")");
  }

  private static String show(String s) {
    if (s == null) return "null";
    String t = s.length() > 80 ? s.substring(0, 60) + "…(" + s.length() + " chars)" : s;
    return "\"" + t.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
        .replace("\t", "\\t") + "\"";
  }
}
