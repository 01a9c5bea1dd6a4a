#!/usr/bin/env bash
# Where grading's CPU goes: one student made of the reference solutions (or, with STUDENTS, the
# synthetic class of bench/make_class.py), graded RUNS times with NETLAB_CPU_TRACE on; prints each
# exercise's and the costliest tests' wall and CPU time (the worker's process tree, read by the
# lab from the kernel; medians over the runs), the whole lives of the lab, the grading and the
# compiling workers (a worker that died by itself is not counted), and the whole run's CPU (every process of the run, from a cpuacct cgroup where this
# machine lets us make one).
# Usage: bench/cpu.sh [RUNS] [TOP] [STUDENTS]   (defaults 3, 15 and one reference student)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
top="${2:-15}"
./netlab --version >/dev/null      # built
work=$(mktemp -d)
trap 'rm -rf "$work"; [ -z "${cg:-}" ] || rmdir "$cg" 2>/dev/null || true' EXIT
students="${3:-}"
if [ -n "$students" ]; then
  python3 bench/make_class.py "$work/class" "$students" >/dev/null
else
  mkdir -p "$work/class/reference"
  cp -r solutions/*/ "$work/class/reference/"
fi
cg=""
if [ -w /sys/fs/cgroup/cpuacct ]; then cg=/sys/fs/cgroup/cpuacct/netlab-bench-$$; mkdir -p "$cg"; fi
: > "$work/runs.tsv"
for r in $(seq "$runs"); do
  before=0; [ -n "$cg" ] && before=$(cat "$cg/cpuacct.usage")
  start=$(date +%s%N)
  if [ -n "$cg" ]; then
    NETLAB_CPU_TRACE="$work/trace-$r.tsv" bash -c 'echo $$ > "$1/cgroup.procs"; shift; exec "$@"' _ "$cg" \
      ./netlab grade "$work/class" --out "$work/report" --regrade >/dev/null 2>&1
  else
    NETLAB_CPU_TRACE="$work/trace-$r.tsv" ./netlab grade "$work/class" --out "$work/report" --regrade >/dev/null 2>&1
  fi
  end=$(date +%s%N)
  after=0; [ -n "$cg" ] && after=$(cat "$cg/cpuacct.usage")
  printf '%s\t%s\n' "$(( (end - start) / 1000000 ))" "$(( (after - before) / 1000000 ))" >> "$work/runs.tsv"
done
python3 - "$work" "$runs" "$top" "${cg:+yes}" "$students" <<'PY'
import statistics, sys, collections
work, runs, top, cg = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "yes"
who = f"a synthetic class of {sys.argv[5]} students (bench/make_class.py)" if sys.argv[5] else "one student, the 21 reference solutions"
per_ex = collections.defaultdict(list); per_test = collections.defaultdict(list)
workers = collections.defaultdict(list)  # "(grading worker)", "(compiler)": a worker's whole life
for r in range(1, runs + 1):
    ex_w = collections.Counter(); ex_c = collections.Counter()
    life = collections.defaultdict(lambda: [0, 0, 0])
    for line in open(f"{work}/trace-{r}.tsv", encoding="utf-8"):
        ex, test, wall, cpu = line.rstrip("\n").split("\t")
        if ex.startswith("("):
            life[ex][0] += 1; life[ex][1] += int(wall); life[ex][2] += int(cpu)
            continue
        ex_w[ex] += int(wall); ex_c[ex] += int(cpu)
        per_test[(ex, test)].append((int(wall), int(cpu)))
    for ex in ex_w: per_ex[ex].append((ex_w[ex], ex_c[ex]))
    for role, v in life.items(): workers[role].append(v)
med = lambda xs: statistics.median(xs) / 1000
rows = sorted(per_ex.items(), key=lambda kv: -med([c for _, c in kv[1]]))
runs_tsv = [l.split("\t") for l in open(f"{work}/runs.tsv")]
walls = [int(w) for w, _ in runs_tsv]; cpus = [int(c) for _, c in runs_tsv]
print(f"{who}, {runs} runs (medians): whole run {med(walls):.1f} s wall"
      + (f", {med(cpus):.1f} s CPU (every process of the run)" if cg else ""))
tw = sum(med([w for w, _ in v]) for v in per_ex.values()); tc = sum(med([c for _, c in v]) for v in per_ex.values())
print(f"tests alone: {tw:.1f} s wall, {tc:.1f} s CPU in the worker")
for role, v in sorted(workers.items()):
    print(f"{role}: {statistics.median([n for n, _, _ in v]):.0f} process(es), whole lives"
          f" {med([c for _, _, c in v]):.1f} s CPU" + ("" if role == "(lab)" else " (start-up, loading, compiling or tests)"))
print()
print("| exercise | tests' wall s | tests' CPU s |\n|---|---|---|")
for ex, v in rows: print(f"| {ex} | {med([w for w, _ in v]):.2f} | {med([c for _, c in v]):.2f} |")
print(f"\nthe {top} costliest tests by CPU:\n\n| exercise | test | wall s | CPU s |\n|---|---|---|---|")
for (ex, test), v in sorted(per_test.items(), key=lambda kv: -med([c for _, c in kv[1]]))[:top]:
    print(f"| {ex} | {test[:80]} | {med([w for w, _ in v]):.2f} | {med([c for _, c in v]):.2f} |")
PY
