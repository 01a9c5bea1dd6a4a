#!/usr/bin/env bash
# Mutation testing of the hidden tests (issue 13): for each exercise, PIT mutates the reference
# solution (solutions/NN-id) and runs the exercise's hidden tests (src/hidden/NN-id) against
# every mutant. A mutant the tests do not notice is a change of behaviour no test checks.
#
# Usage: bench/mutation.sh [--require PCT] [--mutators SET] [--threads N] [ID...]
#   ID        5, 05, udp-retry or 05-udp-retry; none = all exercises
#   --require exit 1 when an exercise scores below PCT (score = killed / (mutants - equivalent))
#   --mutators PIT mutator set or list (default DEFAULTS, see below)
#   --threads  PIT worker threads (default 2: this machine has 2 cores)
#
# Not part of `mvn test`: a run of all 15 takes many minutes. Results: a table on stdout,
# target/mutation/summary.tsv, and per exercise target/mutation/NN-id/report/ (mutations.xml,
# index.html) and pit.log. src/hidden/NN-id/equivalent-mutants.txt lists the mutants that cannot
# change behaviour a contract promises; they are left out of the score.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/target/mutation"
require=""
threads=2
# DEFAULTS is PIT's standard set; in 1.30 it makes: conditionals boundary, conditionals removed
# (the else branch always taken), increments, invert negatives, math, void method calls removed,
# and empty/false/true/null/primitive returns. It is the set the issue's outside measurement used
# (01 scores 91.1% here, as there), so the figures compare, and its survivors are nearly all real
# gaps. STRONGER adds the if-branch-always-taken twins: on 01, 116 mutants instead of 90 and a
# third more time, and mostly mutants the else-twin already shows; run it with --mutators STRONGER.
mutators=DEFAULTS
ids=()
while (($#)); do
  case "$1" in
    --require) require="$2"; shift 2 ;;
    --mutators) mutators="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "mutation.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) ids+=("$1"); shift ;;
  esac
done

