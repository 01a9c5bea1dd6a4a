#!/usr/bin/env python3
"""`run` latency in the lab, next to the JDK's jshell evaluating the same snippet from cold.

first run: ./netlab starts on a pseudo-terminal (80x24, NO_COLOR so no pager), the prompt
appears, `run 1` is typed at once; the clock stops when the next prompt appears. The JShell
engine starts in the background with the lab, so this is what a quick student sees.
later runs: `run 1` again in the same session, RUNS times.
jshell cold: `jshell -q` with the snippet and /exit on stdin, start to exit.

Usage: bench/snippets.py [RUNS]   (default 10; run from the lab folder, jar built)"""
import fcntl, os, pty, re, select, shutil, statistics, struct, subprocess, sys, tempfile, termios, time

PROMPT = re.compile(rb"netlab 01> $")


def read_until(fd, pattern, deadline):
    seen = b""
    while time.perf_counter() < deadline:
        r, _, _ = select.select([fd], [], [], 0.02)
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            seen += chunk
            if pattern.search(seen):
                return seen
    raise SystemExit("timed out waiting for %r; saw %r" % (pattern.pattern, seen[-400:]))


def lab_session(runs):
    state = tempfile.mkdtemp()
    with open(os.path.join(state, "progress.json"), "w") as f:
        f.write('{"current":"ip-addresses","lessons":{"ip-addresses":{"opened":"2026-01-01T00:00:00Z"}}}')
    env = dict(os.environ, NO_COLOR="1", NETLAB_STATE=state)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    proc = subprocess.Popen(["./netlab"], stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    read_until(master, PROMPT, time.perf_counter() + 30)
    times = []
    for i in range(runs + 1):
        start = time.perf_counter()
        os.write(master, b"run 1\r")
        out = read_until(master, PROMPT, time.perf_counter() + 30)
        times.append(time.perf_counter() - start)
        if b"192.168.1.10" not in out:
            raise SystemExit("run 1 did not print the snippet's output: %r" % out[-400:])
    os.write(master, b"quit\r")
    proc.wait(timeout=20)
    os.close(master)
    shutil.rmtree(state, ignore_errors=True)
    return times[0], times[1:]


def first_snippet():
    text = open("lessons/01-ip-addresses.md", encoding="utf-8").read()
    m = re.search(r"```java\n(.*?)```", text, re.S)
    return m.group(1)


def jshell_cold(runs):
    code = first_snippet() + "\n/exit\n"
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(["jshell", "-q"], input=code.encode(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return times


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    firsts, laters = [], []
    for _ in range(runs):
        first, later = lab_session(3)
        firsts.append(first)
        laters.extend(later)
    extra_first, extra_later = lab_session(runs)
    firsts.append(extra_first)
    laters.extend(extra_later)
    cold = jshell_cold(runs)
    print("sessions: %d   java: %s" % (runs + 1, subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]))
    print("first `run 1` right after the prompt     median %.3fs  (%d sessions)" % (statistics.median(firsts), len(firsts)))
    print("later `run 1` in the same session        median %.3fs  (%d runs)" % (statistics.median(laters), len(laters)))
    print("jshell -q, same snippet, cold start      median %.3fs  (%d runs)" % (statistics.median(cold), len(cold)))
    print("later run is %.1fx faster than a cold jshell" % (statistics.median(cold) / statistics.median(laters)))


main()
