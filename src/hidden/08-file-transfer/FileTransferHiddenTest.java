import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import netlab.grade.api.Points;
import netlab.grade.support.ByteDiff;
import netlab.grade.support.Loopback;
import netlab.grade.support.OneByteAtATime;
import netlab.grade.support.Show;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hidden tests for exercise 08, file-transfer. The server is tested with raw sockets (so a bug
 * in the student's client cannot hide one in the server), the client against small fake servers
 * run by the test, and both together on a 20 MB file. Files live in a fresh temporary folder:
 * {@code root/} is served, {@code secret.txt} and {@code outside/} lie next to it.
 */
class FileTransferHiddenTest {

  private static final int READ_TIMEOUT_MS = 1000;
  private static final String SECRET = "TOP SECRET: a file outside the root that must never be sent\n";
  private static final String HELLO = "Hello from the file server\n";

  @TempDir
  Path tmp;
  private Path root;
  private Path secret;

  private final List<FileServer> servers = new ArrayList<>();
  private final List<AutoCloseable> closeables = Collections.synchronizedList(new ArrayList<>());
  private final ExecutorService helpers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "hidden-test-helper");
    t.setDaemon(true);
    return t;
  });

  @BeforeEach
  void makeFiles() throws IOException {
    root = Files.createDirectories(tmp.resolve("root"));
    Files.writeString(root.resolve("hello.txt"), HELLO);
    secret = tmp.resolve("secret.txt");
    Files.writeString(secret, SECRET);
    Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(tmp.resolve("outside").resolve("secret.txt"), SECRET);
  }

  @AfterEach
  void cleanUp() throws InterruptedException {
    helpers.shutdownNow();
    synchronized (closeables) {
      for (AutoCloseable c : closeables) {
        try {
          c.close();
        } catch (Exception ignored) {
          // a socket that is already closed or reset
        }
      }
    }
    // the student's close() may throw, be a TODO or hang: close on a daemon thread, and give up
    // after a second
    Thread closer = new Thread(() -> {
      for (FileServer s : servers) {
        try {
          s.close();
        } catch (Throwable ignored) {
          // the tests have already said what matters
        }
      }
    }, "hidden-test-cleanup");
    closer.setDaemon(true);
    closer.start();
    closer.join(1000);
  }

  // --- the server ----------------------------------------------------------------------------

  @Test
  @DisplayName("sends OK\\n, an 8-byte length and the exact bytes, then closes")
  @Points(1)
  void servesFilesExactly() throws Exception {
    byte[] binary = new byte[512];
    for (int i = 0; i < binary.length; i++) binary[i] = (byte) (i * 7 + 10); // every byte value, '\n' first
    Files.write(root.resolve("empty.txt"), new byte[0]);
    Files.write(root.resolve("bytes.bin"), binary);
    Files.createDirectories(root.resolve("sub").resolve("deeper"));
    Files.writeString(root.resolve("sub").resolve("deeper").resolve("nested file.txt"), "nested\n");
    Files.writeString(root.resolve("ünïcödé.txt"), "UTF-8 name\n");
    int port = startedServer().port();

    assertServes(port, "hello.txt", HELLO.getBytes(StandardCharsets.UTF_8));
    assertServes(port, "empty.txt", new byte[0]);
    assertServes(port, "bytes.bin", binary);
    assertServes(port, "sub/deeper/nested file.txt", "nested\n".getBytes(StandardCharsets.UTF_8));
    assertServes(port, "ünïcödé.txt", "UTF-8 name\n".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("refuses missing files and directories with ERR and stays up")
  @Points(1)
  void refusesMissingFilesAndDirectories() throws Exception {
    Files.createDirectories(root.resolve("sub"));
    Files.writeString(root.resolve("sub").resolve("inside.txt"), "inside\n");
    int port = startedServer().port();
    for (String name : List.of("missing.txt", "sub/missing.txt", "sub", "sub/", ".", "./")) {
      assertRefused(port, name, "");
    }
    assertServes(port, "hello.txt", HELLO.getBytes(StandardCharsets.UTF_8));
    assertServes(port, "sub/inside.txt", "inside\n".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("refuses ../, sub/../../ and absolute names that leave the root")
  @Points(1)
  void refusesPathTraversal() throws Exception {
    Files.createDirectories(root.resolve("sub"));
    int port = startedServer().port();
    String absolute = secret.toAbsolutePath().toString();
    for (String name : List.of("../secret.txt", "sub/../../secret.txt", "./../secret.txt",
        "../outside/secret.txt", "..", absolute, "/etc/hostname")) {
      assertRefused(port, name, " (it resolves outside the root folder)");
    }
    assertServes(port, "hello.txt", HELLO.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("refuses symbolic links out of the root, follows those inside")
  @Points(1)
  void refusesSymlinksOutOfTheRoot() throws Exception {
    try {
      Files.createSymbolicLink(root.resolve("link-out.txt"), secret.toAbsolutePath());
      Files.createSymbolicLink(root.resolve("relative-out.txt"), Path.of("..", "secret.txt"));
      Files.createSymbolicLink(root.resolve("dir-out"), tmp.resolve("outside").toAbsolutePath());
      Files.createSymbolicLink(root.resolve("alias.txt"), Path.of("hello.txt"));
    } catch (UnsupportedOperationException | IOException e) {
      Assumptions.assumeTrue(false, "this file system cannot make symbolic links: " + e);
    }
    int port = startedServer().port();
    assertRefused(port, "link-out.txt", " (a symbolic link in the root pointing to " + secret
        + "; follow links with toRealPath() and check the result against the root)");
    assertRefused(port, "relative-out.txt", " (a symbolic link in the root pointing to ../secret.txt)");
    assertRefused(port, "dir-out/secret.txt", " (dir-out is a symbolic link in the root pointing to a"
        + " folder outside it)");
    assertServes(port, "alias.txt", HELLO.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("refuses names over 255 UTF-8 bytes and endless request lines")
  @Points(1)
  void refusesOverlongNames() throws Exception {
    String longest = "n".repeat(251) + ".txt"; // 255 bytes, the longest name Linux allows
    Files.writeString(root.resolve(longest), "longest name\n");
    Files.createDirectories(root.resolve("sub"));
    String accents = "é".repeat(126); // 126 characters, 252 bytes
    Files.writeString(root.resolve("sub").resolve(accents), "accents\n");
    int port = startedServer().port();

    assertServes(port, longest, "longest name\n".getBytes(StandardCharsets.UTF_8));
    assertRefused(port, "n".repeat(252) + ".txt", " (256 bytes, one over the limit of 255)");
    assertRefused(port, "sub/" + accents, " (the file exists, but the name is 130 characters and 256"
        + " UTF-8 bytes: the limit counts bytes)");
    assertRefused(port, "x".repeat(300), " (300 bytes)");

    // 64 KiB without a newline, and the connection stays open: the server must answer ERR as
    // soon as the line is too long, not wait for its end (or buffer it)
    Socket s = connect(port);
    byte[] endless = new byte[64 * 1024];
    Arrays.fill(endless, (byte) 'a');
    System.arraycopy("GET ".getBytes(StandardCharsets.US_ASCII), 0, endless, 0, 4);
    helpers.submit(() -> {
      s.getOutputStream().write(endless); // may fail once the server closes: that is fine
      return null;
    });
    Reply r = readReply(s, 4096);
    assertErr("sent \"GET \" followed by 65532 'a' and no newline, keeping the connection open", r,
        " (stop reading after \"GET \" + 255 bytes: never wait for the end of an endless line)");
    assertServes(port, "hello.txt", HELLO.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("refuses malformed request lines; accepts one sent byte by byte")
  @Points(1)
  void refusesMalformedRequests() throws Exception {
    int port = startedServer().port();
    String[] bad = {"PUT hello.txt\n", "get hello.txt\n", "GEThello.txt\n", "GET\n", "GET \n", "\n",
        "hello\n", "GET hel\0lo.txt\n"};
    for (String request : bad) {
      Reply r = exchange(port, request.getBytes(StandardCharsets.UTF_8));
      assertErr("sent the request " + Show.bytes(request.getBytes(StandardCharsets.UTF_8)), r, "");
    }
    byte[] junk = {0, (byte) 0xff, (byte) 0x80, 0x7f, '\n'};
    assertErr("sent the binary request line " + Show.bytes(junk), exchange(port, junk), "");

    // a request cut off by the end of the stream: the client half-closes and waits for an answer
    Socket cut = connect(port);
    cut.getOutputStream().write("GET hello.txt".getBytes(StandardCharsets.US_ASCII));
    cut.shutdownOutput();
    assertErr("sent \"GET hello.txt\" without the newline and closed the sending side", readReply(cut, 4096),
        " (a request line must end with \\n; one cut off by the end of the stream is malformed)");

    // a well-formed request written one byte per TCP segment
    Socket slow = connect(port);
    OneByteAtATime.output(slow.getOutputStream()).write("GET hello.txt\n".getBytes(StandardCharsets.US_ASCII));
    Reply r = readReply(slow, 4096);
    assertFileReply("sent \"GET hello.txt\\n\" one byte at a time", r, HELLO.getBytes(StandardCharsets.UTF_8));
    assertServes(port, "hello.txt", HELLO.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("sends a 20 MB file intact (CRC-32C), streamed on both sides")
  @Points(1)
  void transfersALargeFile() throws Exception {
    long size = 20L << 20;
    Path big = root.resolve("big.bin");
    byte[] firstMiB = new byte[1 << 20];
    byte[] expectedHash = writeRandomFile(big, size, firstMiB);
    int port = startedServer().port();

    // 1. raw: the server must stream the file, not read it whole into memory first
    Socket s = connect(port);
    s.getOutputStream().write("GET big.bin\n".getBytes(StandardCharsets.US_ASCII));
    InputStream in = s.getInputStream();
    byte[] head = readN(in, 11, "the status line and length of big.bin (20 MB)");
    byte[] expectedHead = concat("OK\n".getBytes(StandardCharsets.US_ASCII), longBytes(size));
    assertArrayEquals(expectedHead, head, () -> "sent \"GET big.bin\\n\" for a file of " + size
        + " bytes; expected the reply to start with " + Show.bytes(expectedHead) + ", got " + Show.bytes(head));
    byte[] first = readN(in, firstMiB.length, "the first MiB of big.bin (20 MB)");
    long allocated = allocatedByServerThreads();
    if (allocated > 8 << 20) {
      fail("the server thread sending big.bin (20 MB) had allocated " + (allocated >> 20) + " MiB by the"
          + " time the first MiB arrived: stream the file through a small buffer (Files.copy, transferTo,"
          + " or a read/write loop) instead of reading it whole into memory");
    }
    assertArrayEquals(firstMiB, first, () -> "sent \"GET big.bin\\n\"; the first MiB after the length differs"
        + " from the file: " + ByteDiff.describe(firstMiB, first));
    s.close(); // hang up halfway: the server must shrug it off

    // 2. the whole file, read by the test itself: every byte the server sends, after the hang-up
    try (Socket whole = connect(port)) {
      whole.getOutputStream().write("GET big.bin\n".getBytes(StandardCharsets.US_ASCII));
      InputStream wholeIn = whole.getInputStream();
      byte[] again = readN(wholeIn, 11, "the status line and length of big.bin (20 MB), after another client had hung up");
      assertArrayEquals(expectedHead, again, () -> "sent \"GET big.bin\\n\" again after another client had hung up"
          + " halfway; expected the reply to start with " + Show.bytes(expectedHead) + ", got " + Show.bytes(again));
      byte[] sentHash = streamHash(wholeIn, size, "big.bin (20 MB)");
      assertArrayEquals(expectedHash, sentHash, () -> "read big.bin (" + size + " bytes) from the server; the bytes"
          + " sent have CRC-32C " + hex(sentHash) + ", the file's is " + hex(expectedHash));
    }

    // 3. the student's client must stream too: 20 MB from a server of the test's own, which sends
    // bytes no file holds, so only what comes through the socket can be saved
    StreamingServer source = new StreamingServer(size);
    Path downloads = Files.createDirectories(tmp.resolve("downloads"));
    Path target = downloads.resolve("big-copy.bin");
    long before = allocatedByThisThread();
    long returned = download(source.port(), "big.bin", target);
    long clientAllocated = before < 0 ? -1 : allocatedByThisThread() - before;
    assertEquals(size, returned, "FileClient.download of big.bin (" + size + " bytes) returned " + returned);
    if (clientAllocated > 8 << 20) {
      fail("FileClient.download allocated about " + (clientAllocated >> 20) + " MiB to save a 20 MB file:"
          + " copy the bytes to the file through a small buffer instead of reading them all into memory");
    }
    byte[] savedHash = fileHash(target);
    byte[] servedHash = source.hash();
    assertArrayEquals(servedHash, savedHash, () -> "downloaded big.bin (" + size + " bytes) with FileClient; the"
        + " saved file has " + sizeOf(target) + " bytes and CRC-32C " + hex(savedHash) + ", the bytes the server"
        + " sent have " + hex(servedHash));
  }

  /**
   * A server of the test's own for one download: OK, the length, then {@code size} bytes made as
   * they are sent (a random MiB, each copy stamped with its number, so a lost, doubled or swapped
   * MiB changes the checksum).
   */
  private final class StreamingServer {
    private final ServerSocket listener;
    private final CompletableFuture<byte[]> hash = new CompletableFuture<>();

    StreamingServer(long size) throws IOException {
      listener = new ServerSocket();
      closeables.add(listener);
      listener.bind(new InetSocketAddress(Loopback.address(), 0), 1);
      listener.setSoTimeout(3000);
      helpers.submit(() -> {
        try (Socket s = listener.accept()) {
          s.setSoTimeout(2000);
          InputStream in = s.getInputStream();
          for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            // the request line; what it asks for does not matter here
          }
          OutputStream out = s.getOutputStream();
          out.write(concat("OK\n".getBytes(StandardCharsets.US_ASCII), longBytes(size)));
          byte[] chunk = new byte[1 << 20];
          new Random(31).nextBytes(chunk);
          CRC32C crc = new CRC32C();
          for (long sent = 0, i = 0; sent < size; sent += chunk.length, i++) {
            ByteBuffer.wrap(chunk).putLong(i);
            int n = (int) Math.min(chunk.length, size - sent);
            out.write(chunk, 0, n);
            crc.update(chunk, 0, n);
          }
          out.flush();
          hash.complete(longBytes(crc.getValue()));
        } catch (IOException e) {
          hash.completeExceptionally(e);
        }
        return null;
      });
    }

    int port() {
      return listener.getLocalPort();
    }

    byte[] hash() throws Exception {
      return hash.get(5, TimeUnit.SECONDS);
    }
  }

  /** The CRC-32C of the next {@code size} bytes of {@code in}, read through a small buffer. */
  private static byte[] streamHash(InputStream in, long size, String what) throws IOException {
    CRC32C crc = new CRC32C();
    byte[] buf = new byte[1 << 16];
    long left = size;
    try {
      while (left > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) fail("the connection ended after " + (size - left) + " of " + size + " bytes of " + what);
        crc.update(buf, 0, n);
        left -= n;
      }
    } catch (SocketTimeoutException e) {
      fail("waited " + READ_TIMEOUT_MS + " ms for more of " + what + " and got only " + (size - left) + " bytes");
    }
    return longBytes(crc.getValue());
  }

  @Test
  @DisplayName("binds 127.0.0.1 only; a missing root, a file as root or a port in use throws IOException;"
      + " serves 8 clients while one stalls; close() stops everything")
  @Points(1)
  void servesClientsConcurrentlyAndCloses() throws Exception {
    expectConstructorIOException(tmp.resolve("no-such-folder"), 0, "a root folder that does not exist");
    expectConstructorIOException(root.resolve("hello.txt"), 0, "a regular file (hello.txt) as the root");
    Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
    Random random = new Random(8);
    byte[][] contents = new byte[8][];
    for (int i = 0; i < 8; i++) {
      contents[i] = new byte[200_000 + i * 1000];
      random.nextBytes(contents[i]);
      Files.write(root.resolve("f" + i + ".bin"), contents[i]);
    }
    FileServer server = startedServer();
    int port = server.port();
    assertLoopbackOnly(port);
    expectConstructorIOException(root, port, "port " + port + ", where the first server already listens");

    Socket silent = connect(port);
    silent.getOutputStream().write("GET hel".getBytes(StandardCharsets.US_ASCII)); // and nothing more

    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> results = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      int id = i;
      results.add(helpers.submit(() -> {
        go.await();
        Reply r = exchange(port, ("GET f" + id + ".bin\n").getBytes(StandardCharsets.US_ASCII));
        assertFileReply("8 clients asked for 8 files at once, while a 9th client had sent only \"GET hel\";"
            + " client " + id + " sent \"GET f" + id + ".bin\\n\"", r, contents[id]);
        return null;
      }));
    }
    go.countDown();
    for (Future<?> f : results) {
      try {
        f.get(3, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof AssertionError a) throw a;
        throw new AssertionError("a client failed: " + e.getCause(), e.getCause());
      } catch (TimeoutException e) {
        fail("8 clients asking for 200 KB files were not all served within 3 s while another client"
            + " had sent half a request line: serve every client on its own thread");
      }
    }

    assertTimeoutPreemptively(Duration.ofSeconds(1),
        () -> assertDoesNotThrow(server::close, "close() threw"),
        "close() did not return within 1 s while a client was still connected");
    silent.setSoTimeout(1000);
    try {
      int b = silent.getInputStream().read();
      assertTrue(b == -1 || b == 'E', "after close(), the client that had sent half a request line"
          + " received byte " + b + " instead of the end of the connection");
    } catch (SocketTimeoutException e) {
      fail("1 s after close(), a client that had sent half a request line was still connected:"
          + " close() must close the open connections too");
    } catch (SocketException e) {
      // reset: closed, that is fine
    }
    assertPortFree(port);
    assertNoThreadsLeft(threadsBefore);
    assertDoesNotThrow(server::close, "close() threw when called a second time");
  }

  // --- the client ----------------------------------------------------------------------------

  @Test
  @DisplayName("client: saves the exact bytes (an empty file too); ERR becomes RemoteFileException; an empty"
      + " name or one with a line break throws IllegalArgumentException")
  @Points(1)
  void clientSavesFilesAndReportsErrors() throws Exception {
    Path downloads = Files.createDirectories(tmp.resolve("downloads"));
    byte[] content = new byte[100_000];
    new Random(9).nextBytes(content);
    byte[] start = "\nOK\n\0\0".getBytes(StandardCharsets.US_ASCII); // looks like more protocol
    System.arraycopy(start, 0, content, 0, start.length);
    for (int i = 0; i < 256; i++) content[100 + i] = (byte) i;
    Path target = downloads.resolve("saved.bin");
    Files.writeString(target, "an old version of the file, to be replaced\n");

    FakeServer ok = fakeServer(concat(concat("OK\n".getBytes(StandardCharsets.US_ASCII), longBytes(content.length)),
        content), false);
    long returned = download(ok.port(), "some file.bin", target);
    byte[] request = ok.request();
    assertArrayEquals("GET some file.bin\n".getBytes(StandardCharsets.UTF_8), request,
        () -> "download(\"some file.bin\") should send exactly \"GET some file.bin\\n\"; the server received "
            + Show.bytes(request));
    assertEquals(content.length, returned, "the server sent OK and " + content.length
        + " bytes; download returned " + returned);
    byte[] saved = Files.readAllBytes(target);
    assertArrayEquals(content, saved, () -> "the server sent OK, the length " + content.length + " and "
        + content.length + " bytes starting with " + Show.bytes(Arrays.copyOf(content, 8)) + "; the saved file: "
        + ByteDiff.describe(content, saved) + " (read the status line, the length and the bytes through"
        + " one buffered stream)");
    assertEquals(List.of("saved.bin"), listing(downloads),
        "after a successful download the folder should hold only the target");

    Path notThere = downloads.resolve("missing.txt");
    FakeServer refusing = fakeServer("ERR no such file\n".getBytes(StandardCharsets.US_ASCII), false);
    try {
      download(refusing.port(), "missing.txt", notThere);
      fail("the server answered \"ERR no such file\\n\"; download should throw RemoteFileException,"
          + " but returned normally");
    } catch (FileClient.RemoteFileException e) {
      assertEquals("no such file", e.reason(), "the server answered \"ERR no such file\\n\"; the"
          + " RemoteFileException's reason() should be \"no such file\"");
    } catch (Exception e) {
      fail("the server answered \"ERR no such file\\n\"; download should throw RemoteFileException,"
          + " but threw " + e);
    }
    assertEquals(List.of("saved.bin"), listing(downloads), "the server answered ERR; download must not"
        + " create a file (nor leave a temporary one)");

    FakeServer garbage = fakeServer("HELLO\n".getBytes(StandardCharsets.US_ASCII), false);
    expectIOException(garbage.port(), "a status line \"HELLO\\n\" that is neither OK nor ERR", downloads,
        List.of("saved.bin"));

    Path empty = downloads.resolve("empty.txt");
    FakeServer emptyFile = fakeServer(concat("OK\n".getBytes(StandardCharsets.US_ASCII), longBytes(0)), false);
    long emptyReturned = download(emptyFile.port(), "empty.txt", empty);
    assertEquals(0, emptyReturned, "the server sent OK and the length 0 (an empty file); download returned "
        + emptyReturned);
    assertTrue(Files.isRegularFile(empty) && sizeOf(empty).equals("0"), () -> "the server sent OK and the"
        + " length 0; download should save an empty file, but the target has " + sizeOf(empty) + " bytes");

    for (String bad : List.of("", "\n", "two\nlines", "name\n", "\rname", "name\r")) {
      FakeServer answering = fakeServer("ERR no such file\n".getBytes(StandardCharsets.US_ASCII), false);
      String shown = "\"" + bad.replace("\n", "\\n").replace("\r", "\\r") + "\"";
      try {
        long n = download(answering.port(), bad, downloads.resolve("bad.bin"));
        fail("download with the name " + shown + " returned " + n + "; a name that is empty or contains a line"
            + " break should throw IllegalArgumentException");
      } catch (IllegalArgumentException expected) {
        // right
      } catch (Exception e) {
        fail("download with the name " + shown + " threw " + e + "; a name that is empty or contains a line"
            + " break should throw IllegalArgumentException (the request line could not say it)");
      }
    }
  }

  @Test
  @DisplayName("client: a cut connection, a negative length or a status other than OK or ERR throws"
      + " IOException, leaves no file")
  @Points(1)
  void clientLeavesNoPartialFile() throws Exception {
    Path downloads = Files.createDirectories(tmp.resolve("downloads"));
    byte[] part = new byte[300_000];
    new Random(10).nextBytes(part);
    byte[] head = concat("OK\n".getBytes(StandardCharsets.US_ASCII), longBytes(1_000_000));

    FakeServer closes = fakeServer(concat(head, part), false);
    expectIOException(closes.port(), "OK, the length 1000000 and then only 300000 bytes before closing",
        downloads, List.of());
    FakeServer resets = fakeServer(concat(head, part), true);
    expectIOException(resets.port(), "OK, the length 1000000 and then only 300000 bytes before a"
        + " connection reset", downloads, List.of());
    FakeServer shortLength = fakeServer("OK\n\0\0\0".getBytes(StandardCharsets.US_ASCII), false);
    expectIOException(shortLength.port(), "OK and only 3 of the 8 length bytes before closing", downloads,
        List.of());
    FakeServer negative = fakeServer(concat(concat("OK\n".getBytes(StandardCharsets.US_ASCII), longBytes(-1)),
        "abc".getBytes(StandardCharsets.US_ASCII)), false);
    expectIOException(negative.port(), "OK, the length -1 (ff ff ff ff ff ff ff ff) and 3 bytes", downloads,
        List.of());
    byte[] body = "hello".getBytes(StandardCharsets.US_ASCII);
    FakeServer other = fakeServer(concat(concat("FILE\n".getBytes(StandardCharsets.US_ASCII), longBytes(5)), body),
        false);
    expectIOException(other.port(), "the status line \"FILE\\n\" (neither OK nor ERR), then a length of 5 and"
        + " 5 bytes", downloads, List.of());
  }

  // --- helpers: servers and raw clients ----------------------------------------------------------

  private FileServer startedServer() throws IOException {
    FileServer server = new FileServer(root, 0);
    servers.add(server);
    assertTimeoutPreemptively(Duration.ofSeconds(1), server::start,
        "start() did not return within 1 s: it must accept clients on a background thread");
    return server;
  }

  private Socket connect(int port) throws IOException {
    Socket s = Loopback.connect(port);
    closeables.add(s);
    s.setSoTimeout(READ_TIMEOUT_MS);
    s.setTcpNoDelay(true);
    return s;
  }

  /** What came back on a connection, and how it ended: "eof", "reset" or "timeout". */
  private record Reply(byte[] bytes, String end) {
    String describe() {
      String how = switch (end) {
        case "eof" -> "then the server closed the connection";
        case "reset" -> "then the connection was reset";
        case "more" -> "and more was still coming";
        default -> "then nothing more for " + READ_TIMEOUT_MS + " ms, with the connection still open";
      };
      return (bytes.length == 0 ? "nothing, " : Show.bytes(bytes) + ", ") + how;
    }
  }

  private Reply exchange(int port, byte[] request) throws IOException {
    Socket s = connect(port);
    s.getOutputStream().write(request);
    s.getOutputStream().flush();
    return readReply(s, 4 << 20);
  }

  /** Everything until the end of the stream, a reset, a second of silence, or max bytes. */
  private static Reply readReply(Socket s, int max) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buf = new byte[1 << 16];
    InputStream in = s.getInputStream();
    try {
      while (true) {
        int n = in.read(buf);
        if (n < 0) return new Reply(got.toByteArray(), "eof");
        got.write(buf, 0, n);
        if (got.size() > max) return new Reply(got.toByteArray(), "more");
      }
    } catch (SocketTimeoutException e) {
      return new Reply(got.toByteArray(), "timeout");
    } catch (SocketException e) {
      return new Reply(got.toByteArray(), "reset");
    }
  }

  private void assertServes(int port, String name, byte[] content) throws IOException {
    byte[] request = ("GET " + name + "\n").getBytes(StandardCharsets.UTF_8);
    assertFileReply("sent " + Show.bytes(request), exchange(port, request), content);
  }

  private static void assertFileReply(String what, Reply r, byte[] content) {
    byte[] expected = concat(concat("OK\n".getBytes(StandardCharsets.US_ASCII), longBytes(content.length)), content);
    if (!Arrays.equals(expected, r.bytes())) {
      fail(what + "; expected \"OK\\n\", the 8-byte length " + content.length + " and " + content.length
          + " bytes (" + Show.bytes(expected) + "), got " + r.describe() + ": " + ByteDiff.describe(expected, r.bytes()));
    }
    if (!r.end().equals("eof")) {
      fail(what + "; the file arrived, but " + r.describe().replaceFirst("^.*?, then", "then")
          + ": the server must close the connection after the last byte");
    }
  }

  private void assertRefused(int port, String name, String why) throws IOException {
    byte[] request = ("GET " + name + "\n").getBytes(StandardCharsets.UTF_8);
    String shown = name.length() > 40 ? name.substring(0, 37) + "..." : name;
    assertErr("sent \"GET " + shown + "\\n\"" + why, exchange(port, request), "");
  }

  private static void assertErr(String what, Reply r, String advice) {
    byte[] b = r.bytes();
    String text = new String(b, StandardCharsets.UTF_8);
    if (text.startsWith("OK\n")) {
      boolean leaked = text.contains(SECRET.trim());
      fail(what + "; expected an ERR line, but the server answered OK and sent " + (b.length - 3) + " more bytes"
          + (leaked ? ", the contents of a file OUTSIDE the root" : "") + advice);
    }
    int nl = text.indexOf('\n');
    if (!text.startsWith("ERR ") || nl < 0 || nl == 4) {
      fail(what + "; expected one line \"ERR <reason>\\n\" and the end of the connection, got "
          + r.describe() + advice);
    }
    if (nl != text.length() - 1) {
      fail(what + "; expected only the line \"ERR <reason>\\n\", but more came after it: " + r.describe());
    }
    if (r.end().equals("timeout") || r.end().equals("more")) {
      fail(what + "; the ERR line came, but " + r.describe().replaceFirst("^.*?, then", "then")
          + ": close the connection after an ERR");
    }
  }

  // --- helpers: the client -------------------------------------------------------------------

  private static long download(int port, String name, Path target) throws IOException {
    return FileClient.download("127.0.0.1", port, name, target);
  }

  private void expectIOException(int port, String sent, Path dir, List<String> expectedFiles) throws IOException {
    Path target = dir.resolve("cut.bin");
    try {
      long n = download(port, "cut.bin", target);
      fail("the server sent " + sent + "; download should throw an IOException, but returned " + n);
    } catch (FileClient.RemoteFileException e) {
      fail("the server sent " + sent + "; download threw RemoteFileException (" + e.getMessage()
          + "), which is for ERR answers only");
    } catch (IOException expected) {
      // right
    } catch (RuntimeException e) {
      fail("the server sent " + sent + "; download should throw an IOException, but threw " + e);
    }
    List<String> left = listing(dir);
    assertEquals(expectedFiles, left, () -> "the server sent " + sent + " and download threw, but the"
        + " download folder now holds " + left + ": a failed download must leave no partial file and no"
        + " temporary file (write to a temporary file and rename it at the end, or delete it on failure)");
  }

  /** A one-shot server run by the test: reads a request line, sends a canned reply. */
  private final class FakeServer {
    private final ServerSocket listener;
    private final CompletableFuture<byte[]> request = new CompletableFuture<>();

    FakeServer(byte[] reply, boolean reset) throws IOException {
      listener = new ServerSocket();
      closeables.add(listener);
      listener.bind(new InetSocketAddress(Loopback.address(), 0), 1);
      listener.setSoTimeout(3000);
      helpers.submit(() -> {
        try (Socket s = listener.accept()) {
          s.setSoTimeout(2000);
          ByteArrayOutputStream line = new ByteArrayOutputStream();
          InputStream in = s.getInputStream();
          for (int b = in.read(); b != -1 && line.size() < 4096; b = in.read()) {
            line.write(b);
            if (b == '\n') break;
          }
          request.complete(line.toByteArray());
          OutputStream out = s.getOutputStream();
          out.write(reply);
          out.flush();
          if (reset) s.setSoLinger(true, 0);
        } catch (IOException e) {
          request.completeExceptionally(e);
        }
        return null;
      });
    }

    int port() {
      return listener.getLocalPort();
    }

    byte[] request() throws Exception {
      return request.get(1, TimeUnit.SECONDS);
    }
  }

  private FakeServer fakeServer(byte[] reply, boolean reset) throws IOException {
    return new FakeServer(reply, reset);
  }

  // --- helpers: bytes, files, threads --------------------------------------------------------

  private static byte[] longBytes(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  private static byte[] readN(InputStream in, int n, String what) throws IOException {
    byte[] b = new byte[n];
    int off = 0;
    try {
      while (off < n) {
        int got = in.read(b, off, n - off);
        if (got < 0) fail("the connection ended after " + off + " bytes while reading " + what
            + ": " + Show.bytes(Arrays.copyOf(b, off)));
        off += got;
      }
    } catch (SocketTimeoutException e) {
      fail("waited " + READ_TIMEOUT_MS + " ms for " + what + " and got only " + Show.bytes(Arrays.copyOf(b, off)));
    }
    return b;
  }

  /**
   * Writes size random bytes; returns their CRC-32C and copies the first ones into first. A
   * checksum, not SHA-256: it catches every lost, doubled or swapped chunk and costs a fraction
   * of the CPU, which matters when a whole class is graded.
   */
  private static byte[] writeRandomFile(Path file, long size, byte[] first) throws IOException {
    CRC32C crc = new CRC32C();
    Random random = new Random(30);
    byte[] chunk = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= chunk.length) {
        random.nextBytes(chunk);
        int n = (int) Math.min(chunk.length, left);
        if (left == size) System.arraycopy(chunk, 0, first, 0, Math.min(first.length, n));
        out.write(chunk, 0, n);
        crc.update(chunk, 0, n);
      }
    }
    return longBytes(crc.getValue());
  }

  private static byte[] fileHash(Path file) throws IOException {
    CRC32C crc = new CRC32C();
    byte[] buf = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) crc.update(buf, 0, n);
    }
    return longBytes(crc.getValue());
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b).substring(0, 16) + "…";
  }

  private static String sizeOf(Path f) {
    try {
      return String.valueOf(Files.size(f));
    } catch (IOException e) {
      return "no";
    }
  }

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static com.sun.management.ThreadMXBean allocationBean() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
        && bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled()) {
      return bean;
    }
    return null;
  }

  /** Bytes allocated by the current thread so far, or -1 where the JVM cannot tell. */
  private static long allocatedByThisThread() {
    com.sun.management.ThreadMXBean bean = allocationBean();
    return bean == null ? -1 : bean.getCurrentThreadAllocatedBytes();
  }

  /** The most any live thread running FileServer code has allocated, or -1 if unknown. */
  private static long allocatedByServerThreads() {
    com.sun.management.ThreadMXBean bean = allocationBean();
    if (bean == null) return -1;
    long max = -1;
    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      if (Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().startsWith("FileServer"))) {
        max = Math.max(max, bean.getThreadAllocatedBytes(e.getKey().getId()));
      }
    }
    return max;
  }

  private void expectConstructorIOException(Path root, int port, String what) {
    try {
      servers.add(new FileServer(root, port));
      fail("new FileServer(root, port) with " + what + " returned normally; it should throw an IOException");
    } catch (IOException expected) {
      // right
    } catch (RuntimeException e) {
      fail("new FileServer(root, port) with " + what + " threw " + e + "; it should throw an IOException");
    }
  }

  /**
   * Fails if a connection to 127.0.0.2:port is accepted. Linux routes all of 127.0.0.0/8 to the
   * loopback interface, so a server bound to 127.0.0.1 refuses it, while one bound to every
   * address (0.0.0.0, reachable from the network) accepts it. Where this machine cannot reach
   * 127.0.0.2 at all (checked with a listener of our own on every address), nothing is judged.
   */
  private static void assertLoopbackOnly(int port) throws IOException {
    InetAddress other = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress((InetAddress) null, 0)); // every address, like a wrong server
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(other, probe.getLocalPort()), 1000);
      } catch (IOException e) {
        return; // 127.0.0.2 is not reachable here: this machine cannot tell
      }
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(other, port), 1000);
      fail("a connection to 127.0.0.2:" + port + " (another address of this machine, not 127.0.0.1) was accepted:"
          + " the server is bound to every address (0.0.0.0) and so reachable from the network. Bind"
          + " 127.0.0.1 only: new InetSocketAddress(InetAddress.getLoopbackAddress(), port)");
    } catch (ConnectException expected) {
      // refused: bound to 127.0.0.1 only
    } catch (IOException e) {
      // no verdict: the connection neither succeeded nor was refused
    }
  }

  private static void assertPortFree(int port) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    while (true) {
      try (ServerSocket probe = new ServerSocket()) {
        probe.setReuseAddress(true);
        probe.bind(new InetSocketAddress(Loopback.address(), port));
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          fail("port " + port + " is still in use 1 s after close(): a new ServerSocket could not bind it ("
              + e.getMessage() + "); close() must close the listening socket");
        }
        Thread.sleep(10); // polling with a deadline
      }
    }
  }

  private static void assertNoThreadsLeft(Set<Thread> before) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    List<String> alive;
    while (true) {
      alive = lingering(before);
      if (alive.isEmpty()) return;
      if (System.nanoTime() > deadline) break;
      Thread.sleep(10); // polling for the threads to end, with a deadline
    }
    fail("1 s after close() these threads are still running: " + alive + "; close() must stop the accepting"
        + " thread and every client thread (closing their sockets wakes them)");
  }

  /** Threads started during the test (not the test's own) or running FileServer code. */
  private static List<String> lingering(Set<Thread> before) {
    List<String> result = new ArrayList<>();
    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      Thread t = e.getKey();
      if (!t.isAlive() || t == Thread.currentThread()) continue;
      if (t.getName().startsWith("hidden-test-") || t.getName().startsWith("junit-")) continue;
      boolean serverCode = Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().startsWith("FileServer"));
      boolean commonPool = t instanceof ForkJoinWorkerThread w && w.getPool() == ForkJoinPool.commonPool();
      if (serverCode || !before.contains(t) && !commonPool) {
        String where = Arrays.stream(e.getValue()).filter(f -> f.getClassName().startsWith("FileServer"))
            .findFirst().or(() -> Arrays.stream(e.getValue()).findFirst())
            .map(f -> ", in " + f.getClassName() + "." + f.getMethodName()).orElse("");
        result.add("\"" + t.getName() + "\" (" + t.getState() + where + ")");
      }
    }
    return result;
  }
}
