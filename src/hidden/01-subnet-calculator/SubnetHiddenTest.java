import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Optional;
import netlab.grade.api.Points;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Hidden tests for exercise 01, subnet-calculator. Pure computation: no sockets needed. */
class SubnetHiddenTest {

  @Test
  @DisplayName("computes mask, network, broadcast and host range for /24, /16 and /8")
  @Points(1)
  void byteBoundaryPrefixes() {
    expect("192.168.1.10/24", "255.255.255.0", "192.168.1.0", "192.168.1.255",
        "192.168.1.1", "192.168.1.254", 254);
    expect("10.20.30.40/8", "255.0.0.0", "10.0.0.0", "10.255.255.255",
        "10.0.0.1", "10.255.255.254", 16_777_214);
    expect("172.16.5.4/16", "255.255.0.0", "172.16.0.0", "172.16.255.255",
        "172.16.0.1", "172.16.255.254", 65_534);
  }

  @Test
  @DisplayName("handles prefixes that are not a multiple of 8 (/20, /26, /30)")
  @Points(1)
  void nonByteBoundaryPrefixes() {
    expect("172.16.5.4/20", "255.255.240.0", "172.16.0.0", "172.16.15.255",
        "172.16.0.1", "172.16.15.254", 4_094);
    expect("10.20.30.40/20", "255.255.240.0", "10.20.16.0", "10.20.31.255",
        "10.20.16.1", "10.20.31.254", 4_094);
    expect("192.168.1.100/26", "255.255.255.192", "192.168.1.64", "192.168.1.127",
        "192.168.1.65", "192.168.1.126", 62);
    expect("10.0.0.6/30", "255.255.255.252", "10.0.0.4", "10.0.0.7",
        "10.0.0.5", "10.0.0.6", 2);
  }

  @Test
  @DisplayName("gets addresses from 128.0.0.0 up right (a negative int in Java)")
  @Points(1)
  void highAddresses() {
    expect("200.100.50.25/17", "255.255.128.0", "200.100.0.0", "200.100.127.255",
        "200.100.0.1", "200.100.127.254", 32_766);
    expect("255.255.255.254/1", "128.0.0.0", "128.0.0.0", "255.255.255.255",
        "128.0.0.1", "255.255.255.254", 2_147_483_646L);
    expect("130.1.2.3/9", "255.128.0.0", "130.0.0.0", "130.127.255.255",
        "130.0.0.1", "130.127.255.254", 8_388_606);
    expect("224.0.0.251/4", "240.0.0.0", "224.0.0.0", "239.255.255.255",
        "224.0.0.1", "239.255.255.254", 268_435_454);
  }

  @Test
  @DisplayName("handles /0, the whole IPv4 space (mask 0.0.0.0, 4294967294 hosts)")
  @Points(1)
  void prefixZero() {
    expect("0.0.0.0/0", "0.0.0.0", "0.0.0.0", "255.255.255.255",
        "0.0.0.1", "255.255.255.254", 4_294_967_294L);
    expect("8.8.8.8/0", "0.0.0.0", "0.0.0.0", "255.255.255.255",
        "0.0.0.1", "255.255.255.254", 4_294_967_294L);
  }

  @Test
  @DisplayName("handles /31 (two hosts, no broadcast) and /32 (one host, no broadcast)")
  @Points(1)
  void prefix31And32() {
    expect("10.0.0.1/31", "255.255.255.254", "10.0.0.0", null, "10.0.0.0", "10.0.0.1", 2);
    expect("192.168.1.10/31", "255.255.255.254", "192.168.1.10", null,
        "192.168.1.10", "192.168.1.11", 2);
    expect("203.0.113.9/32", "255.255.255.255", "203.0.113.9", null,
        "203.0.113.9", "203.0.113.9", 1);
    expect("255.255.255.255/32", "255.255.255.255", "255.255.255.255", null,
        "255.255.255.255", "255.255.255.255", 1);
  }

  @Test
  @DisplayName("gives the historic class A-E from the first octet, at every class edge")
  @Points(1)
  void addressClasses() {
    Object[][] cases = {
        {"0.0.0.0/8", 'A'}, {"10.1.2.3/8", 'A'}, {"127.255.255.255/8", 'A'},
        {"128.0.0.0/16", 'B'}, {"172.16.8.1/16", 'B'}, {"191.255.255.255/16", 'B'},
        {"192.0.0.0/24", 'C'}, {"192.168.1.10/24", 'C'}, {"223.255.255.255/24", 'C'},
        {"224.0.0.0/4", 'D'}, {"239.255.255.255/4", 'D'},
        {"240.0.0.0/4", 'E'}, {"250.1.1.1/4", 'E'}, {"255.255.255.255/32", 'E'},
    };
    for (Object[] c : cases) {
      String cidr = (String) c[0];
      char want = (Character) c[1];
      assertEquals(want, parse(cidr).addressClass(), () -> call(cidr, "addressClass()"));
    }
  }

