package netlab.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class HappyEyeballsDemoTest {
  @Test
  void racingBeatsOneAtATimeAndTheLosersAreClosed() throws Exception {
    Assumptions.assumeTrue(KernelSockets.available(), "Linux only: the black hole relies on Linux dropping SYNs");
    try (DemoHarness h = new DemoHarness(new HappyEyeballsDemo())) {
      h.start();
      String t = h.text();
      Matcher m = Pattern.compile("connected after: \\(a\\) (\\d+) ms, \\(b\\) (\\d+) ms, \\(c\\) (\\d+) ms").matcher(t);
      assertTrue(m.find(), t);
      long a = Long.parseLong(m.group(1)), b = Long.parseLong(m.group(2)), c = Long.parseLong(m.group(3));
      // each strategy waits for the black hole as long as it must: its timeout, its per-attempt
      // limit, the attempt delay; these lower bounds hold however busy the machine is
      assertTrue(a >= HappyEyeballsDemo.CAREFUL_TIMEOUT_MS, t);
      assertTrue(b >= HappyEyeballsDemo.PER_ATTEMPT_MS && b < a, t);
      assertTrue(c >= HappyEyeballsDemo.ATTEMPT_DELAY_MS && c < a, t);
      assertTrue(t.contains("Connection refused"), t);
      assertTrue(t.contains("timed out"), t);
      assertTrue(t.contains("the winner"), t);
      assertTrue(t.contains("still SYN_SENT in the kernel"), t);
      h.stopAndCheckClean();
    }
  }
}
