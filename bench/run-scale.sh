#!/usr/bin/env bash
# The model rows of issue 16 (docs/benchmarks.md, "Issue 16: the model at scale"), to re-run on a
# quiet machine. Each bench main prints its details on standard error and one line per row on
# standard output:
#
#   ROW<TAB>what (unit)<TAB>podpath<TAB>reference (the issue's target)<TAB>ratio podpath/reference
#
# For a time, a ratio below 1 meets the target; for a rate (rules/s), a ratio above 1 does.
# About 5 minutes on a quiet 2-core machine; needs ~8 GiB of free memory.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=bench/target/benchmarks.jar
. bench/needs-build.sh
if needs_build "$jar"; then
  mvn -q -B -Dstyle.color=never -pl bench -am package -DskipTests >&2
fi
run() {
  java "$@" 2>&1 | tee /dev/stderr | grep '^ROW' || true
}
# a K-node flannel host-gw snapshot (K + 2 routes per node) loaded, stage by stage
run -Xmx8g -cp "$jar" dev.podpath.bench.SnapshotScale 500 1000 2000
# kube-proxy's rules for 2,000 and 10,000 Services: read as a dump, and iptables-restore'd by a script
run -Xmx4g -cp "$jar" dev.podpath.bench.RulesScale 2000 10000