  @Test
  @DisplayName("knows the RFC 1918 private blocks, edges included (172.16.0.0-172.31.255.255)")
  @Points(1)
  void privateAddresses() {
    String[] privateOnes = {
        "10.0.0.0/32", "10.255.255.255/32", "10.1.2.3/8",
        "172.16.0.0/32", "172.31.255.255/32", "172.20.1.1/16",
        "192.168.0.0/32", "192.168.255.255/32", "192.168.1.10/24",
    };
    String[] publicOnes = {
        "9.255.255.255/32", "11.0.0.0/32",
        "172.15.255.255/32", "172.32.0.0/32", "172.40.1.1/16",
        "192.167.255.255/32", "192.169.0.0/32", "8.8.8.8/32", "203.0.113.9/24",
        "127.0.0.1/8", "0.0.0.0/0", "255.255.255.255/32",
    };
    for (String cidr : privateOnes) {
      assertTrue(parse(cidr).isPrivate(),
          () -> call(cidr, "isPrivate()") + ": expected true (RFC 1918), got false");
    }
    for (String cidr : publicOnes) {
      assertFalse(parse(cidr).isPrivate(),
          () -> call(cidr, "isPrivate()") + ": expected false (not RFC 1918), got true");
    }
  }

  @Test
  @DisplayName("contains() is true exactly from the network to the broadcast address")
  @Points(1)
  void containsAtEdges() {
    inside("192.168.1.10/24", "192.168.1.0", "192.168.1.255", "192.168.1.10");
    outside("192.168.1.10/24", "192.168.0.255", "192.168.2.0", "10.0.0.1");
    inside("172.16.0.0/12", "172.16.0.0", "172.31.255.255", "172.20.5.77");
    outside("172.16.0.0/12", "172.15.255.255", "172.32.0.0");
    inside("200.100.50.25/17", "200.100.0.0", "200.100.127.255");
    outside("200.100.50.25/17", "200.100.128.0", "200.99.255.255", "72.100.50.25");
    inside("10.0.0.5/32", "10.0.0.5");
    outside("10.0.0.5/32", "10.0.0.4", "10.0.0.6");
    inside("10.0.0.1/31", "10.0.0.0", "10.0.0.1");
    outside("10.0.0.1/31", "10.0.0.2");
    // /0 spans the sign change of an int: a signed low <= x <= high check fails here
    inside("8.8.8.8/0", "0.0.0.0", "127.255.255.255", "128.0.0.0", "255.255.255.255");

    Subnet net = parse("192.168.1.0/24");
    // null too: the javadoc promises IllegalArgumentException, not a NullPointerException
    for (String bad : new String[] {"192.168.1", "192.168.1.256", "hello", "192.168.1.1/24", "", null}) {
      String shown = bad == null ? "null" : "\"" + bad + "\"";
      IllegalArgumentException e;
      try {
        boolean got = net.contains(bad);
        fail("contains(" + shown + ") on 192.168.1.0/24: expected IllegalArgumentException for a"
            + " malformed address (javadoc @throws), but it returned " + got);
        return;
      } catch (IllegalArgumentException expected) {
        e = expected;
      } catch (RuntimeException other) {
        fail("contains(" + shown + ") on 192.168.1.0/24: expected IllegalArgumentException for a"
            + " malformed address (javadoc @throws), got " + other, other);
        return;
      }
      assertNotNull(e.getMessage(), () -> "contains(" + shown + "): the exception has no message");
    }
  }

  @Test
  @DisplayName("rejects out-of-range numbers, and the message names them (300, 33)")
  @Points(1)
  void rejectsOutOfRange() {
    rejected("300.1.1.1/24", "300");
    rejected("1.2.256.4/24", "256");
    rejected("1.2.3.999/24", "999");
    rejected("1.2.3.4/33", "33");
    rejected("1.2.3.4/128", "128");
    rejected("1.2.3.4/-1", null);
  }

  @Test
  @DisplayName("rejects malformed text: missing parts, extra parts, letters, spaces, null, empty")
  @Points(1)
  void rejectsMalformed() {
    String[] bad = {
        null, "", "abc", "1.2.3/24", "1.2.3.4", "1.2.3.4/", "/24", "1.2.3.4.5/24",
        "1..3.4/24", "1.2.3.4./24", ".1.2.3.4/24", "a.b.c.d/24", "1.2.3.4/2x",
        "1.2.3.4//24", "1.2.3.4/24/8", " 1.2.3.4/24", "1.2.3.4/24 ", "1.2.3.4 /24",
        "1.2.3.4/ 24", "1.2.3.4/24x", "x1.2.3.4/24", "+1.2.3.4/24", "1.2.3.4/+24",
        "1.2.-3.4/24", "1,2,3,4/24", "1.2.3.4\\24", "1.2.3.4/24\n",
    };
    for (String cidr : bad) {
      rejected(cidr, null);
    }
  }

