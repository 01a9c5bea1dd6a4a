#!/usr/bin/env bash
# Records the JDK classes (and their lambda forms and proxies) a grading worker loads while every
# exercise's hidden tests run on the reference solutions, into the list the worker's class-data
# archive is dumped from (netlab.grade.isolation.WorkerArchive.Recorded). Run it after adding an
# exercise or changing what the hidden tests use; unsandboxed, since only our own code runs.
# Usage: bench/worker_classes.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./netlab --version >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/class/reference" "$work/lists"
cp -r solutions/*/ "$work/class/reference/"
NETLAB_RECORD_CLASSES="$work/lists" ./netlab grade "$work/class" --out "$work/report" --no-sandbox --jobs 1 >/dev/null
version=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')
out=src/main/resources/netlab/grade/isolation/worker-classes.txt
mkdir -p "$(dirname "$out")"
{
  echo "# The JDK classes, lambda forms and lambda proxies a grading worker loaded while every exercise's"
  echo "# hidden tests ran on the reference solutions; made by bench/worker_classes.sh, read by WorkerArchive."
  echo "# The lambda lines are used only on the JDK named here."
  echo "# java $version"
  cat "$work"/lists/*.classlist | grep -v '^#' | grep -v 'source:' \
    | grep -E '^(java|javax|jdk|sun|com/sun)/[^ ]*$|^@lambda-proxy (java|javax|jdk|sun|com/sun)/|^@lambda-form-invoker ' \
    | sort -u
} > "$out"
echo "$out: $(grep -vc '^[#@]' "$out") classes, $(grep -c '^@' "$out") lambda lines (java $version)"
