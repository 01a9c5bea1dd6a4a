package netlab.repl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import netlab.markdown.Wrap;
import netlab.testing.LabRun;
import netlab.testing.ToyLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * check's feedback stays readable whatever the student's code does: repeated output is counted,
 * a flood still shows the test's own verdict, a server left looping is named as the likely
 * cause, and assertion values are never broken across lines. Through the REPL, as a student
 * sees it, in a terminal 60 columns wide.
 */
class CheckFeedbackTest {
  private static final Map<String, String> NARROW = Map.of("COLUMNS", "60");

  @TempDir
  Path dir;

  private static LabRun check(Path lab, String exercise) {
    return LabRun.run(lab, "check " + exercise + "\n", NARROW);
  }

  /** Feedback of the first failed test: from its ✗ line to the next ✗ or the score. */
  private static String firstFailure(String out) {
    int from = out.indexOf("✗ ");
    int next = out.indexOf("\n✗ ", from + 1);
    int end = next > 0 ? next : out.indexOf("\nscore ", from);
    return out.substring(from, end + 1);
  }

  @Test
  void aLinePrintedFiftyThousandTimesIsShownOnceWithItsCountAndSoIsARepeatingPair() throws Exception {
    Path lab = ToyLab.create(dir);
    ToyLab.studentAdd(lab, """
            for (int i = 0; i < 50_000; i++) System.out.println("tick");
            for (int i = 0; i < 1_000; i++) {
              System.out.println("connecting to 127.0.0.1:7");
              System.out.println("retrying");
            }
            System.out.println("giving up");
            return a - b;""");
    LabRun r = check(lab, "adder");
    assertTrue(firstFailure(r.out).endsWith("""
            add(2, 3) ==> expected: <5> but was: <-1>
            your code printed:
              tick
              ↑ × 50 000
              connecting to 127.0.0.1:7
              retrying
              ↑ these 2 lines × 1 000
              giving up
        """), r.out);
  }

  @Test
  void aTestThatPrintedTooMuchStillShowsItsOwnAssertion() throws Exception {
    Path lab = ToyLab.create(dir);
    ToyLab.studentAdd(lab, """
            for (int i = 0; i < 200_000; i++) System.out.println("adding " + a + " and " + b);
            return a - b;""");
    LabRun r = check(lab, "adder");
    String failure = firstFailure(r.out);
    assertTrue(failure.contains("""
            printed 2.9 MB to System.out/err (the limit is 1.0 MB):
            remove printing from loops
            and the test itself failed: add(2, 3)
              expected: <5>
              but was:  <-1>
            your code printed:
              adding 2 and 3
              ↑ × 200 000
        """), r.out);
  }

  @Test
  void aServerLoopThatOutlivesCloseIsNamedAsTheLikelyCause() throws Exception {
    Path lab = echoLab();
    Files.writeString(lab.resolve("exercises/01-echo/EchoServer.java"), """
        import java.io.IOException;
        import java.net.DatagramPacket;
        import java.net.DatagramSocket;
        import java.net.InetAddress;

        public final class EchoServer implements AutoCloseable {
          private final DatagramSocket socket;

          public EchoServer() throws IOException {
            socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            new Thread(this::serve, "echo-loop").start();
          }

          public int port() {
            return socket.getLocalPort();
          }

          private void serve() {
            byte[] buffer = new byte[65507];
            while (true) {
              try {
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                socket.receive(p);
                socket.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
              } catch (IOException e) {
                // keep serving
              }
            }
          }

          @Override
          public void close() {
            socket.close();
          }
        }
        """);
    LabRun r = check(lab, "echo");
    String text = r.out.replace('\n', ' ');
    assertTrue(r.out.contains("score 4/4"), "the echoes were right: " + r.out);
    assertTrue(text.contains("threads still running after the tests: 'echo-loop'"), r.out);
    assertTrue(text.contains("likely cause: the server's loop keeps running after close() — close the socket it"
        + " blocks on / check a closed flag ('echo-loop' is in DatagramSocket.receive, called from"
        + " EchoServer.serve(EchoServer.java:23))"), r.out);
  }

