#!/usr/bin/env bash
# NetLab's Gradescope autograder: set-up. Gradescope runs this once, as root, on its Ubuntu base
# image when it builds the autograder, from /autograder/source. It installs what grading needs,
# a JDK 17+ and bubblewrap (the grading sandbox), then checks that everything is in place.
#   bash setup.sh           install, then check (what Gradescope does)
#   bash setup.sh --check   only check: safe on any machine, installs nothing
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
lab="$here/netlab"

if [ "${1:-}" != "--check" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # headless: no X11 libraries; bubblewrap: the sandbox each submission's code runs in;
  # util-linux: prlimit and setpriv, the caps used where cgroups are not writable
  apt-get install -y -qq --no-install-recommends openjdk-17-jdk-headless bubblewrap util-linux ca-certificates
  # record the lab's class-data archive now, once, rather than in every submission's run
  bash "$lab/netlab" --version || true
fi

failed=0
ok() { printf 'ok       %s\n' "$1"; }
bad() { printf 'MISSING  %s\n' "$1"; failed=1; }
warn() { printf 'WARNING  %s\n' "$1"; }

java_bin="$(command -v java || true)"
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java_bin="$JAVA_HOME/bin/java"; fi
if [ -z "$java_bin" ]; then
  bad "java: no JDK found (apt-get install openjdk-17-jdk-headless)"
else
  version="$("$java_bin" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)"
  major="${version%%.*}"
  case "$major" in ''|*[!0-9]*) major=0 ;; esac
  if [ "$major" -ge 17 ] && [ -x "$(dirname "$(readlink -f "$java_bin")")/javac" ]; then
    ok "JDK $version with javac ($java_bin)"
  else
    bad "JDK 17 or newer with javac (found ${version:-none} at $java_bin)"
  fi
fi
[ -f "$lab/target/netlab.jar" ] && ok "the lab's jar" || bad "the lab's jar ($lab/target/netlab.jar)"
[ -f "$here/run_autograder" ] && ok "run_autograder" || bad "run_autograder next to setup.sh"
for d in "$lab"/exercises/[0-9][0-9]-*/; do
  ex="$(basename "$d")"
  [ -f "$lab/hidden/$ex/index.json" ] && ok "compiled tests of $ex" || bad "compiled tests of $ex"
done
if command -v bwrap >/dev/null 2>&1; then
  # can this machine make a sandbox at all? (a container without user namespaces cannot)
  if bwrap --unshare-all --ro-bind / / true 2>/dev/null; then
    ok "bubblewrap makes a sandbox here"
  else
    warn "bubblewrap is installed but cannot make a sandbox here; submissions will be graded without one (each result says so to the instructor)"
  fi
else
  warn "no bubblewrap: submissions will be graded without a sandbox (apt-get install bubblewrap)"
fi
if [ "$failed" = 0 ] && [ -n "$java_bin" ]; then
  # the lab's own view: which protections grading would have
  NETLAB_CDS="${NETLAB_CDS:-0}" bash "$lab/netlab" autograde --check || failed=1
fi
if [ "$failed" != 0 ]; then
  echo "setup.sh: the autograder cannot grade on this machine (see MISSING above)" >&2
  exit 1
fi
echo "setup.sh: ready to grade"
