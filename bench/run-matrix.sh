#!/usr/bin/env bash
# Issue 13's matrix row (docs/benchmarks.md, "Issue 13: the reachability matrix's fast path"), to
# re-run on a quiet machine. MatrixScale prints its details on standard error and one line per row
# on standard output:
#
#   ROW<TAB>what (unit)<TAB>podpath<TAB>reference (the issue's target)<TAB>ratio podpath/reference
#
# Node-to-node ping matrices of generated flannel host-gw clusters (the model of K nodes is built by
# interpreting a K²-line script, which is timed apart and not counted), then the pod-to-pod ping
# matrix of 1,000 pods on 100 kube-proxy nodes with 100 Services (KubeProxyMatrix: every cell
# through the nodes' iptables hooks). Needs ~12 GiB of free memory; a few minutes on a quiet
# 2-core machine. Give other K as arguments: run-matrix.sh 300 5000
set -euo pipefail
cd "$(dirname "$0")/.."
jar=bench/target/benchmarks.jar
. bench/needs-build.sh
if needs_build "$jar"; then
  mvn -q -B -Dstyle.color=never -pl bench -am package -DskipTests >&2
fi
if [ $# -eq 0 ]; then
  set -- 300 1000 2000
fi
java -Xmx12g -cp "$jar" dev.podpath.bench.MatrixScale "$@" 2>&1 | tee /dev/stderr | grep '^ROW' || true
java -Xmx8g -cp "$jar" dev.podpath.bench.KubeProxyMatrix 100 10 100 2>&1 | tee /dev/stderr \
  | grep '^ROW' || true
