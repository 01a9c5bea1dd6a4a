// WRONG: installs its context as the JVM-wide default (SSLContext.setDefault): every other TLS connection of the program now trusts this store
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS client that checks who it is talking to: the server's certificate must chain to a
 * certificate in the caller's trust store and must be issued for the server name the caller
 * means; that name also goes to the server as SNI. Only TLS 1.3 is offered.
 */
public final class TlsClient {

  private TlsClient() {}

  /**
   * Connects to {@code address} over TCP and completes a TLS 1.3 handshake with the server
   * called {@code serverName}, trusting only {@code trustStore}.
   *
   * @param serverName the DNS name the server's certificate must carry, sent as SNI; never resolved
   * @param address where to connect (an IP address and port)
   * @param trustStore the only certificates trusted, as trust anchors
   * @param timeoutMillis the longest wait for the TCP connection, and for each read of the handshake
   * @return a connected socket whose handshake is complete, with no read timeout
   * @throws javax.net.ssl.SSLHandshakeException if the certificate is not trusted, not for
   *     serverName, or the server cannot speak TLS 1.3
   * @throws java.net.SocketTimeoutException if the connection or the handshake takes too long
   * @throws IOException on any other failure; the connection is closed before it is thrown
   */
  public static SSLSocket connect(String serverName, InetSocketAddress address, KeyStore trustStore,
      int timeoutMillis) throws IOException {
    SSLContext context = contextTrusting(trustStore);
    Socket plain = new Socket();
    try {
      plain.connect(address, timeoutMillis);
      // layering TLS over the connected socket makes serverName the peer host: the name the
      // certificate is checked against, whatever name the address itself may carry
      SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, serverName, address.getPort(), true);
      SSLParameters p = tls.getSSLParameters();
      p.setProtocols(new String[] {"TLSv1.3"});
      p.setEndpointIdentificationAlgorithm("HTTPS"); // check the certificate's names against serverName
      p.setServerNames(List.of(new SNIHostName(serverName))); // the JDK sends none for a name without a dot
      tls.setSSLParameters(p);
      tls.setSoTimeout(timeoutMillis);
      tls.startHandshake(); // failures show up here, not at the caller's first read
      tls.setSoTimeout(0);
      return tls;
    } catch (IOException | RuntimeException e) {
      plain.close(); // a timed-out handshake leaves the socket open otherwise
      throw e;
    }
  }

  /** A fresh context per call: nothing trusted by an earlier call leaks into this one. */
  private static SSLContext contextTrusting(KeyStore trustStore) throws IOException {
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trustStore);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      SSLContext.setDefault(context);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS with this trust store: " + e.getMessage(), e);
    }
  }
}
