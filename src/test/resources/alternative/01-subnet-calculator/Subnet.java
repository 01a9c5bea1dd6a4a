// ALTERNATIVE: parses with anchored regular expressions, keeps the address in a long (no negative values, no /0 special case), classes from the count of leading one bits, private blocks and contains() as unsigned low..high ranges; other message wording.
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A correct Subnet written differently from the reference, for AlternativeImplementationsTest. */
public final class Subnet {
  // [0-9] is ASCII only (no UNICODE_CHARACTER_CLASS), so Arabic-Indic or fullwidth digits fail
  private static final Pattern QUAD = Pattern.compile("([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})");
  private static final Pattern PREFIX = Pattern.compile("[0-9]{1,2}");
  private static final long ALL = 0xFFFF_FFFFL;

  private final long address;
  private final int prefix;

  private Subnet(long address, int prefix) {
    this.address = address;
    this.prefix = prefix;
  }

  public static Subnet parse(String cidr) {
    if (cidr == null) throw new IllegalArgumentException("CIDR text is null");
    if (cidr.isEmpty()) throw new IllegalArgumentException("CIDR text is empty");
    int slash = cidr.indexOf('/');
    if (slash == -1) throw new IllegalArgumentException("'" + cidr + "' lacks the '/prefix' part");
    if (cidr.lastIndexOf('/') != slash) throw new IllegalArgumentException("'" + cidr + "' has more than one '/'");
    long address = toLong(cidr.substring(0, slash));
    String p = cidr.substring(slash + 1);
    if (!PREFIX.matcher(p).matches()) {
      throw new IllegalArgumentException("prefix '" + p + "' should be a whole number between 0 and 32");
    }
    int prefix = Integer.parseInt(p);
    if (prefix > 32) throw new IllegalArgumentException("prefix " + prefix + " is larger than 32");
    return new Subnet(address, prefix);
  }

  public String address() {
    return dotted(address);
  }

  public int prefixLength() {
    return prefix;
  }

  public String mask() {
    return dotted(maskBits());
  }

  public String network() {
    return dotted(low());
  }

  public Optional<String> broadcast() {
    if (prefix == 31 || prefix == 32) return Optional.empty();
    return Optional.of(dotted(high()));
  }

  public String firstHost() {
    return dotted(prefix > 30 ? low() : low() + 1);
  }

  public String lastHost() {
    return dotted(prefix > 30 ? high() : high() - 1);
  }

  public long hostCount() {
    switch (prefix) {
      case 32: return 1;
      case 31: return 2;
      default: return (high() - low() + 1) - 2;
    }
  }

  public char addressClass() {
    // 0xxx A, 10xx B, 110x C, 1110 D, 1111 E: the class is the number of leading one bits
    int leadingOnes = Integer.numberOfLeadingZeros(~((int) (address >> 24) << 24));
    return "ABCDE".charAt(Math.min(leadingOnes, 4));
  }

  public boolean isPrivate() {
    return between(address, "10.0.0.0", "10.255.255.255")
        || between(address, "172.16.0.0", "172.31.255.255")
        || between(address, "192.168.0.0", "192.168.255.255");
  }

  public boolean contains(String other) {
    if (other == null) throw new IllegalArgumentException("address to test is null");
    long x = toLong(other);
    return low() <= x && x <= high();
  }

  @Override
  public String toString() {
    return address() + "/" + prefix;
  }

  private long maskBits() {
    return (ALL << (32 - prefix)) & ALL; // a long shifted by 32 is 0: /0 needs no special case
  }

  private long low() {
    return address & maskBits();
  }

  private long high() {
    return low() | (~maskBits() & ALL);
  }

  private static boolean between(long x, String from, String to) {
    return toLong(from) <= x && x <= toLong(to);
  }

  private static long toLong(String text) {
    Matcher m = QUAD.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a dotted quad like 10.0.0.1");
    }
    long value = 0;
    for (int i = 1; i <= 4; i++) {
      int octet = Integer.parseInt(m.group(i));
      if (octet > 255) {
        throw new IllegalArgumentException("octet " + octet + " of '" + text + "' is above 255");
      }
      value = value * 256 + octet;
    }
    return value;
  }

  private static String dotted(long ip) {
    StringJoiner j = new StringJoiner(".");
    for (int shift = 24; shift >= 0; shift -= 8) j.add(Long.toString(ip >> shift & 0xFF));
    return j.toString();
  }
}