# --- which exercises ----------------------------------------------------------------------------
all=()
for d in "$root"/exercises/[0-9][0-9]-*/; do all+=("$(basename "$d")"); done
chosen=()
if ((${#ids[@]} == 0)); then
  chosen=("${all[@]}")
else
  for id in "${ids[@]}"; do
    found=""
    for dir in "${all[@]}"; do
      num=${dir%%-*} slug=${dir#*-}
      if [[ "$id" == "$dir" || "$id" == "$slug" || "$id" == "$num" ]] \
          || [[ "$id" =~ ^[0-9]+$ && $((10#$id)) == $((10#$num)) ]]; then
        found=$dir
      fi
    done
    if [[ -z "$found" ]]; then echo "mutation.sh: no exercise '$id' in exercises/" >&2; exit 2; fi
    chosen+=("$found")
  done
fi

# --- PIT's class path ---------------------------------------------------------------------------
mkdir -p "$out"
cpfile="$out/classpath.txt"
pom="$root/bench/mutation/pom.xml"
if [[ ! -s "$cpfile" || "$pom" -nt "$cpfile" ]]; then
  # offline first (nothing to fetch once the artifacts are in ~/.m2), online on a fresh machine
  if ! mvn -q -o -f "$pom" dependency:build-classpath -Dmdep.outputFile="$cpfile" >"$out/maven.log" 2>&1 \
      && ! mvn -q -f "$pom" dependency:build-classpath -Dmdep.outputFile="$cpfile" >"$out/maven.log" 2>&1; then
    echo "mutation.sh: could not resolve PIT and JUnit with Maven; see $out/maven.log" >&2
    exit 3
  fi
fi
libs=$(cat "$cpfile")

# The hidden tests import only netlab.grade.api and netlab.grade.support, which depend on nothing
# but the JDK: compile those two packages from source (seconds) instead of building the whole lab.
support="$out/support"
rm -rf "$support" && mkdir -p "$support"
if ! javac -nowarn --release 17 -encoding UTF-8 -d "$support" -cp "$libs" -sourcepath "$root/src/main/java" \
    "$root"/src/main/java/netlab/grade/api/*.java "$root"/src/main/java/netlab/grade/support/*.java \
    >"$out/support.log" 2>&1; then
  echo "mutation.sh: the lab's grading support classes do not compile; see $out/support.log" >&2
  exit 3
fi

# --- one exercise -------------------------------------------------------------------------------
failed=0
run_one() {
  local ex=$1 dir="$out/$1"
  local sol="$root/solutions/$ex" hid="$root/src/hidden/$ex"
  rm -rf "$dir" && mkdir -p "$dir/classes" "$dir/test-classes"
  if ! javac -nowarn --release 17 -encoding UTF-8 -g -d "$dir/classes" "$sol"/*.java >"$dir/compile.log" 2>&1; then
    echo "$ex: the solution does not compile; see $dir/compile.log" >&2; return 1
  fi
  if ! javac -nowarn --release 17 -encoding UTF-8 -g -d "$dir/test-classes" -cp "$dir/classes:$support:$libs" \
      "$hid"/*.java >>"$dir/compile.log" 2>&1; then
    echo "$ex: the hidden tests do not compile against the solution; see $dir/compile.log" >&2; return 1
  fi
  # exact class names: a glob such as Subnet* would also take SubnetHiddenTest
  local targets tests
  targets=$(cd "$dir/classes" && find . -name '*.class' | sed 's|^\./||; s|\.class$||; s|/|.|g' | sort | paste -sd, -)
  tests=$(cd "$hid" && ls *.java | sed 's|\.java$||' | sort | paste -sd, -)
  local start=$SECONDS
  # timeoutFactor/Const: a mutant gets 3x its tests' normal time plus 10 s before PIT calls it
  # TIMED_OUT (detected). The socket tests wait on real timeouts, and the machine is shared.
  java -cp "$dir/classes:$dir/test-classes:$support:$libs" \
    org.pitest.mutationtest.commandline.MutationCoverageReport \
    --reportDir "$dir/report" --timestampedReports=false \
    --targetClasses "$targets" --targetTests "$tests" \
    --mutableCodePaths "$dir/classes" --sourceDirs "$sol" \
    --mutators "$mutators" --threads "$threads" \
    --timeoutFactor 3 --timeoutConst 10000 \
    --outputFormats XML,HTML >"$dir/pit.log" 2>&1
  local rc=$?
  echo $((SECONDS - start)) >"$dir/seconds"
  if ((rc != 0)) || [[ ! -f "$dir/report/mutations.xml" ]]; then
    # a red suite is the usual cause: name the tests that failed without any mutation
    local red
    red=$(grep -o 'testClass=[^,]*, name=.*did not pass without mutation' "$dir/pit.log" \
      | sed -E 's/testClass=([^,]*), name=.*\[(method|test-template):([^]]*)\].*/\1 \3/' | sort -u)
    if [[ -n "$red" ]]; then
      echo "$ex: hidden tests fail on the unmutated solution, so PIT cannot start (it needs a green suite;" >&2
      echo "  a timing test may have lost the CPU: run it again; see $dir/pit.log):" >&2
      sed 's/^/  /' <<<"$red" >&2
    else
      echo "$ex: PIT failed (exit $rc); see $dir/pit.log" >&2
      grep -E "Exception|Error" "$dir/pit.log" | head -10 | sed 's/^/  /' >&2
    fi
    return 1
  fi
  echo "$ex: PIT done in $((SECONDS - start)) s" >&2
}

for ex in "${chosen[@]}"; do
  run_one "$ex" || failed=1
done

python3 "$root/bench/mutation_summary.py" ${require:+--require "$require"} "$out" "${chosen[@]}"
rc=$?
((failed)) && exit 1
exit $rc
