#!/usr/bin/env bash
# How often each hidden test catches each wrong implementation under load. A class made of
# COPIES students per wrong implementation (src/test/resources/wrong/NN-id/NAME/) and COPIES
# with the reference solution, of the given exercises only, graded RUNS times with
# `netlab grade --jobs JOBS`. Prints, per implementation, how many gradings got full marks (a
# wrong one never may, a correct one always must) and how many times each test failed it: a
# race test's margin, which wrong_class.sh (full marks or not) does not show. Exits 1 if a wrong
# implementation got full marks or a correct one did not.
# Usage: bench/races.sh RUNS JOBS COPIES EXERCISE...   (e.g. bench/races.sh 20 8 2 13-bank-transfers 14-bounded-buffer)
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 4 ] || { echo "usage: bench/races.sh RUNS JOBS COPIES EXERCISE..." >&2; exit 2; }
runs=$1; jobs=$2; copies=$3; shift 3
./netlab --version >/dev/null      # built
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for ex in "$@"; do
  [ -d "solutions/$ex" ] || { echo "no exercise folder solutions/$ex (use the NN-id form)" >&2; exit 2; }
  for v in src/test/resources/wrong/"$ex"/*/ "solutions/$ex/"; do
    name=$(basename "$v"); [ "$v" = "solutions/$ex/" ] && name=CORRECT
    for c in $(seq "$copies"); do
      d="$work/class/${ex%%-*}-$name-$c/$ex"; mkdir -p "$d"; cp "$v"*.java "$d/"
    done
  done
done
echo "class: $(ls "$work/class" | wc -l) students, one exercise each; --jobs $jobs on $(nproc) cores; $runs runs"
for r in $(seq "$runs"); do
  start=$(date +%s%N)
  ./netlab grade "$work/class" --out "$work/report" --jobs "$jobs" --regrade >/dev/null 2>&1 || true
  end=$(date +%s%N)
  python3 - "$work/report" $(( (end - start) / 1000000 )) >> "$work/runs.jsonl" <<'PY'
import glob, json, os, sys
res = {}
for g in sorted(glob.glob(os.path.join(sys.argv[1], "students", "*", "grade.json"))):
    d = json.load(open(g))
    for e in d["exercises"]:
        if e.get("submitted"):
            res[d["student"]] = {"full": e["score"] == e["max"], "failed": [t["name"] for t in e["tests"] if not t["passed"]]}
print(json.dumps({"ms": int(sys.argv[2]), "res": res}))
PY
  echo "run $r: $(( (end - start) / 1000000 )) ms"
done
python3 - "$work/runs.jsonl" <<'PY'
import collections, json, sys
runs = [json.loads(l) for l in open(sys.argv[1])]
fails = collections.defaultdict(collections.Counter); full = collections.Counter(); n = collections.Counter()
for r in runs:
    for s, v in r["res"].items():
        kind = s.rsplit("-", 1)[0]
        n[kind] += 1
        full[kind] += v["full"]
        for t in v["failed"]: fails[kind][t] += 1
bad = 0
for k in sorted(n):
    correct = k.endswith("-CORRECT")
    wrong_result = (n[k] - full[k]) if correct else full[k]
    bad += wrong_result
    print(f"{k}: {n[k]} gradings, {full[k]} with full marks" + ("  <-- NOT AS EXPECTED" if wrong_result else ""))
    for t, c in fails[k].most_common():
        print(f"    {c:4d} × {t}")
print("as expected" if bad == 0 else f"{bad} gradings not as expected")
sys.exit(1 if bad else 0)
PY
