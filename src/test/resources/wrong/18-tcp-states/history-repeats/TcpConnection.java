// WRONG: history() gets an entry for every event, also when the state stays the same
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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

  private State state = State.CLOSED;
  private final List<State> history = new ArrayList<>(List.of(State.CLOSED));
  // SYN_RECEIVED reached from LISTEN (passive open): a reset returns there, not to CLOSED
  private boolean passive;

  /** A new connection, in CLOSED. */
  public TcpConnection() {}

  /** The current state. */
  public State state() {
    return state;
  }

  /** Every state entered, in order, starting with CLOSED; a copy the caller may change. */
  public List<State> history() {
    return new ArrayList<>(history);
  }

  /** Passive open: CLOSED to LISTEN, sends nothing. */
  public List<Segment> listen() {
    if (state != State.CLOSED) throw refused("listen()");
    return go(State.LISTEN);
  }

  /** Active open: from CLOSED or LISTEN, sends SYN and goes to SYN_SENT. */
  public List<Segment> connect() {
    if (state != State.CLOSED && state != State.LISTEN) throw refused("connect()");
    return go(State.SYN_SENT, Segment.SYN);
  }

  /** The application closes; see the README's table. */
  public List<Segment> close() {
    switch (state) {
      case LISTEN:
      case SYN_SENT:
        return go(State.CLOSED);
      case SYN_RECEIVED:
      case ESTABLISHED:
        return go(State.FIN_WAIT_1, Segment.FIN);
      case CLOSE_WAIT:
        return go(State.LAST_ACK, Segment.FIN);
      default:
        throw refused("close()");
    }
  }

  /** A segment arrives; see the README's table. */
  public List<Segment> receive(Segment segment) {
    Objects.requireNonNull(segment, "segment");
    if (segment == Segment.RST) return reset();
    switch (state) {
      case CLOSED:
        return send(Segment.RST);
      case LISTEN:
        if (segment == Segment.SYN) {
          passive = true;
          return go(State.SYN_RECEIVED, Segment.SYN_ACK);
        }
        if (segment == Segment.ACK || segment == Segment.SYN_ACK) return send(Segment.RST);
        return send();
      case SYN_SENT:
        if (segment == Segment.SYN_ACK) return go(State.ESTABLISHED, Segment.ACK);
        if (segment == Segment.SYN) {
          passive = false;
          return go(State.SYN_RECEIVED, Segment.SYN_ACK);
        }
        return send();
      case SYN_RECEIVED:
        return segment == Segment.ACK ? go(State.ESTABLISHED) : send();
      case ESTABLISHED:
        return segment == Segment.FIN ? go(State.CLOSE_WAIT, Segment.ACK) : send();
      case FIN_WAIT_1:
        if (segment == Segment.ACK) return go(State.FIN_WAIT_2);
        if (segment == Segment.FIN) return go(State.CLOSING, Segment.ACK);
        return send();
      case FIN_WAIT_2:
      case TIME_WAIT:
        return segment == Segment.FIN ? go(State.TIME_WAIT, Segment.ACK) : send();
      case CLOSING:
        return segment == Segment.ACK ? go(State.TIME_WAIT) : send();
      case LAST_ACK:
        return segment == Segment.ACK ? go(State.CLOSED) : send();
      default:
        return send();
    }
  }

  /** The 2 x MSL timer of TIME_WAIT expired: TIME_WAIT to CLOSED, sends nothing. */
  public List<Segment> timeout() {
    if (state != State.TIME_WAIT) throw refused("timeout()");
    return go(State.CLOSED);
  }

  private List<Segment> reset() {
    switch (state) {
      case CLOSED:
      case LISTEN:
        return send(); // a reset of nothing: ignored
      case SYN_RECEIVED:
        return go(passive ? State.LISTEN : State.CLOSED);
      default:
        return go(State.CLOSED);
    }
  }

  private List<Segment> go(State next, Segment... sent) {
    state = next;
    history.add(next);
    return send(sent);
  }

  private static List<Segment> send(Segment... sent) {
    return new ArrayList<>(List.of(sent));
  }

  private IllegalStateException refused(String call) {
    return new IllegalStateException(call + " in " + state);
  }
}