  @Test
  @DisplayName("rejects digits other than ASCII 0-9 (Arabic-Indic, fullwidth), which Integer.parseInt takes")
  @Points(1)
  void rejectsNonAsciiDigits() {
    // README: "An octet is written with the digits 0-9 only". Integer.parseInt("\u0661") is 1.
    String[] bad = {
        "\u0661.2.3.4/24", "1.2.3.\u0664/24", "1.2.3.4/\u0662\u0664", "\uFF11\uFF10.0.0.1/8",
        "1.2.3.4/2\u0664",
    };
    for (String cidr : bad) {
      rejected(cidr, null);
    }
  }

  @Test
  @DisplayName("the message names the offending text when it is not a number or not four octets")
  @Points(1)
  void messageNamesTheOffendingPart() {
    // javadoc of parse: "the message names the offending part"; quoting the whole input is fine too
    rejected("1.2.3.4/24x", "24x");
    rejected("1.2.3.4/-1", "-1");
    rejected("+1.2.3.4/24", "+1");
    rejected("1.2.x3.4/24", "x3");
    rejected("1.2.3/24", "1.2.3");
    rejected("1.2.3.4.5/24", "1.2.3.4.5");
  }

  // --- helpers -----------------------------------------------------------------------------

  /** Checks every derived value of one subnet; broadcast null means "must be empty". */
  private static void expect(String cidr, String mask, String network, String broadcast,
      String first, String last, long hosts) {
    Subnet s = parse(cidr);
    String address = cidr.substring(0, cidr.indexOf('/'));
    int prefix = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
    Optional<String> wantBroadcast = Optional.ofNullable(broadcast);
    assertAll(cidr,
        () -> assertEquals(address, s.address(), () -> call(cidr, "address()")),
        () -> assertEquals(prefix, s.prefixLength(), () -> call(cidr, "prefixLength()")),
        () -> assertEquals(mask, s.mask(), () -> call(cidr, "mask()")),
        () -> assertEquals(network, s.network(), () -> call(cidr, "network()")),
        () -> assertEquals(wantBroadcast, s.broadcast(), () -> call(cidr, "broadcast()")
            + (broadcast == null ? " (a /" + prefix + " has no broadcast address)" : "")),
        () -> assertEquals(first, s.firstHost(), () -> call(cidr, "firstHost()")),
        () -> assertEquals(last, s.lastHost(), () -> call(cidr, "lastHost()")),
        () -> assertEquals(hosts, s.hostCount(), () -> call(cidr, "hostCount()")),
        () -> assertEquals(cidr, s.toString(), () -> call(cidr, "toString()")));
  }

  private static void inside(String cidr, String... addresses) {
    Subnet s = parse(cidr);
    for (String a : addresses) {
      assertTrue(s.contains(a), () -> call(cidr, "contains(\"" + a + "\")")
          + ": expected true (inside the block), got false");
    }
  }

  private static void outside(String cidr, String... addresses) {
    Subnet s = parse(cidr);
    for (String a : addresses) {
      assertFalse(s.contains(a), () -> call(cidr, "contains(\"" + a + "\")")
          + ": expected false (outside the block), got true");
    }
  }

  /** parse must throw IllegalArgumentException with a message that mentions {@code named}. */
  private static void rejected(String cidr, String named) {
    String shown = cidr == null ? "null" : "\"" + escape(cidr) + "\"";
    IllegalArgumentException e;
    try {
      Subnet s = Subnet.parse(cidr);
      fail("Subnet.parse(" + shown + "): expected IllegalArgumentException, but it returned "
          + describe(s));
      return;
    } catch (IllegalArgumentException expected) {
      e = expected; // NumberFormatException is an IllegalArgumentException too, which is fine
    } catch (RuntimeException other) {
      fail("Subnet.parse(" + shown + "): expected IllegalArgumentException, got " + other, other);
      return;
    }
    String msg = e.getMessage();
    assertTrue(msg != null && !msg.isBlank(),
        () -> "Subnet.parse(" + shown + "): the IllegalArgumentException has no message;"
            + " say what is wrong");
    if (named != null) {
      assertTrue(msg.contains(named),
          () -> "Subnet.parse(" + shown + "): the message should name the bad part " + named
              + ", but it was: " + msg);
    }
  }

  private static Subnet parse(String cidr) {
    try {
      return Subnet.parse(cidr);
    } catch (RuntimeException e) {
      throw new AssertionError("Subnet.parse(\"" + cidr + "\") threw " + e, e);
    }
  }

  private static String call(String cidr, String method) {
    return "Subnet.parse(\"" + cidr + "\")." + method;
  }

  private static String describe(Subnet s) {
    try {
      return "a Subnet (" + s + ")";
    } catch (RuntimeException e) {
      return "a Subnet";
    }
  }

  private static String escape(String s) {
    return s.replace("\n", "\\n").replace("\t", "\\t");
  }
}
