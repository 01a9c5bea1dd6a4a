import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Locale;
import java.util.OptionalInt;
import netlab.grade.api.Points;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hidden tests for exercise 02, endpoint-parser. Pure text work: no sockets, and no name is
 * ever resolved (the names used here do not exist, on purpose).
 */
class EndpointHiddenTest {

  private static final Endpoint.HostType V4 = Endpoint.HostType.IPV4;
  private static final Endpoint.HostType V6 = Endpoint.HostType.IPV6;
  private static final Endpoint.HostType NAME = Endpoint.HostType.NAME;

  @Test
  @DisplayName("parses host:port with an IPv4 address or a host name")
  @Points(1)
  void hostAndPort() {
    expect("127.0.0.1:8080", "127.0.0.1", V4, 8080);
    expect("192.168.1.10:22", "192.168.1.10", V4, 22);
    expect("0.0.0.0:0", "0.0.0.0", V4, 0);
    expect("255.255.255.255:65535", "255.255.255.255", V4, 65535);
    expect("localhost:80", "localhost", NAME, 80);
    expect("example.com:443", "example.com", NAME, 443);
    expect("Mail-1.Example.ORG:25", "Mail-1.Example.ORG", NAME, 25);
    expect("db:5432", "db", NAME, 5432);
  }

  @Test
  @DisplayName("parses [IPv6]:port and returns the address without brackets")
  @Points(1)
  void bracketedIpv6() {
    expect("[::1]:8080", "::1", V6, 8080);
    expect("[2001:db8::1]:443", "2001:db8::1", V6, 443);
    expect("[::]:0", "::", V6, 0);
    expect("[fe80::1:2]:65535", "fe80::1:2", V6, 65535);
    expect("[2001:DB8:0:0:8:800:200C:417A]:80", "2001:DB8:0:0:8:800:200C:417A", V6, 80);
    expect("[::ffff:192.0.2.1]:80", "::ffff:192.0.2.1", V6, 80);
    expect("[1::]:1", "1::", V6, 1);
  }

  @Test
  @DisplayName("parses a host alone: bare IPv4, bare IPv6, [IPv6] and names")
  @Points(1)
  void hostsWithoutPort() {
    expect("10.0.0.1", "10.0.0.1", V4, null);
    expect("::1", "::1", V6, null);
    expect("::", "::", V6, null);
    expect("2001:db8::8:800", "2001:db8::8:800", V6, null);
    expect("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8", V6, null);
    expect("fe80::", "fe80::", V6, null);
    expect("::ffff:10.0.0.1", "::ffff:10.0.0.1", V6, null);
    expect("[::1]", "::1", V6, null);
    expect("localhost", "localhost", NAME, null);
    expect("example.com", "example.com", NAME, null);
    // the reason for brackets: without them this is one address, 0:0:0:0:0:0:1:8080, no port
    expect("::1:8080", "::1:8080", V6, null);
  }

  @Test
  @DisplayName("toString() writes it back: host:port, [IPv6]:port or the host alone")
  @Points(1)
  void toStringRoundTrip() {
    String[][] cases = {
        {"127.0.0.1:8080", "127.0.0.1:8080"}, {"localhost:80", "localhost:80"},
        {"[::1]:8080", "[::1]:8080"}, {"[2001:db8::1]:443", "[2001:db8::1]:443"},
        {"[::1]", "::1"}, {"::1", "::1"}, {"10.0.0.1", "10.0.0.1"},
        {"example.com", "example.com"}, {"[::]:0", "[::]:0"},
    };
    for (String[] c : cases) {
      Endpoint e = parse(c[0]);
      String shown = e.toString();
      assertEquals(c[1], shown, () -> call(c[0], "toString()"));
      Endpoint again = parse(shown);
      assertAll(c[0] + " -> " + shown + " -> parsed again",
          () -> assertEquals(e.host(), again.host(), () -> call(shown, "host()")
              + " (parsing toString() of " + quote(c[0]) + " again)"),
          () -> assertEquals(e.port(), again.port(), () -> call(shown, "port()")
              + " (parsing toString() of " + quote(c[0]) + " again)"),
          () -> assertEquals(e.hostType(), again.hostType(), () -> call(shown, "hostType()")
              + " (parsing toString() of " + quote(c[0]) + " again)"));
    }
  }

