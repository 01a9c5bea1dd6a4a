import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * TEST-ONLY helper of the hidden tests of exercise 17: the certificates their TLS servers
 * present, made fresh on every run. X.509 v3 certificates are written as DER by hand and signed
 * with java.security.Signature, all public JDK API: keytool would start a JVM per certificate
 * (3 s each on a loaded machine, and the tests need a dozen) and sun.security.x509 is internal.
 * No private key is stored anywhere.
 */
final class TestPki {
  /** A key pair and its certificate chain (leaf first). */
  record Identity(KeyPair keys, List<X509Certificate> chain) {
    X509Certificate cert() {
      return chain.get(0);
    }

    /** A key store with this identity as alias "server", password "secret", for a server's KeyManagerFactory. */
    KeyStore keyStore() throws GeneralSecurityException {
      KeyStore ks = emptyStore();
      ks.setKeyEntry("server", keys.getPrivate(), PASSWORD, chain.toArray(new X509Certificate[0]));
      return ks;
    }
  }

  static final char[] PASSWORD = "secret".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private TestPki() {}

  /** A self-signed certificate for {@code names} (DNS names or IP literals), valid from an hour ago for a day. */
  static Identity selfSigned(String... names) throws GeneralSecurityException {
    Instant now = Instant.now();
    return make(names[0], List.of(names), false, null, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
  }

  /** A self-signed certification authority (basic constraints CA, key usage keyCertSign). */
  static Identity authority(String commonName) throws GeneralSecurityException {
    Instant now = Instant.now();
    return make(commonName, List.of(), true, null, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
  }

  /** A certificate for {@code names} signed by {@code ca}, valid in [notBefore, notAfter]. */
  static Identity issued(Identity ca, Instant notBefore, Instant notAfter, String... names) throws GeneralSecurityException {
    return make(names[0], List.of(names), false, ca, notBefore, notAfter);
  }

  static Identity issued(Identity ca, String... names) throws GeneralSecurityException {
    Instant now = Instant.now();
    return issued(ca, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), names);
  }

  /** A trust store (no keys) holding {@code certs} as trusted certificate entries. */
  static KeyStore trustStore(X509Certificate... certs) throws GeneralSecurityException {
    KeyStore ks = emptyStore();
    for (int i = 0; i < certs.length; i++) ks.setCertificateEntry("trusted-" + i, certs[i]);
    return ks;
  }

  static KeyStore emptyStore() throws GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try {
      ks.load(null, null);
    } catch (java.io.IOException e) {
      throw new GeneralSecurityException(e);
    }
    return ks;
  }

