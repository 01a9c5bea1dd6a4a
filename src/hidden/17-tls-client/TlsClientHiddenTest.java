import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import netlab.grade.api.Points;
import netlab.grade.support.ThreadCensus;
import netlab.grade.support.Timing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hidden tests for exercise 17, tls-client. Every server is a real TLS server on 127.0.0.1,
 * port 0, with certificates made for this run (TestPki); the client is the student's
 * {@code TlsClient.connect}. Each connect runs on a helper thread with a time limit, so a hang
 * fails with a message instead of the test's timeout.
 */
class TlsClientHiddenTest {

  private static final String NAME = "service.netlab.test";
  private static final int TIMEOUT_MS = 2000;

  private final List<AutoCloseable> open = Collections.synchronizedList(new ArrayList<>());
  private final ExecutorService calls = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, ThreadCensus.TEST_THREAD_PREFIX + "connect");
    t.setDaemon(true);
    return t;
  });

  /**
   * The first TLS handshake in a JVM loads and links JSSE and its elliptic-curve code (hundreds of
   * classes, and the grading worker has no class-data archive): seconds on a crowded machine,
   * which once took a correct client's first test past its 5 s (4 students graded at once on 2
   * cores). One handshake between two JDK sockets, none of the student's code, with a limit of its
   * own; best effort: if it fails, the tests say what is wrong. The server's certificate is issued
   * by a CA, so that the PKIX path-building code a chain needs is loaded here too (a reference
   * client once ran past 5 s in its first CA test during CI).
   */
  @BeforeAll
  @Timeout(60)
  static void warmUpTls() throws InterruptedException {
    Thread server = null;
    try {
      TestPki.Identity ca = TestPki.authority("NetLab Warm-up CA");
      TestPki.Identity id = TestPki.issued(ca, NAME);
      SSLContext serverCtx = SSLContext.getInstance("TLS");
      serverCtx.init(new KeyManager[] {new SniKeyManager(List.of(id))}, null, null);
      javax.net.ssl.TrustManagerFactory tmf =
          javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(TestPki.trustStore(ca.cert()));
      SSLContext clientCtx = SSLContext.getInstance("TLS");
      clientCtx.init(null, tmf.getTrustManagers(), null);
      SSLServerSocket listener = (SSLServerSocket) serverCtx.getServerSocketFactory()
          .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
      server = new Thread(() -> {
        try (listener; SSLSocket s = (SSLSocket) listener.accept()) {
          s.setSoTimeout(30_000);
          s.startHandshake();
          s.getInputStream().read(); // until the client closes
        } catch (IOException e) {
          // best effort
        }
      }, ThreadCensus.TEST_THREAD_PREFIX + "tls-warm-up");
      server.setDaemon(true);
      server.start();
      try (SSLSocket c = (SSLSocket) clientCtx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
          listener.getLocalPort())) {
        javax.net.ssl.SSLParameters p = c.getSSLParameters();
        p.setServerNames(List.of(new SNIHostName(NAME)));
        p.setEndpointIdentificationAlgorithm("HTTPS");
        c.setSSLParameters(p);
        c.setSoTimeout(30_000);
        c.startHandshake();
      }
    } catch (Exception e) {
      // best effort: the tests themselves report any real problem
    } finally {
      if (server != null) server.join(30_000);
    }
  }

  @AfterEach
  void cleanUp() {
    calls.shutdownNow();
    synchronized (open) {
      for (AutoCloseable c : open) {
        try {
          c.close();
        } catch (Exception ignored) {
          // cleaning up after the verdict
        }
      }
    }
  }

  @Test
  @DisplayName("completes a TLS 1.3 handshake with a trusted server before returning, and the socket carries data")
  @Points(1)
  void handshakeWithTrustedServer() throws Exception {
    TestPki.Identity server = TestPki.selfSigned(NAME);
    TlsPeer peer = new TlsPeer(List.of(server));
    String call = connectCall(NAME, peer, "its own self-signed certificate for " + NAME);
    SSLSocket s = connectOrFail(NAME, peer.address(), TestPki.trustStore(server.cert()), TIMEOUT_MS, call);

    // the client sends nothing more now: the server can only finish if connect() finished the handshake
    ServerSide h = peer.next(Duration.ofSeconds(2));
    assertNotNull(h, () -> call + " returned a socket, but 2 s later the server had not seen the handshake"
        + " finish (nothing was sent after connect() returned). README: connect returns only after the"
        + " handshake is complete; call startHandshake() before returning");
    assertTrue(h.ok(), () -> call + ": the server's side of the handshake failed: " + h.error());
    SSLSession session = s.getSession();
    assertEquals("TLSv1.3", session.getProtocol(), () -> call + ": the returned socket's session uses "
        + session.getProtocol() + "; README: only TLS 1.3");
    assertEquals(0, s.getSoTimeout(), () -> call + ": the returned socket has a read timeout of "
        + soTimeout(s) + " ms; README: the timeout is for connecting and the handshake, the returned"
        + " socket has none (0), the caller sets its own");

    String line = "ping über TLS\n";
    s.getOutputStream().write(line.getBytes(StandardCharsets.UTF_8));
    s.getOutputStream().flush();
    s.setSoTimeout(2000);
    String back = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
    assertEquals("ping über TLS", back, () -> call + ", then wrote \"ping über TLS\\n\" on the returned socket;"
        + " the server echoes lines and the client read back " + (back == null ? "the end of the stream" : "\"" + back + "\""));
  }

  @Test
  @DisplayName("refuses a self-signed certificate that is not in the trust store (SSLHandshakeException from connect)")
  @Points(1)
  void refusesUntrustedCertificate() throws Exception {
    TestPki.Identity impostor = TestPki.selfSigned(NAME);
    TestPki.Identity real = TestPki.selfSigned(NAME);
    TlsPeer peer = new TlsPeer(List.of(impostor));
    expectRefused(NAME, peer, TestPki.trustStore(real.cert()), "a server presenting a self-signed certificate for "
        + NAME + " that is NOT in the trust store (the store holds another certificate with the same name:"
        + " the real server's), as a man in the middle would", "trust only the trust store's certificates: a"
        + " TrustManagerFactory initialised with it, never a trust-all TrustManager");
  }

  @Test
  @DisplayName("refuses a trusted certificate issued for another name, also the name the address carries (localhost)")
  @Points(1)
  void checksTheHostName() throws Exception {
    TestPki.Identity other = TestPki.selfSigned("other.netlab.test");
    TlsPeer otherPeer = new TlsPeer(List.of(other));
    expectRefused(NAME, otherPeer, TestPki.trustStore(other.cert()), "a server whose certificate is in the trust"
        + " store but issued for other.netlab.test, not " + NAME,
        "the certificate must be issued for serverName: set the endpoint identification algorithm \"HTTPS\"");

    // the address the client gets is localhost/127.0.0.1: a check against the address's name passes this one
    TestPki.Identity local = TestPki.selfSigned("localhost", "127.0.0.1");
    TlsPeer localPeer = new TlsPeer(List.of(local));
    expectRefused(NAME, localPeer, TestPki.trustStore(local.cert()), "a server whose certificate is in the trust"
        + " store but issued for localhost and 127.0.0.1 (the address " + localPeer.address() + " carries the name"
        + " localhost), not for " + NAME, "the certificate must name serverName, not"
        + " whatever name the address carries: make serverName the peer host, e.g. by layering the SSLSocket"
        + " over the connected socket with createSocket(socket, serverName, port, true)");
  }

  @Test
  @DisplayName("accepts a certificate signed by a CA in the trust store (the server's own certificate is not in it)")
  @Points(1)
  void acceptsChainToTrustedAuthority() throws Exception {
    TestPki.Identity ca = TestPki.authority("NetLab Test CA " + System.nanoTime());
    TestPki.Identity server = TestPki.issued(ca, NAME);
    TlsPeer peer = new TlsPeer(List.of(server));
    String call = connectCall(NAME, peer, "a certificate for " + NAME + " signed by a CA; the trust store holds"
        + " only the CA's certificate");
    SSLSocket s = connectOrFail(NAME, peer.address(), TestPki.trustStore(ca.cert()), TIMEOUT_MS, call
        + " (README: the trust store's certificates are trust anchors, a chain that leads to one is trusted:"
        + " let a TrustManagerFactory check the chain, do not compare the server's certificate with the store's)");
    X509Certificate got = (X509Certificate) s.getSession().getPeerCertificates()[0];
    assertEquals(server.cert(), got, () -> call + ": the session's peer certificate is " + got.getSubjectX500Principal());
  }

  @Test
  @DisplayName("refuses an expired certificate and one signed by a CA that is not in the trust store")
  @Points(1)
  void refusesExpiredAndForeignChains() throws Exception {
    TestPki.Identity ca = TestPki.authority("NetLab Test CA " + System.nanoTime());
    Instant now = Instant.now();
    TestPki.Identity expired = TestPki.issued(ca, now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)), NAME);
    TlsPeer expiredPeer = new TlsPeer(List.of(expired));
    expectRefused(NAME, expiredPeer, TestPki.trustStore(ca.cert()), "a server whose certificate for " + NAME
        + " was signed by the trusted CA but expired yesterday",
        "a certificate is trusted only within its validity dates; the JDK's PKIX trust manager checks them");

    TestPki.Identity otherCa = TestPki.authority("Other CA " + System.nanoTime());
    TestPki.Identity foreign = TestPki.issued(otherCa, NAME);
    TlsPeer foreignPeer = new TlsPeer(List.of(foreign));
    expectRefused(NAME, foreignPeer, TestPki.trustStore(ca.cert()), "a server whose certificate for " + NAME
        + " was signed by another CA, not the one in the trust store",
        "only chains that end at a certificate of the trust store are trusted");
  }

  @Test
  @DisplayName("sends serverName as SNI, so a server with several certificates presents the right one")
  @Points(1)
  void sendsSniForVirtualHost() throws Exception {
    TestPki.Identity first = TestPki.selfSigned("www.netlab.test");
    TestPki.Identity wanted = TestPki.selfSigned("mail.netlab.test");
    TlsPeer peer = new TlsPeer(List.of(first, wanted)); // without SNI it presents www.netlab.test
    String call = connectCall("mail.netlab.test", peer, "two certificates, www.netlab.test (presented when the"
        + " client names no server) and mail.netlab.test; the trust store holds both");
    SSLSocket s;
    try {
      s = connect("mail.netlab.test", peer.address(), TestPki.trustStore(first.cert(), wanted.cert()), TIMEOUT_MS);
    } catch (IOException e) {
      ServerSide h = peer.next(Duration.ofMillis(500));
      fail(call + ": connect threw " + e + (h == null ? "" : "; the server saw SNI " + h.sni() + " and presented "
          + h.presented()) + ". README: send serverName in the server_name (SNI) extension; the server picks its"
          + " certificate by it");
      return;
    }
    ServerSide h = peer.next(Duration.ofSeconds(2));
    assertNotNull(h, () -> call + ": the server did not see the handshake finish");
    assertEquals(List.of("mail.netlab.test"), h.sni(), () -> call + ": the server saw SNI " + h.sni()
        + " and presented " + h.presented() + "; README: the ClientHello carries serverName as SNI");
    X509Certificate got = (X509Certificate) s.getSession().getPeerCertificates()[0];
    assertEquals(wanted.cert(), got, () -> call + ": got the certificate of " + got.getSubjectX500Principal());
  }

  @Test
  @DisplayName("sends SNI also for a name without a dot (api), which the JDK leaves out by itself")
  @Points(1)
  void sendsSniForSingleLabelName() throws Exception {
    TestPki.Identity server = TestPki.selfSigned("api");
    TlsPeer peer = new TlsPeer(List.of(server));
    String call = connectCall("api", peer, "a certificate for the name api (a single label, like a Docker"
        + " Compose service name)");
    connectOrFail("api", peer.address(), TestPki.trustStore(server.cert()), TIMEOUT_MS, call);
    ServerSide h = peer.next(Duration.ofSeconds(2));
    assertNotNull(h, () -> call + ": the server did not see the handshake finish");
    assertEquals(List.of("api"), h.sni(), () -> call + ": the server saw SNI " + h.sni() + "; README: SNI always"
        + " carries serverName. The JDK sends SNI by itself only for names with a dot; set it with"
        + " SSLParameters.setServerNames(List.of(new SNIHostName(serverName)))");
  }

  @Test
  @DisplayName("offers only TLS 1.3: refuses a server that speaks at most TLS 1.2")
  @Points(1)
  void refusesTls12() throws Exception {
    TestPki.Identity server = TestPki.selfSigned(NAME);
    TlsPeer peer = new TlsPeer(List.of(server), "TLSv1.2");
    expectRefused(NAME, peer, TestPki.trustStore(server.cert()), "a server with a trusted certificate for " + NAME
        + " that speaks only TLS 1.2",
        "offer only TLS 1.3 (SSLParameters.setProtocols(new String[] {\"TLSv1.3\"}))");
  }

  @Test
  @DisplayName("gives up on a server that never answers the handshake (SocketTimeoutException, connection closed) and on a refused connection")
  @Points(1)
  void timesOutOnSilentServer() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort(); // free once closed: nothing listens there
    }
    InetSocketAddress nobody = new InetSocketAddress(InetAddress.getLoopbackAddress(), closedPort);
    String refusedCall = "connect(\"" + NAME + "\", " + nobody + ", <trust store>, " + TIMEOUT_MS + ") where nothing listens";
    try {
      SSLSocket s = connect(NAME, nobody, TestPki.trustStore(TestPki.selfSigned(NAME).cert()), TIMEOUT_MS);
      if (s != null) s.close();
      fail(refusedCall + ": connect returned a socket");
    } catch (java.net.ConnectException expected) {
      // the TCP connect's own exception, as the README says
    } catch (IOException | RuntimeException e) {
      fail(refusedCall + ": connect threw " + e + "; README: the ConnectException of the TCP connect reaches the caller");
    }

    Timing.measured(() -> {
      try (SilentPeer peer = new SilentPeer()) {
        int timeout = 500;
        String call = "connect(\"" + NAME + "\", " + peer.address() + ", <trust store>, " + timeout + ") to a server"
            + " that accepts the TCP connection, reads the ClientHello and never answers";
        KeyStore trust = TestPki.trustStore(TestPki.selfSigned(NAME).cert());
        long t0 = System.nanoTime();
        Future<SSLSocket> f = calls.submit(() -> TlsClient.connect(NAME, peer.address(), trust, timeout));
        Throwable thrown = null;
        SSLSocket returned = null;
        try {
          returned = f.get(timeout * 3L + 2000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          thrown = e.getCause();
        } catch (TimeoutException e) {
          f.cancel(true);
          fail(call + ": connect was still waiting after " + (timeout * 3 + 2000) + " ms. README: each read of the"
              + " handshake waits at most timeoutMillis (setSoTimeout before startHandshake)");
        }
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        if (returned != null) {
          returned.close();
          fail(call + ": connect returned a socket although no handshake took place; README: connect returns"
              + " only after the handshake");
        }
        Throwable t = thrown;
        assertTrue(t instanceof SocketTimeoutException, () -> call + ": connect threw " + t + "; README: a"
            + " SocketTimeoutException when the handshake takes too long");
        assertTrue(peer.sawClientHello(), () -> call + ": the server received " + peer.firstBytes()
            + " instead of a TLS ClientHello (a handshake record starts with 0x16)");
        Timing.within(tookMs >= timeout - 100 && tookMs <= timeout * 2L + 600, () -> call + ": connect threw"
            + " after " + tookMs + " ms; README: after about timeoutMillis (" + timeout + " ms)");
        boolean closed = peer.awaitClosedByClient(Duration.ofSeconds(1));
        assertTrue(closed, () -> call + ": connect threw " + t + ", but 1 s later the connection was still open"
            + " (the server read nothing and no end of stream). README: close the socket before the exception"
            + " leaves connect; the JDK does not close it after a handshake timeout");
      }
    });
  }

  @Test
  @DisplayName("uses only the trust store of each call: nothing is cached between calls, no JVM-wide default is changed")
  @Points(1)
  void eachCallUsesItsOwnTrustStore() throws Exception {
    SSLContext defaultBefore = SSLContext.getDefault();
    SSLSocketFactory httpsBefore = HttpsURLConnection.getDefaultSSLSocketFactory();
    Map<String, String> propsBefore = sslProperties();

    TestPki.Identity server = TestPki.selfSigned(NAME);
    TlsPeer peer = new TlsPeer(List.of(server));
    String first = connectCall(NAME, peer, "a certificate for " + NAME + " that is in the first call's trust store");
    connectOrFail(NAME, peer.address(), TestPki.trustStore(server.cert()), TIMEOUT_MS, first).close();

    TestPki.Identity someoneElse = TestPki.selfSigned(NAME);
    expectRefused(NAME, peer, TestPki.trustStore(someoneElse.cert()), "the same server again, after a first"
        + " call that trusted it; this second call's trust store holds only another certificate for " + NAME,
        "each call trusts only its own trust store: build a new SSLContext from it, do not keep one in a"
        + " static field");

    assertSame(defaultBefore, SSLContext.getDefault(), () -> "after two calls, SSLContext.getDefault() is another"
        + " context: README: connect changes no JVM-wide default (SSLContext.setDefault changes every TLS"
        + " connection of the program)");
    assertSame(httpsBefore, HttpsURLConnection.getDefaultSSLSocketFactory(), () -> "after two calls,"
        + " HttpsURLConnection's default socket factory changed; README: connect changes no JVM-wide default");
    Map<String, String> propsAfter = sslProperties();
    assertEquals(propsBefore, propsAfter, () -> "after two calls the javax.net.ssl system properties changed"
        + " from " + propsBefore + " to " + propsAfter + "; README: connect changes no JVM-wide default");
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static Map<String, String> sslProperties() {
    Map<String, String> out = new java.util.TreeMap<>();
    for (String k : System.getProperties().stringPropertyNames()) {
      if (k.startsWith("javax.net.ssl.") || k.startsWith("jdk.tls.") || k.startsWith("https.")) {
        out.put(k, System.getProperty(k));
      }
    }
    return out;
  }

  private static String connectCall(String name, TlsPeer peer, String serverHas) {
    return "connect(\"" + name + "\", " + peer.address() + ", <trust store>, " + TIMEOUT_MS + ") to a TLS server"
        + " with " + serverHas;
  }

  private static int soTimeout(Socket s) {
    try {
      return s.getSoTimeout();
    } catch (IOException e) {
      return -1;
    }
  }

  /** The student's connect on a helper thread: a hang becomes an IOException with a message. */
  private SSLSocket connect(String name, InetSocketAddress address, KeyStore trust, int timeout) throws Exception {
    Callable<SSLSocket> c = () -> TlsClient.connect(name, address, trust, timeout);
    Future<SSLSocket> f = calls.submit(c);
    try {
      // timeout + 1.5 s: a hang is reported here, before the test's own 5 s limit cuts it short
      SSLSocket s = f.get(timeout + 1500L, TimeUnit.MILLISECONDS);
      if (s != null) open.add(s);
      return s;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) throw ex;
      if (cause instanceof Error err) throw err;
      throw e;
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new AssertionError("connect(\"" + name + "\", " + address + ", …, " + timeout + ") had not returned after "
          + (timeout + 1500) + " ms; README: the timeout bounds the connection and every read of the handshake");
    }
  }

  private SSLSocket connectOrFail(String name, InetSocketAddress address, KeyStore trust, int timeout, String call)
      throws Exception {
    SSLSocket s;
    try {
      s = connect(name, address, trust, timeout);
    } catch (IOException | RuntimeException e) {
      throw new AssertionError(call + ": connect threw " + e + ", expected a connected socket", e);
    }
    assertNotNull(s, () -> call + ": connect returned null");
    return s;
  }

  /**
   * connect must throw SSLHandshakeException. When it returns instead, the message says whether
   * the handshake had run at all (a client that never calls startHandshake() "accepts" everything
   * until its first read).
   */
  private void expectRefused(String name, TlsPeer peer, KeyStore trust, String situation, String rule)
      throws Exception {
    String call = "connect(\"" + name + "\", " + peer.address() + ", <trust store>, " + TIMEOUT_MS + ") to " + situation;
    SSLSocket s;
    try {
      s = connect(name, peer.address(), trust, TIMEOUT_MS);
    } catch (SSLHandshakeException expected) {
      return;
    } catch (IOException | RuntimeException e) {
      fail(call + ": connect threw " + e + "; README: an SSLHandshakeException (" + rule + ")");
      return;
    }
    if (s == null) fail(call + ": connect returned null; README: an SSLHandshakeException");
    ServerSide h = peer.next(Duration.ofMillis(300));
    String what = h == null ? "the handshake had not even completed (call startHandshake() before returning, so"
        + " that a failure shows up in connect)"
        : "the handshake had completed (" + h.protocol() + ", the server presented " + h.presented() + ")";
    fail(call + ": connect returned a socket and " + what + ". README: throw SSLHandshakeException: " + rule);
  }

  /** What the server saw of one connection's handshake. */
  private record ServerSide(boolean ok, String protocol, List<String> sni, String presented, Throwable error) {}

  /**
   * A TLS server on 127.0.0.1:0 that presents the first identity unless the client's SNI names
   * another one, records every handshake and echoes lines afterwards.
   */
  private final class TlsPeer implements AutoCloseable {
    // a plain TCP listener, and TLS layered over each accepted connection: close() closes the
    // TCP sockets, which never waits. SSLSocket.close() can wait for a handshake in progress on
    // the connection's thread (up to its 5 s read timeout) before it sends close_notify; once
    // in 30 to 60 runs that held a test past its own 5 s limit, in close().
    private final ServerSocket listener;
    private final SSLContext ctx;
    private final String[] protocols;
    private final BlockingQueue<ServerSide> handshakes = new LinkedBlockingQueue<>();
    private final List<Socket> accepted = Collections.synchronizedList(new ArrayList<>());

    TlsPeer(List<TestPki.Identity> identities, String... protocols) throws Exception {
      ctx = SSLContext.getInstance("TLS");
      ctx.init(new KeyManager[] {new SniKeyManager(identities)}, null, null);
      this.protocols = protocols.clone();
      listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      open.add(this);
      Thread t = new Thread(this::acceptLoop, ThreadCensus.TEST_THREAD_PREFIX + "tls-server");
      t.setDaemon(true);
      t.start();
    }

    InetSocketAddress address() {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    }

    /** The next finished (or failed) handshake, or null if none within {@code patience}. */
    ServerSide next(Duration patience) throws InterruptedException {
      return handshakes.poll(patience.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void acceptLoop() {
      while (true) {
        Socket s;
        try {
          s = listener.accept();
        } catch (IOException e) {
          return; // closed by the test
        }
        accepted.add(s);
        Thread t = new Thread(() -> serve(s), ThreadCensus.TEST_THREAD_PREFIX + "tls-connection");
        t.setDaemon(true);
        t.start();
      }
    }

    private void serve(Socket tcp) {
      try (tcp; SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(tcp,
          tcp.getInetAddress().getHostAddress(), tcp.getPort(), true)) {
        s.setUseClientMode(false);
        if (protocols.length > 0) s.setEnabledProtocols(protocols);
        s.setSoTimeout(5000);
        try {
          s.startHandshake();
        } catch (IOException e) {
          handshakes.add(new ServerSide(false, null, List.of(), null, e));
          return;
        }
        ExtendedSSLSession session = (ExtendedSSLSession) s.getSession();
        List<String> sni = new ArrayList<>();
        for (SNIServerName n : session.getRequestedServerNames()) {
          sni.add(n instanceof SNIHostName h ? h.getAsciiName() : n.toString());
        }
        X509Certificate mine = (X509Certificate) session.getLocalCertificates()[0];
        handshakes.add(new ServerSide(true, session.getProtocol(), sni, mine.getSubjectX500Principal().getName(), null));
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = s.getOutputStream();
        for (String line; (line = in.readLine()) != null; ) {
          out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      } catch (IOException e) {
        // the client went away: nothing to echo
      }
    }

    @Override
    public void close() throws IOException {
      listener.close();
      synchronized (accepted) {
        for (Socket s : accepted) s.close();
      }
    }
  }

  /** Presents the identity whose first name the client's SNI asks for, else the first identity. */
  private static final class SniKeyManager extends X509ExtendedKeyManager {
    private final List<TestPki.Identity> identities;

    SniKeyManager(List<TestPki.Identity> identities) {
      this.identities = identities;
    }

    private TestPki.Identity byAlias(String alias) {
      return identities.get(Integer.parseInt(alias));
    }

    private String choose(SSLSession handshake) {
      if (handshake instanceof ExtendedSSLSession e) {
        for (SNIServerName n : e.getRequestedServerNames()) {
          if (!(n instanceof SNIHostName h)) continue;
          for (int i = 0; i < identities.size(); i++) {
            List<String> names = names(identities.get(i).cert());
            if (names.contains(h.getAsciiName())) return String.valueOf(i);
          }
        }
      }
      return "0";
    }

    private static List<String> names(X509Certificate c) {
      List<String> out = new ArrayList<>();
      try {
        if (c.getSubjectAlternativeNames() != null) {
          for (List<?> san : c.getSubjectAlternativeNames()) out.add(String.valueOf(san.get(1)));
        }
      } catch (java.security.cert.CertificateParsingException e) {
        // no names: never chosen by SNI
      }
      return out;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return socket instanceof SSLSocket s ? choose(s.getHandshakeSession()) : "0";
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return choose(engine.getHandshakeSession());
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      String[] out = new String[identities.size()];
      for (int i = 0; i < out.length; i++) out[i] = String.valueOf(i);
      return out;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return byAlias(alias).chain().toArray(new X509Certificate[0]);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return byAlias(alias).keys().getPrivate();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return null; // a server only
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return null;
    }
  }

  /** A TCP server that accepts, reads the ClientHello and never answers. */
  private final class SilentPeer implements AutoCloseable {
    private final ServerSocket listener;
    private volatile Socket accepted;
    private final byte[] first = new byte[3];
    private volatile int firstCount;
    private final java.util.concurrent.CountDownLatch closedByClient = new java.util.concurrent.CountDownLatch(1);

    SilentPeer() throws IOException {
      listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread t = new Thread(this::run, ThreadCensus.TEST_THREAD_PREFIX + "silent-server");
      t.setDaemon(true);
      t.start();
    }

    InetSocketAddress address() {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    }

    private void run() {
      try (Socket s = listener.accept()) {
        accepted = s;
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        // read until the client closes (-1) or resets: every byte it sends is swallowed
        for (int n; (n = in.read(buf)) != -1; ) {
          for (int i = 0; i < n && firstCount < first.length; i++) first[firstCount++] = buf[i];
        }
        closedByClient.countDown();
      } catch (IOException e) {
        closedByClient.countDown(); // a reset is a close too
      }
    }

    boolean sawClientHello() {
      return firstCount > 0 && first[0] == 0x16;
    }

    String firstBytes() {
      if (firstCount == 0) return "nothing";
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < firstCount; i++) b.append(String.format("%02x ", first[i] & 0xff));
      return "the bytes " + b.toString().trim();
    }

    boolean awaitClosedByClient(Duration patience) throws InterruptedException {
      return closedByClient.await(patience.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws IOException {
      listener.close();
      Socket s = accepted;
      if (s != null) s.close();
    }
  }
}
