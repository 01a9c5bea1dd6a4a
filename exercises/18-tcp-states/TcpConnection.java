import java.util.List;

/**
 * The state of one TCP connection, as RFC 9293 (section 3.3.2, Figure 5) defines it, driven by
 * what the application does and which segments arrive. README.md has the whole transition table.
 */
public final class TcpConnection {

  /** The eleven connection states of RFC 9293. */
  public enum State {
    CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED, ESTABLISHED,
    FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT
  }

  /** The segments this exercise knows, by the flags that matter. */
  public enum Segment { SYN, SYN_ACK, ACK, FIN, RST }

  /** A new connection, in CLOSED. */
  public TcpConnection() {
    // TODO: remember the state, the history, and where SYN_RECEIVED came from
  }

  /** The current state. */
  public State state() {
    // TODO
    throw new UnsupportedOperationException("TODO: TcpConnection.state");
  }

  /**
   * Every state entered, in order, starting with CLOSED; a copy the caller may change.
   */
  public List<State> history() {
    // TODO
    throw new UnsupportedOperationException("TODO: TcpConnection.history");
  }

  /**
   * Passive open: CLOSED to LISTEN, sends nothing.
   *
   * @throws IllegalStateException in any other state; the message names the call and the state
   */
  public List<Segment> listen() {
    // TODO
    throw new UnsupportedOperationException("TODO: TcpConnection.listen");
  }

  /**
   * Active open: from CLOSED or LISTEN, sends SYN and goes to SYN_SENT.
   *
   * @throws IllegalStateException in any other state; the message names the call and the state
   */
  public List<Segment> connect() {
    // TODO
    throw new UnsupportedOperationException("TODO: TcpConnection.connect");
  }

  /**
   * The application closes: LISTEN and SYN_SENT go to CLOSED; SYN_RECEIVED and ESTABLISHED send
   * FIN and go to FIN_WAIT_1; CLOSE_WAIT sends FIN and goes to LAST_ACK.
   *
   * @throws IllegalStateException in any other state; the message names the call and the state
   */
  public List<Segment> close() {
    // TODO
    throw new UnsupportedOperationException("TODO: TcpConnection.close");
  }

  /**
   * A segment arrives: the README's table says what is sent and which state follows; a segment
   * the table has no row for is ignored (CLOSED and LISTEN answer some with RST).
   *
   * @throws NullPointerException if {@code segment} is null
   */
  public List<Segment> receive(Segment segment) {
    // TODO
    throw new UnsupportedOperationException("TODO: TcpConnection.receive");
  }

  /**
   * The 2 x MSL timer of TIME_WAIT expired: TIME_WAIT to CLOSED, sends nothing.
   *
   * @throws IllegalStateException in any other state; the message names the call and the state
   */
  public List<Segment> timeout() {
    // TODO
    throw new UnsupportedOperationException("TODO: TcpConnection.timeout");
  }
}
