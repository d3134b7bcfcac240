#!/usr/bin/env bash
# Issue 12's row (docs/benchmarks.md, "The GUI: opening a 1,000-namespace snapshot"), to re-run on
# a quiet machine: a generated 1,000-namespace snapshot opened in the whole GUI window on the
# headless platform, File > Open to the first frame, best of 3 rounds in one JVM. Details on
# standard error; on standard output one line as run-scale.sh's:
#
#   ROW<TAB>what (unit)<TAB>podpath<TAB>reference (the issue's 5 s)<TAB>ratio podpath/reference
#
#   bench/run-gui-open.sh                  # 20 nodes x 49 pods: 1,000 namespaces, 3 rounds
#   bench/run-gui-open.sh 80 49 2 4k.png   # 4,000 namespaces, 2 rounds, the window saved as PNG
#
# Builds the GUI's jar and test classes when they are missing or older than a source (mvn package
# -DskipTests; bench/needs-build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
jar=gui/target/podpath-gui.jar
main=gui/target/test-classes/dev/podpath/gui/bench/OpenLargeSnapshot.class
. bench/needs-build.sh
if needs_build "$jar" "$main"; then
  mvn -q -B -Dstyle.color=never -pl gui -am package -DskipTests >&2
fi
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(20 49 3)
java -Xmx2g -cp "gui/target/test-classes:$jar" dev.podpath.gui.bench.OpenLargeSnapshot "${args[@]}"
