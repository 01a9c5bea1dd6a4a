#!/usr/bin/env python3
"""Where the CPU of the lab's and its workers' JVMs goes, by thread name.

Runs a command (say `./netlab grade CLASS --out R --regrade`), samples every Java process's
threads from /proc/PID/task/TID/stat every 50 ms while it runs, and prints each role's CPU by
thread name (digits folded: "C1 CompilerThread0" and "...1" are one line). A thread that ends
between two samples loses its last 50 ms, and one that lives less than that is not seen, so the
total is below the cgroup's figure (bench/cpu.sh); the shares are what this is for.
Usage: python3 bench/threads.py COMMAND...
"""
import collections
import os
import re
import subprocess
import sys
import time


def role_of(cmdline):
    joined = b" ".join(cmdline)
    if b"netlab.grade.worker.WorkerMain" in joined:
        return "worker"
    return "lab" if b"netlab.jar" in joined else "other"


def main():
    proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    last = {}
    while proc.poll() is None:
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    cmdline = f.read().split(b"\0")
                if not cmdline[0].endswith(b"java"):
                    continue
                tids = os.listdir(f"/proc/{pid}/task")
            except OSError:
                continue
            role = role_of(cmdline)
            for tid in tids:
                try:
                    with open(f"/proc/{pid}/task/{tid}/stat") as f:
                        stat = f.read()
                except OSError:
                    continue
                name = stat[stat.index("(") + 1:stat.rindex(")")]
                fields = stat[stat.rindex(")") + 2:].split()
                last[(pid, tid)] = (role, re.sub(r"\d+$", "#", name), int(fields[11]) + int(fields[12]))
        time.sleep(0.05)
    tick = os.sysconf("SC_CLK_TCK")
    by = collections.Counter()
    for role, name, cpu in last.values():
        by[(role, name)] += cpu
    for (role, name), cpu in by.most_common(25):
        print(f"{role:7s} {name:22s} {cpu / tick:8.2f} s")
    print(f"seen in all: {sum(by.values()) / tick:.2f} s of CPU")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
