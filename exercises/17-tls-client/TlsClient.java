import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import javax.net.ssl.SSLSocket;

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
    // TODO: an SSLContext that trusts only trustStore; a TCP connection to address; TLS over it
    //  for serverName (certificate name checked, SNI sent, TLS 1.3 only); the handshake done here,
    //  within the timeout; on any failure the connection closed before the exception leaves
    throw new UnsupportedOperationException("TODO: TlsClient.connect");
  }
}
