#!/usr/bin/env python3
"""How busy the machine's cores are while a command runs: the share of CPU time not idle, from
/proc/stat, every 2 s, and the mean. Shows where a grading run leaves cores idle (students in
step, the end of a run).
Usage: bench/busy.py COMMAND [ARG...]   e.g. bench/busy.py ./netlab grade CLASS --out REPORT --regrade"""
import subprocess
import sys
import time


def cpu():
    v = list(map(int, open("/proc/stat").readline().split()[1:]))
    return sum(v), v[3] + v[4]  # all, idle + iowait


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    start, last, busy = time.time(), cpu(), []
    while p.poll() is None:
        time.sleep(2)
        now = cpu()
        total, idle = now[0] - last[0], now[1] - last[1]
        last = now
        busy.append(round(100 * (total - idle) / total) if total else 0)
    print("wall %.1f s; busy %% every 2 s: %s" % (time.time() - start, " ".join(map(str, busy))))
    print("mean busy %d%%" % round(sum(busy) / max(1, len(busy))))
    sys.exit(p.returncode)


if __name__ == "__main__":
    main()
