#!/usr/bin/env bash
# Fuzzing at length: every Jazzer target (@FuzzTest) of the parsers and the snapshot assembly, in
# fuzzing mode, SECONDS each (default 60). `mvn verify` runs the same targets in regression mode
# only (their committed inputs); this looks for new ones. Jazzer fuzzes one target per JVM, so each
# target is its own Maven call (about 15 s of start-up each, 32 targets). A crash is saved by Jazzer
# under the target's folder of test inputs (src/test/resources/.../<Class>Inputs/<method>/), where
# regression mode replays it from then on; the run then fails, naming the target.
#
#   bash test/fuzz.sh [SECONDS]        from the repository root or anywhere
set -uo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
case "$secs" in '' | *[!0-9]*) echo "usage: $0 [SECONDS per target]" >&2; exit 2 ;; esac

mvn -B -q -Dstyle.color=never -pl topology-model test-compile || exit 2
passed=0
failed=()
for file in $(grep -rl --include='*.java' '@FuzzTest' topology-model/src/test/java | sort); do
  class=$(basename "$file" .java)
  for method in $(awk '/@FuzzTest/ { want = 1; next } want && /void [A-Za-z0-9_]+\(/ { match($0, /void [A-Za-z0-9_]+\(/); print substr($0, RSTART + 5, RLENGTH - 6); want = 0 }' "$file"); do
    echo "== $class#$method (${secs} s)"
    if JAZZER_FUZZ=1 mvn -B -q -Dstyle.color=never -pl topology-model surefire:test -Dtest="$class#$method" \
        -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.max_duration="${secs}s" >"/tmp/podpath-fuzz-$class-$method.log" 2>&1; then
      grep -h '^Done [0-9]* runs' "/tmp/podpath-fuzz-$class-$method.log" | tail -1
      passed=$((passed + 1))
    else
      echo "   FAILED: see /tmp/podpath-fuzz-$class-$method.log"
      failed+=("$class#$method")
    fi
  done
done
echo
[ ${#failed[@]} -eq 0 ] || printf 'failed: %s\n' "${failed[@]}"
echo "fuzz: ${passed} passed, ${#failed[@]} failed"
[ ${#failed[@]} -eq 0 ]