  private static Identity make(String cn, List<String> names, boolean isCa, Identity issuer, Instant notBefore,
      Instant notAfter) throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = g.generateKeyPair();
    byte[] subject = name(cn);
    byte[] issuerName = issuer == null ? subject : name(commonName(issuer.cert()));
    List<byte[]> extensions = new ArrayList<>();
    if (!names.isEmpty()) extensions.add(extension("2.5.29.17", false, subjectAltNames(names)));
    if (isCa) {
      extensions.add(extension("2.5.29.19", true, seq(tlv(0x01, new byte[] {(byte) 0xff}))));
      // keyCertSign (bit 5) and cRLSign (bit 6): one byte 0000 0110, 1 unused bit
      extensions.add(extension("2.5.29.15", true, tlv(0x03, new byte[] {1, 0x06})));
    }
    byte[] algorithm = seq(oid("1.2.840.10045.4.3.2")); // ecdsa-with-SHA256, no parameters
    byte[] tbs = seq(
        tlv(0xa0, integer(BigInteger.valueOf(2))), // [0] version v3
        integer(new BigInteger(64, RANDOM).setBit(62)),
        algorithm,
        issuerName,
        seq(time(notBefore), time(notAfter)),
        subject,
        keys.getPublic().getEncoded(), // SubjectPublicKeyInfo, already DER
        tlv(0xa3, seq(extensions.toArray(new byte[0][]))));
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(issuer == null ? keys.getPrivate() : issuer.keys().getPrivate());
    signer.update(tbs);
    byte[] signature = signer.sign();
    byte[] der = seq(tbs, algorithm, bitString(signature));
    X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new java.io.ByteArrayInputStream(der));
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(cert);
    if (issuer != null) chain.addAll(issuer.chain());
    return new Identity(keys, List.copyOf(chain));
  }

  private static String commonName(X509Certificate c) {
    String dn = c.getSubjectX500Principal().getName(); // RFC 2253: CN=...
    return dn.substring(3);
  }

  // --- DER, just what a certificate needs --------------------------------------------------

  private static byte[] name(String cn) {
    // Name ::= SEQUENCE OF SET OF { type OID, value }; one RDN, the common name (2.5.4.3) as UTF8String
    return seq(tlv(0x31, seq(oid("2.5.4.3"), tlv(0x0c, cn.getBytes(StandardCharsets.UTF_8)))));
  }

  private static byte[] subjectAltNames(List<String> names) {
    List<byte[]> general = new ArrayList<>();
    for (String n : names) {
      if (isIpLiteral(n)) {
        try {
          general.add(tlv(0x87, InetAddress.getByName(n).getAddress())); // [7] iPAddress
        } catch (java.net.UnknownHostException e) {
          throw new IllegalArgumentException(n, e);
        }
      } else {
        general.add(tlv(0x82, n.getBytes(StandardCharsets.US_ASCII))); // [2] dNSName
      }
    }
    return seq(general.toArray(new byte[0][]));
  }

  private static boolean isIpLiteral(String n) {
    return n.contains(":") || n.matches("[0-9.]+");
  }

  private static byte[] extension(String oid, boolean critical, byte[] value) {
    return critical ? seq(oid(oid), tlv(0x01, new byte[] {(byte) 0xff}), tlv(0x04, value))
        : seq(oid(oid), tlv(0x04, value));
  }

  private static byte[] time(Instant t) {
    var utc = t.atOffset(ZoneOffset.UTC);
    // RFC 5280: UTCTime up to 2049, GeneralizedTime from 2050
    if (utc.getYear() < 2050) {
      return tlv(0x17, DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").format(utc).getBytes(StandardCharsets.US_ASCII));
    }
    return tlv(0x18, DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").format(utc).getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] integer(BigInteger v) {
    return tlv(0x02, v.toByteArray());
  }

  private static byte[] bitString(byte[] bytes) {
    byte[] v = new byte[bytes.length + 1]; // leading 0: no unused bits
    System.arraycopy(bytes, 0, v, 1, bytes.length);
    return tlv(0x03, v);
  }

  private static byte[] oid(String dotted) {
    String[] parts = dotted.split("\\.");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(Integer.parseInt(parts[0]) * 40 + Integer.parseInt(parts[1]));
    for (int i = 2; i < parts.length; i++) {
      long v = Long.parseLong(parts[i]);
      // base 128, high bit set on every byte but the last
      int shift = 0;
      while ((v >> (shift + 7)) != 0) shift += 7;
      for (; shift > 0; shift -= 7) out.write((int) (((v >> shift) & 0x7f) | 0x80));
      out.write((int) (v & 0x7f));
    }
    return tlv(0x06, out.toByteArray());
  }

  private static byte[] seq(byte[]... parts) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] p : parts) body.writeBytes(p);
    return tlv(0x30, body.toByteArray());
  }

  private static byte[] tlv(int tag, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = value.length;
    if (n < 0x80) {
      out.write(n);
    } else {
      int bytes = n < 0x100 ? 1 : n < 0x10000 ? 2 : 3;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) out.write(n >> (8 * i));
    }
    out.writeBytes(value);
    return out.toByteArray();
  }
}
