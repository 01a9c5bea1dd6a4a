#!/usr/bin/env python3
"""A student's first ./netlab in a fresh clone, on a pseudo-terminal, timed in its phases.

Usage: first_run.py CLONE
Starts CLONE/netlab on an 80x24 pty (no arguments, as a student would) and prints, in seconds
since the start: when the build was over (the launcher says it is recording class data) and
when the prompt appeared; then types quit. Progress goes to a scratch folder (NETLAB_STATE)."""
import fcntl, os, pty, re, select, struct, subprocess, sys, tempfile, termios, time

RECORDING = re.compile(rb"recording the lab's class data")
PROMPT = re.compile(rb"netlab[^>]*> ")

def main():
    clone = sys.argv[1]
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    os.set_blocking(master, False)
    env = dict(os.environ, NETLAB_STATE=tempfile.mkdtemp(prefix="netlab-state-"))
    start = time.perf_counter()
    proc = subprocess.Popen(["./netlab"], cwd=clone, stdin=slave, stdout=slave, stderr=slave,
                            close_fds=True, env=env)
    os.close(slave)
    seen, built, prompt = b"", None, None
    deadline = start + 900
    while time.perf_counter() < deadline and prompt is None:
        r, _, _ = select.select([master], [], [], 0.05)
        if r:
            try:
                seen += os.read(master, 65536)
            except OSError:
                break
            now = time.perf_counter() - start
            if built is None and RECORDING.search(seen):
                built = now
            if PROMPT.search(seen):
                prompt = now
                os.write(master, b"quit\r")
        if proc.poll() is not None:
            break
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
    os.close(master)
    if prompt is None:
        raise SystemExit("no prompt within 900 s; the last output: %r" % seen[-500:])
    if built is None:
        raise SystemExit("the launcher never said it was recording class data: %r" % seen[-500:])
    print("%.1f %.1f" % (built, prompt))

main()
