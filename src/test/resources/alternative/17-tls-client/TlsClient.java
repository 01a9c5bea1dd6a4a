// ALTERNATIVE: an unconnected SSLSocket from the factory, connected to an InetAddress renamed to serverName (InetAddress.getByAddress(name, bytes), no lookup) so serverName is the peer host; explicit PKIX trust managers; a success flag instead of catch-and-rethrow
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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

  public static SSLSocket connect(String serverName, InetSocketAddress address, KeyStore trustStore,
      int timeoutMillis) throws IOException {
    SSLContext context;
    try {
      TrustManagerFactory pkix = TrustManagerFactory.getInstance("PKIX");
      pkix.init(trustStore);
      context = SSLContext.getInstance("TLSv1.3");
      context.init(null, pkix.getTrustManagers(), null);
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
    SSLParameters params = new SSLParameters();
    params.setProtocols(new String[] {"TLSv1.3"});
    params.setServerNames(List.of(new SNIHostName(serverName)));
    params.setEndpointIdentificationAlgorithm("HTTPS");

    // the same IP address, carrying serverName as its host name: it becomes the SSLSocket's peer
    // host, which the certificate is checked against; getByAddress never asks DNS
    InetAddress named = InetAddress.getByAddress(serverName, address.getAddress().getAddress());
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
    boolean done = false;
    try {
      socket.setSSLParameters(params);
      socket.connect(new InetSocketAddress(named, address.getPort()), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      socket.startHandshake();
      socket.setSoTimeout(0);
      done = true;
      return socket;
    } finally {
      if (!done) socket.close();
    }
  }
}
