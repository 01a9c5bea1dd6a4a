package netlab.grade.worker;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The JVM-wide hooks that decide what the hidden tests' own sockets are, watched for change.
 * Student code shares the worker's JVM with the tests, and the JDK lets any code install a
 * factory for every {@link Socket}, {@link ServerSocket} and {@link DatagramSocket} made after it
 * (the tests' client sockets included), route plain sockets and {@code HttpClient} through a proxy
 * ({@link ProxySelector#setDefault}, or the {@code socksProxyHost} family of system properties),
 * or put its own provider in front of the JDK's TLS and key classes. A program that does any of
 * these can answer the tests itself, with no server behind it: a line-echo "server" that only
 * installed an in-memory socket factory scored 8 of 10 before this watch.
 *
 * <p>The worker looks after every test, before its result is sent: a change is a tamper verdict
 * for the exercise, and the worker (whose set-once factories cannot be unset) is replaced. The
 * same watch on every Java: the {@link ExitGuard} of 17–23 could refuse the factories, but its
 * "setFactory" permission also guards {@code HttpsURLConnection.setDefaultSSLSocketFactory},
 * which a tls-client student may call by mistake and is told so by that exercise's own test;
 * and 24+ has no SecurityManager at all. The security providers are watched only where the
 * guard does not already refuse changing them.
 */
final class JvmDefaults {
  private final ProxySelector proxySelector;
  /** System.getProperties() itself: replaced (System.setProperties), it could answer what it lists differently. */
  private final java.util.Properties properties;
  private final Map<String, String> proxyProperties;
  /** The security providers, or null where the SecurityManager already refuses changing them. */
  private final Provider[] providers;

  private JvmDefaults(boolean providersGuarded) {
    proxySelector = ProxySelector.getDefault();
    properties = System.getProperties();
    proxyProperties = proxyProperties();
    providers = providersGuarded ? null : Security.getProviders();
  }

  /** What the JVM has now; {@code providersGuarded}: the SecurityManager refuses changing the providers. */
  static JvmDefaults now(boolean providersGuarded) {
    return new JvmDefaults(providersGuarded);
  }

  /** What changed since the snapshot, said for the student, or null. */
  String changed() {
    if (factorySet(() -> Socket.setSocketImplFactory(null))) {
      return "Socket.setSocketImplFactory was called: every socket the tests open would be the program's own";
    }
    if (factorySet(() -> ServerSocket.setSocketFactory(null))) {
      return "ServerSocket.setSocketFactory was called: every server socket the tests open would be the program's own";
    }
    if (factorySet(() -> DatagramSocket.setDatagramSocketImplFactory(null))) {
      return "DatagramSocket.setDatagramSocketImplFactory was called: every UDP socket the tests open would be the program's own";
    }
    if (ProxySelector.getDefault() != proxySelector) {
      return "ProxySelector.setDefault was called: the tests' connections would go through the program's proxy";
    }
    if (System.getProperties() != properties) {
      return "System.setProperties was called: the JDK's proxy settings (socksProxyHost…) would come from the program";
    }
    Map<String, String> props = proxyProperties();
    if (!props.equals(proxyProperties)) {
      for (String k : union(props, proxyProperties)) {
        if (!Objects.equals(props.get(k), proxyProperties.get(k))) {
          return "the system property " + k + " was changed: the tests' connections would go through a proxy";
        }
      }
    }
    if (providers != null && !Arrays.equals(Security.getProviders(), providers)) {
      return "the security providers were changed (Security.addProvider, insertProviderAt or removeProvider):"
          + " the tests' TLS and keys would come from the program";
    }
    return null;
  }

  private interface Probe {
    void run() throws IOException;
  }

  /**
   * Whether a set-once factory is set. Setting null where none is set changes nothing (the JDK
   * only refuses a second factory), so asking this way is harmless.
   */
  private static boolean factorySet(Probe setNull) {
    try {
      setNull.run();
      return false;
    } catch (IOException | Error | RuntimeException e) {
      // "factory already defined"; a refusal would mean the guard is in the way of our own probe
      return e.getMessage() != null && e.getMessage().contains("already defined");
    }
  }

  /** What java.net's DefaultProxySelector and SocksSocketImpl read (docs: Networking Properties). */
  private static final String[] KNOWN = {"socksProxyHost", "socksProxyPort", "socksProxyVersion", "socksNonProxyHosts",
      "java.net.socks.username", "java.net.socks.password", "http.proxyHost", "http.proxyPort", "http.nonProxyHosts",
      "https.proxyHost", "https.proxyPort", "ftp.proxyHost", "ftp.proxyPort", "ftp.nonProxyHosts",
      "java.net.useSystemProxies"};

  /** System properties that route connections through a proxy (the JDK reads them at each connect). */
  private static Map<String, String> proxyProperties() {
    Map<String, String> out = new TreeMap<>();
    // the keys the JDK reads, asked the way it asks (getProperty), and any other that names a proxy
    for (String k : KNOWN) {
      String v = System.getProperty(k);
      if (v != null) out.put(k, v);
    }
    for (String k : System.getProperties().stringPropertyNames()) {
      String l = k.toLowerCase(Locale.ROOT);
      if (l.contains("proxy") || l.startsWith("socks") || l.startsWith("java.net.socks.")) {
        out.put(k, System.getProperty(k));
      }
    }
    return out;
  }

  private static Set<String> union(Map<String, String> a, Map<String, String> b) {
    Set<String> keys = new TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    return keys;
  }
}
