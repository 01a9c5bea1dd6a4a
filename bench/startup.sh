#!/usr/bin/env bash
# Start-up of the lab as a student meets it: a fresh clone, its first run, and every run after.
#  - first run: FIRST_RUNS fresh clones (git clone of this repository's last commit into a temp
#    folder); in each, ./netlab on a pseudo-terminal until its prompt (bench/first_run.py): the
#    build, then the class-data recording and the first start
#  - later runs, in the last clone, next to the JDK's jshell and a hello-world JVM:
#    first prompt: seconds from starting ./netlab on a pseudo-terminal until "netlab…>" appears
#    (bench/first_prompt.py; jshell measured the same way until "jshell>")
#    piped: seconds for `printf 'quit\n' | ./netlab` to start, print the prompt's session, and exit
# Every figure is the median of its runs.
# Usage: bench/startup.sh [RUNS] [FIRST_RUNS]   (defaults 10 and 3; needs git, python3, Maven, a JDK 17+)
# Uncommitted changes are not measured: commit first. Maven's local repository (~/.m2) is shared
# with this machine, so the first run downloads nothing; a student's very first build may.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
runs="${1:-10}"
first_runs="${2:-3}"
repo="$(pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# progress in a scratch folder: a lesson left open would reopen in the pager, ahead of the prompt
export NETLAB_STATE="$work/state"

echo "runs per command: $runs   first runs: $first_runs   java: $(java -version 2>&1 | head -1)   cores: $(nproc)   load: $(cut -d' ' -f1-3 /proc/loadavg)"
builds=() firsts=() clone=""
for ((i = 1; i <= first_runs; i++)); do
  clone="$work/clone-$i"
  git clone -q "$repo" "$clone"
  read -r built prompt < <(python3 bench/first_run.py "$clone")
  echo "  fresh clone $i: build ${built}s, prompt at ${prompt}s"
  builds+=("$built") firsts+=("$prompt")
  [ "$i" -lt "$first_runs" ] && rm -rf "$clone"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.1f\n", m}'; }
recs=(); for ((i = 0; i < first_runs; i++)); do recs+=("$(awk -v a="${firsts[$i]}" -v b="${builds[$i]}" 'BEGIN { printf "%.1f", a - b }')"); done
echo "first run, build (pty)                     median $(median "${builds[@]}")s"
echo "first run, class data + first start (pty)  median $(median "${recs[@]}")s"
echo "first run, to the prompt (pty)             median $(median "${firsts[@]}")s"

cd "$clone"
mkdir -p target/bench
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' > target/bench/Hello.java
javac -d target/bench target/bench/Hello.java

piped()   { printf 'quit\n' | ./netlab; }
jshell_() { printf '/exit\n' | jshell -q; }
hello()   { java -cp target/bench Hello; }

h=$(median_of "$runs" hello)
echo "hello-world JVM (start to exit)            median ${h}s"
jp=$(python3 "$repo/bench/first_prompt.py" "$runs" 'jshell> ' /exit -- jshell)
echo "jshell, first prompt (pty)                 median ${jp}s"
np=$(python3 "$repo/bench/first_prompt.py" "$runs" 'netlab[^>]*> ' quit -- ./netlab)
echo "netlab, first prompt (pty)                 median ${np}s   = $(ratio "$np" "$jp") x jshell"
nn=$(NETLAB_CDS=0 python3 "$repo/bench/first_prompt.py" "$runs" 'netlab[^>]*> ' quit -- ./netlab)
echo "netlab, first prompt, no AppCDS (pty)      median ${nn}s   = $(ratio "$nn" "$jp") x jshell"
j=$(median_of "$runs" jshell_)
echo "jshell, start to /exit (piped)             median ${j}s"
p=$(median_of "$runs" piped)
echo "netlab, start to quit (piped)              median ${p}s   = $(ratio "$p" "$j") x jshell"