  @Test
  void aThreadThatOnlySleepsIsNotBlamedOnAServerLoop() throws Exception {
    Path lab = ToyLab.create(dir);
    ToyLab.studentAdd(lab, "    new Thread(() -> { try { Thread.sleep(600_000); } catch (InterruptedException e) { } },"
        + " \"forgotten-worker\").start();\n    return a + b;");
    LabRun r = check(lab, "adder");
    assertTrue(r.out.replace('\n', ' ').contains("still running after the tests: 'forgotten-worker'"), r.out);
    assertFalse(r.out.contains("likely cause"), r.out);
  }

  @Test
  void anIdleWorkerOfTheCommonPoolIsTheJdksNotALeftover() throws Exception {
    // JDK code (CompletableFuture, parallel streams, HttpClient) runs tasks on the common pool,
    // which keeps an idle worker for 60 s
    Path lab = ToyLab.create(dir);
    ToyLab.studentAdd(lab, "    return java.util.concurrent.ForkJoinPool.commonPool().submit(() -> a + b).join();");
    LabRun r = check(lab, "adder");
    assertTrue(r.out.contains("score 3/3"), r.out);
    assertFalse(r.out.contains("still running after the tests"), r.out);
  }

  @Test
  void aCommonPoolTaskThatNeverEndsIsALeftover() throws Exception {
    Path lab = ToyLab.create(dir);
    ToyLab.studentAdd(lab, "    java.util.concurrent.ForkJoinPool.commonPool().execute(() -> {\n"
        + "      try { Thread.sleep(600_000); } catch (InterruptedException e) { }\n    });\n    return a + b;");
    LabRun r = check(lab, "adder");
    assertTrue(r.out.replace('\n', ' ').contains("still running after the tests: 'ForkJoinPool.commonPool-worker-"), r.out);
  }

  @Test
  void assertionValuesAreNeverBrokenAcrossLinesAndJUnitsClassNamesAreGone() throws Exception {
    Path lab = echoLab();
    Files.writeString(lab.resolve("exercises/01-echo/EchoServer.java"),
        Files.readString(lab.resolve("solutions/01-echo/EchoServer.java"))
            .replace("socket.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));",
                "byte[] up = new String(p.getData(), 0, p.getLength()).toUpperCase().getBytes();\n"
                + "        socket.send(new DatagramPacket(up, up.length, p.getSocketAddress()));"));
    LabRun r = check(lab, "echo");
    assertTrue(r.out.contains("""
        0/1
            the echo of a line
              expected: <the quick brown fox jumps over the dog>
              but was:  <THE QUICK BROWN FOX JUMPS OVER THE DOG>
        """), r.out);
    // assertAll: each failure indented, laid out alike, without "org.opentest4j.AssertionFailedError: "
    assertTrue(r.out.contains("""
            three words (3 failures)
              the echo of alpha
                expected: <alpha>
                but was:  <ALPHA>
              the echo of beta
                expected: <beta>
                but was:  <BETA>
        """), r.out);
    assertFalse(r.out.contains("opentest4j"), r.out);
    assertFalse(r.out.contains("AssertionFailedError"), r.out);
    // a value wider than the line: cut only there, its rest aligned under it
    assertTrue(r.out.contains("""
            the echo of a long line
              expected: <a datagram may be long: 0123456789012345678
                         90123456789012345678901234567890123456789>
              but was:  <A DATAGRAM MAY BE LONG: 0123456789012345678
                         90123456789012345678901234567890123456789>
        """), r.out);
    // assertTrue's message is the whole story: no "expected: <true> but was: <false>" after it
    assertTrue(r.out.contains("""
        0/1
            sent "MiXeD", got back "MIXED"
        score 0/4"""), r.out);
    assertFalse(r.out.contains("<true>"), r.out);
    for (String line : r.out.split("\n")) {
      assertTrue(Wrap.columns(line) <= 60, "wider than the terminal: " + line);
    }
  }

  private Path echoLab() throws Exception {
    LabRun.copyTree(LabRun.repo().resolve("src/test/resources/fixtures/echolab"), dir);
    return dir;
  }
}
