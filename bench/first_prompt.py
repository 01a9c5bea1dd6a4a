#!/usr/bin/env python3
"""Seconds from starting a command on a pseudo-terminal until a prompt appears in its output.

Usage: first_prompt.py RUNS PROMPT_REGEX EXIT_LINE -- command...
Prints the median over RUNS. Uses a real pty, as a person at a terminal would."""
import fcntl, os, pty, re, select, statistics, struct, subprocess, sys, termios, time

def once(prompt, exit_line, cmd):
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))  # 80x24, like a terminal
    os.set_blocking(master, False)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, close_fds=True)
    os.close(slave)
    seen, elapsed = b"", None
    deadline = start + 30
    while time.perf_counter() < deadline:
        r, _, _ = select.select([master], [], [], 0.05)
        if r:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            seen += chunk
            if elapsed is None and re.search(prompt.encode(), seen):
                elapsed = time.perf_counter() - start
                os.write(master, exit_line.encode() + b"\r")
        if proc.poll() is not None:
            break
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    os.close(master)
    if elapsed is None:
        raise SystemExit("no prompt matching %r in: %r" % (prompt, seen[-300:]))
    return elapsed

def main():
    runs, prompt, exit_line = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    cmd = sys.argv[sys.argv.index("--") + 1:]
    times = [once(prompt, exit_line, cmd) for _ in range(runs)]
    print("%.3f" % statistics.median(times))

main()
