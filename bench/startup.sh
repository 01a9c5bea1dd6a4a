#!/usr/bin/env bash
# Start-up of the lab, next to the JDK's jshell and a hello-world JVM, in one run.
#  - first prompt: seconds from starting ./netlab on a pseudo-terminal until "netlab…>" appears
#    (bench/first_prompt.py; jshell measured the same way until "jshell>")
#  - piped: seconds for `printf 'quit\n' | ./netlab` to start, print the prompt's session, and exit
# Usage: bench/startup.sh [RUNS]   (default 10; the jar must be built: run ./netlab once)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
runs="${1:-10}"
[ -f target/netlab.jar ] || { echo "build first: ./netlab --version" >&2; exit 2; }
printf 'quit\n' | ./netlab >/dev/null   # makes sure the class-data archive exists

mkdir -p target/bench
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' > target/bench/Hello.java
javac -d target/bench target/bench/Hello.java

piped()   { printf 'quit\n' | ./netlab; }
nocds()   { printf 'quit\n' | NETLAB_CDS=0 ./netlab; }
jshell_() { printf '/exit\n' | jshell -q; }
hello()   { java -cp target/bench Hello; }

echo "runs per command: $runs   java: $(java -version 2>&1 | head -1)   cores: $(nproc)"
h=$(median_of "$runs" hello)
echo "hello-world JVM (start to exit)            median ${h}s"
jp=$(python3 bench/first_prompt.py "$runs" 'jshell> ' /exit -- jshell)
echo "jshell, first prompt (pty)                 median ${jp}s"
np=$(python3 bench/first_prompt.py "$runs" 'netlab[^>]*> ' quit -- ./netlab)
echo "netlab, first prompt (pty)                 median ${np}s   = $(ratio "$np" "$jp") x jshell"
nn=$(NETLAB_CDS=0 python3 bench/first_prompt.py "$runs" 'netlab[^>]*> ' quit -- ./netlab)
echo "netlab, first prompt, no AppCDS (pty)      median ${nn}s   = $(ratio "$nn" "$jp") x jshell"
j=$(median_of "$runs" jshell_)
echo "jshell, start to /exit (piped)             median ${j}s"
p=$(median_of "$runs" piped)
echo "netlab, start to quit (piped)              median ${p}s   = $(ratio "$p" "$j") x jshell"
