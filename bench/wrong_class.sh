#!/usr/bin/env bash
# Are the hidden tests' verdicts independent of the load? A class made of every wrong
# implementation (src/test/resources/wrong/NN-id/NAME/, one student each, that one exercise
# only) graded with `netlab grade --jobs JOBS`, RUNS times: each run must give every student
# less than full marks. Oversubscribing the CPU (more jobs than cores) is what can hide a race
# from a test that needs threads to really run at once (issue 16).
# Usage: bench/wrong_class.sh [RUNS] [JOBS]   (defaults 3 and 8)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
jobs="${2:-8}"
./netlab --version >/dev/null      # built
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=0
for v in src/test/resources/wrong/*/*/; do
  ex=$(basename "$(dirname "$v")")
  name="$(echo "${ex%%-*}")-$(basename "$v")"
  mkdir -p "$work/class/$name/$ex"
  cp "$v"*.java "$work/class/$name/$ex/"
  n=$((n + 1))
done
echo "class: $n wrong implementations, one student each; --jobs $jobs on $(nproc) cores; $runs runs"
missed_total=0
for r in $(seq "$runs"); do
  rm -rf "$work/report"
  start=$(date +%s%N)
  ./netlab grade "$work/class" --out "$work/report" --jobs "$jobs" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  missed=$(python3 - "$work/report" <<'PY'
import glob, json, os, sys
missed = []
for g in sorted(glob.glob(os.path.join(sys.argv[1], "students", "*", "grade.json"))):
    d = json.load(open(g))
    for e in d["exercises"]:
        if e.get("submitted") and e["max"] > 0 and e["score"] == e["max"]:
            missed.append(d["student"] + " (" + e["id"] + ")")
print(len(missed), ", ".join(missed))
PY
)
  # the count first, then the names (a name is "student (exercise)", so words would count twice)
  count=${missed%% *}
  missed=${missed#"$count"}
  missed=${missed# }
  missed_total=$((missed_total + count))
  echo "run $r: $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", (b - a) / 1e9 }') s, full marks for $count of $n${missed:+: $missed}"
done
echo "missed in all runs together: $missed_total"
[ "$missed_total" = 0 ]
