package netlab.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small lab with three lessons, for tests that must not depend on the real course text. */
public final class SampleLab {
  private SampleLab() {}

  public static Path create(Path dir) throws IOException {
    Path lessons = Files.createDirectories(dir.resolve("lessons"));
    Files.writeString(lessons.resolve("01-ip-addresses.md"), """
        ---
        title: IP addresses
        minutes: 30
        summary: Addresses, masks and the loopback.
        exercises:
          - subnet-calculator
        demos: []
        ---

        An IPv4 address is 32 bits; an IPv6 address is 128 bits.

        ## Broadcast

        The broadcast address of 192.168.1.0/24 is 192.168.1.255.

        ```java
        var a = java.net.InetAddress.getByName("127.0.0.1");
        System.out.println(a.isLoopbackAddress());
        ```
        """);
    Files.writeString(lessons.resolve("02-ports.md"), """
        ---
        title: Ports and endpoints
        minutes: 25
        summary: Ports from 0 to 65535.
        exercises:
          - endpoint-parser
        demos:
          - port-in-use
        ---

        A port is a 16-bit number. Sending a broadcast needs SO_BROADCAST.
        """);
    Files.writeString(lessons.resolve("03-bytes.md"), """
        ---
        title: Bytes and encodings
        minutes: 20
        summary: From text to bytes.
        ---

        UTF-8 and GBK.
        """);
    return dir;
  }
}
