package netlab.grade.sandbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The seccomp program bubblewrap loads into a grading sandbox: it refuses (EPERM) the system calls
 * that read or write another process's memory or take its file descriptors — ptrace,
 * process_vm_readv/writev, pidfd_getfd, perf_event_open and bpf. Without it, a program the
 * student's code starts (a python3 one-liner will do) could patch the worker JVM it runs under
 * and write to its result channel: processes of one user may trace each other unless the kernel
 * says otherwise (Yama), and bubblewrap's own user namespace does not change that.
 *
 * <p>A classic BPF program is a fixed format (struct sock_filter, 8 bytes an instruction) and
 * no library on the JVM writes one, so it is assembled here; it is checked by a test that runs
 * {@code python3}'s ptrace in a real sandbox.
 */
public final class SeccompFilter {
  private static final int AUDIT_ARCH_X86_64 = 0xc000003e;
  private static final int AUDIT_ARCH_I386 = 0x40000003;
  private static final int AUDIT_ARCH_AARCH64 = 0xc00000b7;
  private static final int X32_SYSCALL_BIT = 0x40000000;

  /** Syscall numbers to refuse, per architecture: ptrace, process_vm_readv, process_vm_writev, pidfd_getfd, perf_event_open, bpf. */
  private static final Map<Integer, List<Integer>> REFUSED = Map.of(
      AUDIT_ARCH_X86_64, List.of(101, 310, 311, 438, 298, 321),
      AUDIT_ARCH_I386, List.of(26, 347, 348, 438, 336, 357),
      AUDIT_ARCH_AARCH64, List.of(117, 270, 271, 438, 241, 280));

  private static final short LD_W_ABS = 0x20;
  private static final short JEQ_K = 0x15;
  private static final short JGE_K = 0x35;
  private static final short RET_K = 0x06;
  private static final int RET_ALLOW = 0x7fff0000;
  private static final int RET_EPERM = 0x00050000 | 1;

  private SeccompFilter() {}

  /** The program for this machine's architecture, or empty where we have no syscall table for it. */
  public static Optional<byte[]> forThisMachine() {
    String arch = System.getProperty("os.arch", "");
    if (!System.getProperty("os.name", "").equals("Linux")) return Optional.empty();
    return switch (arch) {
      case "amd64", "x86_64" -> Optional.of(program(AUDIT_ARCH_X86_64, AUDIT_ARCH_I386));
      case "aarch64" -> Optional.of(program(AUDIT_ARCH_AARCH64, 0));
      default -> Optional.empty();
    };
  }

  /** Written once to {@code dir} (bwrap reads it from a file descriptor). */
  public static Optional<Path> file(Path dir) throws IOException {
    Optional<byte[]> p = forThisMachine();
    if (p.isEmpty()) return Optional.empty();
    Path f = dir.resolve("seccomp-" + Integer.toHexString(java.util.Arrays.hashCode(p.get())) + ".bpf");
    if (!Files.isRegularFile(f)) {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "seccomp-", ".tmp");
      Files.write(tmp, p.get());
      Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
    return Optional.of(f);
  }

  /**
   * if arch == native: refuse the listed calls (and, on x86_64, every x32 call), allow the rest;
   * else if arch == compat (i386 on x86_64): refuse its listed calls, allow the rest;
   * else: refuse.
   */
  static byte[] program(int nativeArch, int compatArch) {
    List<Integer> own = REFUSED.get(nativeArch);
    List<Integer> compat = compatArch == 0 ? List.of() : REFUSED.get(compatArch);
    boolean x86 = nativeArch == AUDIT_ARCH_X86_64;
    ByteBuffer b = ByteBuffer.allocate(8 * (16 + own.size() + compat.size())).order(ByteOrder.nativeOrder());
    // the native section: its length decides the first jump
    // jumps count instructions after the next one: jt/jf = 0 falls through
    int nativeLen = 1 + (x86 ? 1 : 0) + own.size() + 2; // ld nr, [jge x32], jeq…, ret allow, ret eperm
    b.put(insn(LD_W_ABS, 0, 0, 4)); // arch
    b.put(insn(JEQ_K, 0, nativeLen, nativeArch));
    b.put(insn(LD_W_ABS, 0, 0, 0)); // nr
    if (x86) b.put(insn(JGE_K, own.size() + 1, 0, X32_SYSCALL_BIT)); // x32 calls: over the jeq's and "allow"
    for (int i = 0; i < own.size(); i++) {
      b.put(insn(JEQ_K, own.size() - i, 0, own.get(i))); // onto the "ret eperm" after "ret allow"
    }
    b.put(insn(RET_K, 0, 0, RET_ALLOW));
    b.put(insn(RET_K, 0, 0, RET_EPERM));
    // the compat section (or: any other architecture is refused)
    if (compatArch != 0) {
      b.put(insn(JEQ_K, 0, compat.size() + 3, compatArch));
      b.put(insn(LD_W_ABS, 0, 0, 0));
      for (int i = 0; i < compat.size(); i++) b.put(insn(JEQ_K, compat.size() - i, 0, compat.get(i)));
      b.put(insn(RET_K, 0, 0, RET_ALLOW));
      b.put(insn(RET_K, 0, 0, RET_EPERM));
    }
    b.put(insn(RET_K, 0, 0, RET_EPERM));
    byte[] out = new byte[b.position()];
    b.flip();
    b.get(out);
    return out;
  }

  private static byte[] insn(short code, int jt, int jf, int k) {
    ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
    b.putShort(code).put((byte) jt).put((byte) jf).putInt(k);
    return b.array();
  }
}
