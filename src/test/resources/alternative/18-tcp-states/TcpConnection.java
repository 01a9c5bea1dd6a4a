// ALTERNATIVE: the README's table as data (a map from "STATE event" to a row) instead of switches; unmodifiable lists returned
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;

public final class TcpConnection {

  public enum State {
    CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED, ESTABLISHED,
    FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT
  }

  public enum Segment { SYN, SYN_ACK, ACK, FIN, RST }

  private record Row(State next, List<Segment> sent) {}

  private static final Map<String, Row> TABLE = new HashMap<>();

  private static void row(State from, String event, State next, Segment... sent) {
    TABLE.put(from + " " + event, new Row(next, List.of(sent)));
  }

  static {
    row(State.CLOSED, "listen", State.LISTEN);
    row(State.CLOSED, "connect", State.SYN_SENT, Segment.SYN);
    row(State.LISTEN, "SYN", State.SYN_RECEIVED, Segment.SYN_ACK);
    row(State.LISTEN, "connect", State.SYN_SENT, Segment.SYN);
    row(State.LISTEN, "close", State.CLOSED);
    row(State.LISTEN, "ACK", State.LISTEN, Segment.RST);
    row(State.LISTEN, "SYN_ACK", State.LISTEN, Segment.RST);
    row(State.SYN_SENT, "SYN_ACK", State.ESTABLISHED, Segment.ACK);
    row(State.SYN_SENT, "SYN", State.SYN_RECEIVED, Segment.SYN_ACK);
    row(State.SYN_SENT, "close", State.CLOSED);
    row(State.SYN_RECEIVED, "ACK", State.ESTABLISHED);
    row(State.SYN_RECEIVED, "close", State.FIN_WAIT_1, Segment.FIN);
    row(State.ESTABLISHED, "close", State.FIN_WAIT_1, Segment.FIN);
    row(State.ESTABLISHED, "FIN", State.CLOSE_WAIT, Segment.ACK);
    row(State.FIN_WAIT_1, "ACK", State.FIN_WAIT_2);
    row(State.FIN_WAIT_1, "FIN", State.CLOSING, Segment.ACK);
    row(State.FIN_WAIT_2, "FIN", State.TIME_WAIT, Segment.ACK);
    row(State.CLOSING, "ACK", State.TIME_WAIT);
    row(State.CLOSE_WAIT, "close", State.LAST_ACK, Segment.FIN);
    row(State.LAST_ACK, "ACK", State.CLOSED);
    row(State.TIME_WAIT, "FIN", State.TIME_WAIT, Segment.ACK);
    row(State.TIME_WAIT, "timeout", State.CLOSED);
    for (Segment s : Segment.values()) {
      if (s != Segment.RST) row(State.CLOSED, s.name(), State.CLOSED, Segment.RST);
    }
  }

  private State state = State.CLOSED;
  private final List<State> history = new LinkedList<>();
  private State beforeSynReceived = State.CLOSED;

  public TcpConnection() {
    history.add(State.CLOSED);
  }

  public State state() {
    return state;
  }

  public List<State> history() {
    return Collections.unmodifiableList(new LinkedList<>(history));
  }

  public List<Segment> listen() {
    return call("listen");
  }

  public List<Segment> connect() {
    return call("connect");
  }

  public List<Segment> close() {
    return call("close");
  }

  public List<Segment> timeout() {
    return call("timeout");
  }

  public List<Segment> receive(Segment segment) {
    if (segment == null) throw new NullPointerException("no segment");
    if (segment == Segment.RST) {
      if (state == State.CLOSED || state == State.LISTEN) return List.of();
      return enter(state == State.SYN_RECEIVED && beforeSynReceived == State.LISTEN ? State.LISTEN : State.CLOSED,
          List.of());
    }
    Row r = TABLE.get(state + " " + segment.name());
    return r == null ? List.of() : enter(r.next(), r.sent());
  }

  private List<Segment> call(String name) {
    Row r = TABLE.get(state + " " + name);
    if (r == null) throw new IllegalStateException("cannot " + name + "() in state " + state);
    return enter(r.next(), r.sent());
  }

  private List<Segment> enter(State next, List<Segment> sent) {
    if (next == State.SYN_RECEIVED) beforeSynReceived = state;
    if (next != state) history.add(next);
    state = next;
    return List.copyOf(sent);
  }
}
