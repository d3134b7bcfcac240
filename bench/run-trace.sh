#!/usr/bin/env bash
# Issue 16's trace, session, scheduler and CLI start-up rows, measured side by side in one run.
# One line per row: ROW<TAB>podpath<TAB>reference<TAB>ratio (reference / podpath for times, podpath /
# reference for rates: above 1 means podpath is ahead; "-" where no reference runs here).
# About 3-4 minutes on 2 quiet cores after the build. Needs java 17, mvn, hyperfine, python3.
#   bench/run-trace.sh            # from the repository root
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
jar=bench/target/benchmarks.jar
. bench/needs-build.sh
if needs_build "$jar" tracer/target/podpath.jar; then
  mvn -q -B -Dstyle.color=never -pl bench,tracer -am package -DskipTests >&2
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
row() { printf '%s\t%s\t%s\t%s\n' "$@"; }

# 1. the scheduler on ns-3's bench-scheduler workload (population 1e5, 1e6 events); the reference
#    is the scheduler as it was before issue 16 (PriorityQueue + HashSet), in the same JVM
java -jar "$jar" SchedulerBench -rf json -rff "$tmp/sched.json" >&2
python3 - "$tmp/sched.json" <<'PY'
import json, sys
r = {b["benchmark"].rsplit(".", 1)[1]: b["primaryMetric"]["score"] for b in json.load(open(sys.argv[1]))}
rate = {k: 1e6 / (v / 1e3) for k, v in r.items()}  # ms per run of 1e6 events -> events/s
print("scheduler events/s: heap vs PriorityQueue (before)\t%.3g\t%.3g\t%.2f" % (rate["heap"], rate["priorityQueue"], rate["heap"] / rate["priorityQueue"]))
print("scheduler events/s: heap vs calendar queue\t%.3g\t%.3g\t%.2f" % (rate["heap"], rate["calendar"], rate["heap"] / rate["calendar"]))
PY

# 2. reading an iptables-save dump of kube-proxy's rules (10,000 Services: 110,008 rules), warm, in
#    rules/s against the issue's target of 1 M rules/s; bytes allocated per rule from -prof gc
java -jar "$jar" IptablesSaveBench -prof gc -rf json -rff "$tmp/save.json" >&2
python3 - "$tmp/save.json" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))[0]
rules = 110008
ms = b["primaryMetric"]["score"]
rate = rules / (ms / 1e3)
print("iptables-save read, 110,008 rules (rules/s, warm) vs target 1 M\t%.0f\t1000000\t%.2f" % (rate, rate / 1e6))
norm = b["secondaryMetrics"].get("gc.alloc.rate.norm", {}).get("score")
if norm is not None:
    print("iptables-save read, bytes allocated per rule\t%.0f\t-\t-" % (norm / rules))
PY

# 3. a warm trace through 110,008 kube-proxy rules, and one Session of 10,000 probes
java -Xmx4g -cp "$jar" dev.podpath.bench.TraceCheck 10000 10000 > "$tmp/trace.txt"
python3 - "$tmp/trace.txt" <<'PY'
import sys
f = {l.split("\t")[0]: l.rstrip("\n").split("\t")[1:] for l in open(sys.argv[1])}
print("warm trace, 110,008 rules (us; kernel connect() needs the sandbox: not run)\t%s\t-\t-" % f["trace-us"][0])
print("warm trace, 110,008 rules (bytes allocated)\t%s\t-\t-" % f["trace-bytes"][0])
e, l = float(f["session-us"][0]), float(f["session-us"][1])
print("session: us per probe 9,001-10,000 vs 1,001-2,000\t%.2f\t%.2f\t%.2f" % (l, e, e / l))
e, l = float(f["session-bytes"][0]), float(f["session-bytes"][1])
print("session: bytes per probe 9,001-10,000 vs 1,001-2,000\t%d\t%d\t%.2f" % (l, e, e / l))
e, l = float(f["session-cpu-us"][0]), float(f["session-cpu-us"][1])
print("session: thread CPU us per probe 9,001-10,000 vs 1,001-2,000\t%.2f\t%.2f\t%.2f" % (l, e, e / l))
e, l = f["session-gc-ms"][0], f["session-gc-ms"][1]
print("session: ms of GC pauses in probes 9,001-10,000 vs 1,001-2,000\t%s\t%s\t-" % (l, e))
e, l = float(f["dropping-us"][0]), float(f["dropping-us"][1])
print("dropping session: us per probe 9,001-10,000 vs 1,001-2,000\t%.2f\t%.2f\t%.2f" % (l, e, e / l))
e, l = f["dropping-gc-ms"][0], f["dropping-gc-ms"][1]
print("dropping session: ms of GC pauses in probes 9,001-10,000 vs 1,001-2,000\t%s\t%s\t-" % (l, e))
print("events held by the log after 10,000 probes: dropping vs kept session\t%s\t%s\t-" % (f["dropping-log-events"][0], f["session-log-events"][0]))
PY

# 4. the CLI's start, against ip route get (a netlink read of this host, no traffic) in the same run
./podpath trace samples/flannel-host-gw.sh --from busybox-jpnb6 --to 10.10.2.4 >/dev/null # records the class archive
hyperfine -N --warmup 2 --runs 10 --export-json "$tmp/cli.json" \
  "./podpath --help" \
  "./podpath trace samples/flannel-host-gw.sh --from busybox-jpnb6 --to 10.10.2.4" \
  "ip route get 127.0.0.1" >&2
python3 - "$tmp/cli.json" <<'PY'
import json, sys
m = [r["median"] for r in json.load(open(sys.argv[1]))["results"]]
print("./podpath --help (s) vs ip route get\t%.3f\t%.3f\t%.3f" % (m[0], m[2], m[2] / m[0]))
print("./podpath trace samples/flannel-host-gw.sh (s) vs ip route get\t%.3f\t%.3f\t%.3f" % (m[1], m[2], m[2] / m[1]))
PY
