#!/usr/bin/env bash
# Grading throughput: a synthetic class graded with `netlab grade`, next to `mvn -q -o test`
# per submission-exercise (measured on a sample and scaled to the class).
# Usage: bench/class.sh [STUDENTS] [MAVEN_SAMPLES] [JOBS]   (defaults 60, 10 and grade's own default)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
students="${1:-60}"
samples="${2:-10}"
jobs="${3:-}"                      # empty: netlab grade's default
./netlab --version >/dev/null      # built, class-data archives recorded
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mix=$(python3 bench/make_class.py "$work/class" "$students")
exercises=$(grep -c '^\[\[exercise\]\]' exercises/exercises.toml)
echo "class: $students students × $exercises exercises   mix: $mix   cores: $(nproc)   java: $(java -version 2>&1 | head -1)"

start=$(date +%s%N)
./netlab grade "$work/class" --out "$work/report" ${jobs:+--jobs "$jobs"} 2>/dev/null | tail -n 3
end=$(date +%s%N)
python3 bench/expected_scores.py "$work/report" "$work/class-expected.json" || true
total=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
per=$(awk -v t="$total" -v n="$students" 'BEGIN { printf "%.2f", t / n }')
echo "netlab grade --jobs ${jobs:-(default)}: $total s for $students students = $per s per student, $(awk -v p="$per" 'BEGIN { printf "%.1f", 60 / p }') students per minute"

# the baseline: one Maven project per submission-exercise, as a Maven-based grader would run it
mkdir -p "$work/mvn"
mvn_times=()
i=0
for sub in $(ls -d "$work/class"/s*/ | head -n "$samples"); do
  ex=$(ls "$sub" | sort | sed -n "$(( (i % exercises) + 1 ))p")
  [ -n "$ex" ] || continue
  p="$work/mvn/$i"
  mkdir -p "$p/src/main/java" "$p/src/test/java" "$p/lib"
  cp "$sub/$ex"/*.java "$p/src/main/java/"
  cp "src/hidden/$ex"/*.java "$p/src/test/java/"
  cp target/netlab.jar "$p/lib/"
  cat > "$p/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>bench</groupId><artifactId>sub$i</artifactId><version>1</version>
<properties><maven.compiler.release>17</maven.compiler.release><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
<dependencies>
<dependency><groupId>dev.netlab</groupId><artifactId>netlab</artifactId><version>1</version><scope>system</scope><systemPath>\${project.basedir}/lib/netlab.jar</systemPath></dependency>
<dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>5.13.4</version><scope>test</scope></dependency>
</dependencies>
<build><plugins>
<plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
<plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId><version>3.5.2</version>
<configuration><testFailureIgnore>true</testFailureIgnore></configuration></plugin>
</plugins></build></project>
POM
  (cd "$p" && mvn -q test >/dev/null 2>&1) || true   # warm the local repository once
  s=$(date +%s%N)
  (cd "$p" && timeout 300 mvn -q -o test >/dev/null 2>&1) || true
  e=$(date +%s%N)
  mvn_times+=($(( (e - s) / 1000000 )))
  i=$((i + 1))
done
m=$(printf '%s\n' "${mvn_times[@]}" | sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.2f", m / 1000}')
mper=$(awk -v m="$m" -v x="$exercises" 'BEGIN { printf "%.1f", m * x }')
echo "mvn -q -o test per submission-exercise: median $m s over ${#mvn_times[@]} samples = $mper s per student (× $exercises), $(awk -v p="$mper" 'BEGIN { printf "%.1f", 60 / p }') students per minute"
echo "netlab grade throughput = $(ratio "$mper" "$per") × Maven's"