  @Test
  @DisplayName("classify() sorts ports into IANA ranges at every edge, rejects 65536")
  @Points(1)
  void classifyPorts() {
    int[] wellKnown = {0, 1, 22, 80, 443, 1023};
    int[] registered = {1024, 3306, 8080, 32768, 49151};
    int[] dynamic = {49152, 50000, 60999, 65535};
    for (int p : wellKnown) classified(p, Endpoint.PortRange.WELL_KNOWN);
    for (int p : registered) classified(p, Endpoint.PortRange.REGISTERED);
    for (int p : dynamic) classified(p, Endpoint.PortRange.DYNAMIC);
    for (int p : new int[] {-1, 65536, 70000, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
      String shown = "Endpoint.classify(" + p + ")";
      Endpoint.PortRange got;
      try {
        got = Endpoint.classify(p);
      } catch (IllegalArgumentException expected) {
        String msg = expected.getMessage();
        require(msg != null && msg.contains(String.valueOf(p)),
            () -> shown + ": the IllegalArgumentException should name the port " + p
                + ", but its message was: " + msg);
        continue;
      } catch (RuntimeException other) {
        throw new AssertionError(shown + ": expected IllegalArgumentException, got " + other, other);
      }
      fail(shown + ": expected IllegalArgumentException (ports are 0-65535), but it returned " + got);
    }
  }

  @Test
  @DisplayName("rejects ports outside 0-65535 and ports that are not plain digits")
  @Points(1)
  void badPorts() {
    rejected("localhost:65536", "65536");
    rejected("127.0.0.1:70000", "70000");
    rejected("[::1]:65536", "65536");
    rejected("example.com:99999999999", "99999999999");
    rejected("localhost:-1", "-1");
    String[] notNumbers = {
        "localhost:", "127.0.0.1:", "[::1]:", "localhost:http", "localhost:8o",
        "localhost:+80", "localhost: 80", "localhost:80 ", "localhost:8 0", "localhost:0x50",
        "localhost:80.0", "localhost:\u0668\u0660", "[::1]:http",
    };
    for (String text : notNumbers) rejected(text, null);
  }

  @Test
  @DisplayName("rejects an empty host (:80, []:80), empty text and null")
  @Points(1)
  void emptyHost() {
    rejectedMentioning(":80", "host");
    rejectedMentioning("[]:80", "host");
    rejectedMentioning("[]", "host");
    rejected(":", null);
    rejected("", null);
    rejected(null, null);
  }

  @Test
  @DisplayName("rejects unbalanced brackets and brackets around a non-IPv6 host")
  @Points(1)
  void badBrackets() {
    String[] bad = {
        "[::1", "[::1:8080", "::1]", "::1]:8080", "[::1]80", "[::1]]:80", "[[::1]]:80",
        "[::1]:80]", "x[::1]:80", "localhost]:80", "[localhost]:80", "[127.0.0.1]:80",
        "[::1] :80", "[ ::1]:80", "]::1[:80",
    };
    for (String text : bad) rejected(text, null);
  }

  @Test
  @DisplayName("rejects IPv6 with a port but without brackets, and says so")
  @Points(1)
  void unbracketedIpv6WithPort() {
    // the last group makes nine: only a port can explain it
    rejectedMentioning("2001:db8:0:0:0:0:0:1:443", "bracket");
    rejectedMentioning("1:2:3:4:5:6:7:8:80", "bracket");
    rejectedMentioning("::ffff:192.0.2.1:80", "bracket");
    // and addresses that are simply not IPv6, with or without brackets
    String[] malformed = {
        "1::2::3", ":::1", "2001:db8:::1", "12345::1", "::g", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9:10",
        "[1:2:3:4:5:6:7:8:9]:80", "[::g]:80", "[12345::1]:80", "::1.2.3", "1.2.3.4::",
        "::256.1.1.1", "fe80::1%eth0", ":1::2", "1::2:",
    };
    for (String text : malformed) rejected(text, null);
  }

  @Test
  @DisplayName("checks IPv4 octets and host names by hand, and resolves no name")
  @Points(1)
  void ipv4AndNamesWithoutDns() {
    rejected("256.1.1.1:80", "256");
    rejected("10.0.0.999", "999");
    String[] bad = {
        "1.2.3:80", "1.2.3.4.5:80", "1..3.4:80", "1.2.3.4.:80", "exa mple.com:80",
        "-bad.example:80", "bad-.example:80", "a..b:80", "host/path:80", "user@host:22",
        "h\u00f6st.example:80", "host_name:80", " localhost:80", "localhost :80",
    };
    for (String text : bad) rejected(text, null);
    // exact limits: octets 0 and 255 but not 256 in every position; labels of 1 and 63
    // characters but not 64; no trailing dot; digits-and-dots alone are an IPv4 address
    expect("0.255.0.255:1", "0.255.0.255", V4, 1);
    for (String octets : new String[] {"256.0.0.0", "0.256.0.0", "0.0.256.0", "0.0.0.256"}) {
      rejected(octets, "256");
    }
    String label63 = "a" + "b1-".repeat(20) + "cd"; // 63 characters
    String label64 = label63 + "e";
    expect(label63 + ".example:80", label63 + ".example", NAME, 80);
    expect("x.y-z.3com.a1:7", "x.y-z.3com.a1", NAME, 7);
    expect("a-----b", "a-----b", NAME, null);
    // every edge of the allowed characters: a z A Z 0 9, and a name of 253 characters in all
    expect("az.AZ.a09z:1", "az.AZ.a09z", NAME, 1);
    String longest = label63 + "." + label63 + "." + label63 + "." + label63.substring(2);
    expect(longest + ":65535", longest, NAME, 65535);
    String[] badNames = {
        label64 + ".example:80", "example." + label64, "example.com.:80", "example.com.", ".example.com",
        "a.-b.c", "a.b-.c", "-", ".", "12345:80", "1234", "a`b:80", "a{b:80", "a\\b", "a^b",
    };
    for (String text : badNames) rejected(text, null);
    // names that exist nowhere parse fine, and come back exactly as written: nothing is resolved
    long start = System.nanoTime();
    expect("no-such-host.invalid:8080", "no-such-host.invalid", NAME, 8080);
    expect("printer.local:631", "printer.local", NAME, 631);
    expect("NOT-A-REAL-NAME.example", "NOT-A-REAL-NAME.example", NAME, null);
    long ms = (System.nanoTime() - start) / 1_000_000;
    require(ms < 2000, () -> "parsing three host names took " + ms + " ms; parsing is text"
        + " work and must not look names up in DNS (InetAddress.getByName does)");
  }

  @Test
  @DisplayName("IPv6: eight groups of 1-4 hex digits, one '::' for at most seven, an IPv4 tail counts two")
  @Points(1)
  void ipv6Grammar() {
    // eight groups, no "::": every group written, 1 to 4 hex digits, either case
    expect("ffff:FFFF:0:0:0:0:0:abcd", "ffff:FFFF:0:0:0:0:0:abcd", V6, null);
    expect("[0:0:0:0:0:0:0:0]:65535", "0:0:0:0:0:0:0:0", V6, 65535);
    // "::" stands for one or more zero groups, so at most seven are written around it
    expect("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7::", V6, null);
    expect("::2:3:4:5:6:7:8", "::2:3:4:5:6:7:8", V6, null);
    expect("[1::3:4:5:6:7:8]:80", "1::3:4:5:6:7:8", V6, 80);
    expect("[FE80::ABCD]", "FE80::ABCD", V6, null);
    expect("[9:99::A9F0]:9", "9:99::A9F0", V6, 9); // the hex digits at each edge: 0 9 a f A F
    // an IPv4 address in the last 32 bits is worth two groups
    expect("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:1.2.3.4", V6, null);
    expect("[1:2:3:4:5::255.255.255.255]:8", "1:2:3:4:5::255.255.255.255", V6, 8);
    expect("::0.0.0.0", "::0.0.0.0", V6, null);
    String[] bad = {
        "[1:2:3:4::5:6:7:8]", // eight groups and a "::": nothing left for it to stand for
        "[1:2:3:4:5:6:7:8::]", "[::1:2:3:4:5:6:7:8]", "[1:2:3:4:5:6:7]", // seven, without "::"
        "[1:2:3:4:5:6:7:1.2.3.4]", // 7 + 2 = 9 groups
        "[::1:2:3:4:5:6:1.2.3.4]", // 6 + 2 = 8 groups and a "::"
        "[1:2:3:4:5:1.2.3.4]", // 5 + 2 = 7 groups, without "::"
        "[::1.2.3.4:5]", "[1.2.3.4::]", // the IPv4 part only at the very end
        "[::1.2.3.256]", "[::ffff:1.2.3]", "[::fffff]", "[g::1]", "[1:::2]", "[1::2::3]",
        "[:1:2:3:4:5:6:7]", "[1:2:3:4:5:6:7:]", "[:]", "[:::]", "[1:2:3:4:5:6:7:8:9]",
        "[::G]", "[::@]", "[::`]", "[::/]", // just outside the hex digits
    };
    for (String text : bad) rejected(text, null);
  }

  // --- helpers -----------------------------------------------------------------------------

  /** Like assertTrue, without JUnit's "expected: <true> but was: <false>" after the message. */
  private static void require(boolean ok, java.util.function.Supplier<String> message) {
    if (!ok) fail(message.get());
  }

  /** Parses {@code text} and checks host, type, isIpv6 and port (null: no port). */
  private static void expect(String text, String host, Endpoint.HostType type, Integer port) {
    Endpoint e = parse(text);
    OptionalInt want = port == null ? OptionalInt.empty() : OptionalInt.of(port);
    assertAll(text,
        () -> assertEquals(host, e.host(), () -> call(text, "host()")),
        () -> assertEquals(type, e.hostType(), () -> call(text, "hostType()")),
        () -> assertEquals(type == V6, e.isIpv6(), () -> call(text, "isIpv6()")),
        () -> assertEquals(want, e.port(), () -> call(text, "port()")
            + (port == null ? " (the text has no port)" : "")));
  }

  private static void classified(int port, Endpoint.PortRange want) {
    Endpoint.PortRange got;
    try {
      got = Endpoint.classify(port);
    } catch (RuntimeException e) {
      throw new AssertionError("Endpoint.classify(" + port + ") threw " + e, e);
    }
    assertEquals(want, got, () -> "Endpoint.classify(" + port + ")");
  }

  private static void rejectedMentioning(String text, String word) {
    String msg = rejected(text, null);
    require(msg.toLowerCase(Locale.ROOT).contains(word),
        () -> "Endpoint.parse(" + show(text) + "): the message should say what is wrong (mention \""
            + word + "\"), but it was: " + msg);
  }

  /** parse must throw IllegalArgumentException with a message that contains {@code named}. */
  private static String rejected(String text, String named) {
    String shown = show(text);
    IllegalArgumentException e;
    try {
      Endpoint got = Endpoint.parse(text);
      fail("Endpoint.parse(" + shown + "): expected IllegalArgumentException, but it returned "
          + describe(got));
      return null;
    } catch (IllegalArgumentException expected) {
      e = expected;
    } catch (RuntimeException other) {
      throw new AssertionError("Endpoint.parse(" + shown + "): expected IllegalArgumentException,"
          + " got " + other, other);
    }
    String msg = e.getMessage();
    require(msg != null && !msg.isBlank(), () -> "Endpoint.parse(" + shown
        + "): the IllegalArgumentException has no message; say what is wrong");
    if (named != null) {
      require(msg.contains(named), () -> "Endpoint.parse(" + shown
          + "): the message should name the bad part " + named + ", but it was: " + msg);
    }
    return msg;
  }

  private static Endpoint parse(String text) {
    try {
      return Endpoint.parse(text);
    } catch (RuntimeException e) {
      throw new AssertionError("Endpoint.parse(" + show(text) + ") threw " + e, e);
    }
  }

  private static String call(String text, String method) {
    return "Endpoint.parse(" + show(text) + ")." + method;
  }

  private static String describe(Endpoint e) {
    try {
      return "host " + quote(e.host()) + ", port " + e.port() + ", " + e.hostType();
    } catch (RuntimeException ex) {
      return "an Endpoint";
    }
  }

  private static String show(String s) {
    if (s == null) return "null";
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c < 0x20 || c > 0x7e) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }

  private static String quote(String s) {
    return show(s);
  }
}
