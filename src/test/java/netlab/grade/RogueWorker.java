package netlab.grade;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.List;
import netlab.grade.protocol.Channel;
import netlab.grade.protocol.Event;
import netlab.grade.protocol.Request;

/**
 * Workers that lie: each nested class is the main class of a worker JVM that answers a run with
 * events a real run never produces, the way code that had reached the channel would. The lab
 * must call every one of them tampering. {@link Honest} is the control: the same machinery,
 * telling the truth, must pass.
 */
final class RogueWorker {
  private RogueWorker() {}

  /** What a rogue says in answer to one run, given the tests the lab asked for. */
  interface Script {
    void answer(Channel c, Request r, List<String> tests) throws IOException;
  }

  static void serve(String socket, Script script) throws IOException {
    SocketChannel s = SocketChannel.open(StandardProtocolFamily.UNIX);
    s.connect(UnixDomainSocketAddress.of(socket));
    Channel c = new Channel(s);
    Event hello = Event.of("hello", null);
    hello.pid = ProcessHandle.current().pid();
    c.send(hello);
    while (true) {
      Request r = c.receive(Request.class);
      if (r == null || "quit".equals(r.op)) System.exit(0);
      script.answer(c, r, r.only);
    }
  }

  static void started(Channel c, Request r, String id) throws IOException {
    Event e = Event.of("started", r.nonce);
    e.id = id;
    c.send(e);
  }

  static void passed(Channel c, Request r, String id) throws IOException {
    Event e = Event.of("result", r.nonce);
    e.id = id;
    e.status = "passed";
    c.send(e);
  }

  static void done(Channel c, Request r) throws IOException {
    c.send(Event.of("done", r.nonce));
  }

  /** Tells the truth: every test passes, in order. */
  static final class Honest {
    public static void main(String[] a) throws IOException {
      serve(a[0], (c, r, tests) -> {
        for (String t : tests) {
          started(c, r, t);
          passed(c, r, t);
        }
        done(c, r);
      });
    }
  }

  /** Says done after the first test. */
  static final class EarlyDone {
    public static void main(String[] a) throws IOException {
      serve(a[0], (c, r, tests) -> {
        started(c, r, tests.get(0));
        passed(c, r, tests.get(0));
        done(c, r);
      });
    }
  }

  /** Runs the first test twice. */
  static final class Twice {
    public static void main(String[] a) throws IOException {
      serve(a[0], (c, r, tests) -> {
        started(c, r, tests.get(0));
        passed(c, r, tests.get(0));
        started(c, r, tests.get(0));
        passed(c, r, tests.get(0));
        for (String t : tests.subList(1, tests.size())) {
          started(c, r, t);
          passed(c, r, t);
        }
        done(c, r);
      });
    }
  }

  /** Sends a result for a test that never started. */
  static final class NotRunning {
    public static void main(String[] a) throws IOException {
      serve(a[0], (c, r, tests) -> {
        for (String t : tests) passed(c, r, t);
        done(c, r);
      });
    }
  }

  /** Starts the second test while the first still runs. */
  static final class Overlapping {
    public static void main(String[] a) throws IOException {
      serve(a[0], (c, r, tests) -> {
        started(c, r, tests.get(0));
        started(c, r, tests.get(1));
        passed(c, r, tests.get(0));
        passed(c, r, tests.get(1));
        done(c, r);
      });
    }
  }

  /** Reports a test the lab did not ask for. */
  static final class Unknown {
    public static void main(String[] a) throws IOException {
      serve(a[0], (c, r, tests) -> {
        started(c, r, "[engine:junit-jupiter]/[class:netlab.hidden.Invented]/[method:free()]");
        passed(c, r, "[engine:junit-jupiter]/[class:netlab.hidden.Invented]/[method:free()]");
        for (String t : tests) {
          started(c, r, t);
          passed(c, r, t);
        }
        done(c, r);
      });
    }
  }

  /** Guesses at the nonce: its events come with another one, then it tells the truth. */
  static final class WrongNonce {
    public static void main(String[] a) throws IOException {
      serve(a[0], (c, r, tests) -> {
        Request guess = Request.of("run", "00000000-0000-0000-0000-000000000000");
        for (String t : tests) {
          started(c, guess, t);
          passed(c, guess, t);
        }
        done(c, guess);
        for (String t : tests) {
          started(c, r, t);
          passed(c, r, t);
        }
        done(c, r);
      });
    }
  }
}
