#!/usr/bin/env bash
# `check` latency: warm (inside the REPL, worker already running) and cold (`./netlab check ID`
# from the shell), next to `mvn -q -o test` on the same exercise as a one-module Maven project.
# Each check runs the exercise's hidden tests on its reference solution; cold and Maven are also
# timed after an edit (nothing compiled before reusable).
# Usage: bench/check.sh [EXERCISE] [RUNS]   (default udp-echo, 10)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
ex="${1:-udp-echo}"
runs="${2:-10}"
printf 'quit\n' | ./netlab >/dev/null   # built, with its class-data archive
dir=$(ls -d exercises/[0-9][0-9]-"$ex" | head -n 1)
[ -n "$dir" ] || { echo "no exercise $ex" >&2; exit 2; }
name=$(basename "$dir")

# a scratch lab: the real one, with the solution in place of the starter
lab=$(mktemp -d)
trap 'rm -rf "$lab"' EXIT
cp -r lessons exercises solutions src netlab pom.xml "$lab"/
mkdir -p "$lab/target" && cp target/netlab.jar "$lab/target/"
touch "$lab/target/netlab.jar"   # newer than the sources: no rebuild
# class-data archives name the jar's path, so the scratch lab records its own (as a first run does)
(cd "$lab" && ./netlab --version >/dev/null)
cp "solutions/$name"/*.java "$lab/exercises/$name/"
(cd "$lab" && ./netlab check "$ex" >/dev/null) || { echo "the solution does not pass?" >&2; exit 1; }

echo "exercise: $ex   runs: $runs   java: $(java -version 2>&1 | head -1)   cores: $(nproc)"

# warm: one REPL session, RUNS+1 checks; the first one may include the worker's start
out=$(for ((i = 0; i <= runs; i++)); do echo "check $ex"; done | (cd "$lab" && ./netlab))
warm=$(printf '%s\n' "$out" | sed -n 's/.*tests pass · \([0-9.]*\) s.*/\1/p' | tail -n +2 | sort -n |
  awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.3f", m}')
echo "warm check in the REPL (grader's own clock)   median ${warm}s"

cold() { (cd "$lab" && ./netlab check "$ex"); }
c=$(median_of "$runs" cold)
echo "cold: ./netlab check $ex (whole process)   median ${c}s"
# after an edit: a comment appended to the first source before each run, so nothing compiled
# before can be reused (netlab's CompiledCache, Maven's up-to-date check)
edits=0
edit() { edits=$((edits + 1)); printf '// edit %s\n' "$edits" >> "$1"; }
cold_edited() { edit "$(ls "$lab/exercises/$name"/*.java | head -n 1)"; (cd "$lab" && ./netlab check "$ex"); }
ce=$(median_of "$runs" cold_edited)
echo "cold after an edit: ./netlab check $ex       median ${ce}s"

# the baseline: the same solution and hidden tests as a one-module Maven project
mvnp="$lab/mvn-project"
mkdir -p "$mvnp/src/main/java" "$mvnp/src/test/java" "$mvnp/lib"
cp "solutions/$name"/*.java "$mvnp/src/main/java/"
cp "src/hidden/$name"/*.java "$mvnp/src/test/java/"
cp target/netlab.jar "$mvnp/lib/"
cat > "$mvnp/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>bench</groupId><artifactId>one-exercise</artifactId><version>1</version>
<properties><maven.compiler.release>17</maven.compiler.release><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
<dependencies>
<dependency><groupId>dev.netlab</groupId><artifactId>netlab</artifactId><version>1</version><scope>system</scope><systemPath>\${project.basedir}/lib/netlab.jar</systemPath></dependency>
<dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>5.13.4</version><scope>test</scope></dependency>
</dependencies>
<build><plugins>
<plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
<plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId><version>3.5.2</version></plugin>
</plugins></build></project>
POM
(cd "$mvnp" && mvn -q test >/dev/null 2>&1) || { echo "the Maven baseline does not build" >&2; exit 1; }
mvn_() { (cd "$mvnp" && mvn -q -o test); }
m=$(median_of "$runs" mvn_)
echo "baseline: mvn -q -o test (one module)        median ${m}s"
mvn_edited() { edit "$(ls "$mvnp/src/main/java"/*.java | head -n 1)"; (cd "$mvnp" && mvn -q -o test); }
me=$(median_of "$runs" mvn_edited)
echo "baseline after an edit: mvn -q -o test       median ${me}s"
echo "warm is $(ratio "$m" "$warm")x faster than Maven; cold is $(ratio "$m" "$c")x faster ($(ratio "$c" "$m") of Maven's time); after an edit $(ratio "$me" "$ce")x ($(ratio "$ce" "$me"))"
