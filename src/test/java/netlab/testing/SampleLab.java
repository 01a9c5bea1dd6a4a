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

  /**
   * The sample lab with Chinese translations of lessons 01 and 02 in {@code lessons/zh/} (03 has
   * none): code blocks identical to the English ones, long paragraphs, a table, lists and a
   * quote in Chinese, for the tests of the Chinese lab and of CJK widths.
   */
  public static Path createWithChinese(Path dir) throws IOException {
    create(dir);
    Path zh = Files.createDirectories(dir.resolve("lessons").resolve("zh"));
    Files.writeString(zh.resolve("01-ip-addresses.md"), """
        ---
        title: IP 地址
        minutes: 30
        summary: 地址、子网掩码和回环地址。
        exercises:
          - subnet-calculator
        demos: []
        ---

        IPv4 地址是 32 位的；IPv6 地址是 128 位的。一台主机可以有多个地址，每个网络接口（network interface）各有一个或几个，回环接口 127.0.0.1 只在本机内部可达，数据不会离开这台机器，也不会经过任何真正的网卡。

        ## 广播

        192.168.1.0/24 的广播地址是 192.168.1.255。向广播地址发送的数据报会交给同一网段上的每一台主机，所以发送方必须先打开 `SO_BROADCAST` 选项，否则内核会拒绝发送并抛出异常。

        | 地址类别 | 第一个字节 | 默认子网掩码 | 说明 |
        |---|---|---|---|
        | A 类 | 0–127 | 255.0.0.0 | 大型网络，每个网络可容纳一千六百多万台主机 |
        | B 类 | 128–191 | 255.255.0.0 | 中型网络 |
        | C 类 | 192–223 | 255.255.255.0 | 小型网络，每个网络最多 254 台主机 |

        - 私有地址：10.0.0.0/8、172.16.0.0/12、192.168.0.0/16，它们不会出现在公共互联网上
        - 回环地址：127.0.0.0/8，最常用的是 127.0.0.1

        > 注意：TCP 是字节流，没有消息边界，所以接收方可能一次读到两条消息粘在一起，这就是所谓的粘包问题；第 8 课会详细讲解如何切分消息。

        ```java
        var a = java.net.InetAddress.getByName("127.0.0.1");
        System.out.println(a.isLoopbackAddress());
        ```
        """);
    Files.writeString(zh.resolve("02-ports.md"), """
        ---
        title: 端口与端点
        minutes: 25
        summary: 端口号从 0 到 65535。
        exercises:
          - endpoint-parser
        demos:
          - port-in-use
        ---

        端口是一个 16 位的数。发送广播需要 SO_BROADCAST。
        """);
    return dir;
  }
}
