#!/usr/bin/env bash
# Builds a scenario in a throwaway kernel sandbox and collects it as a snapshot (the round trip of
# docs/snapshot.md): runs SCENARIO (usually cut before its probes) inside
# `unshare --net --mount --pid --fork --mount-proc`, with a fresh tmpfs on /run/netns and sysfs on
# /sys, lo up and IPv6 off (as verify's kernel sandbox), then runs collect/podpath-collect.sh
# --node root into OUTDIR. Everything vanishes with the sandbox; the machine's network is never
# touched, and /proc inside shows only the sandbox's processes. As root.
#
#   collect/sandbox-collect.sh SCENARIO OUTDIR
#
# With COLLECTOR="java -cp ... dev.podpath.trace.cli.Main collect", that command collects instead
# of the shell script (it gets --node root OUTDIR).
set -euo pipefail
if [ $# -ne 2 ] || [ ! -f "$1" ]; then
  echo "usage: $0 SCENARIO OUTDIR" >&2
  exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "$0: must run as root (it uses unshare and network namespaces)" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
scenario=$(realpath "$1")
mkdir -p "$2"
out=$(realpath "$2")
real_ip=$(command -v ip)
shim=$(mktemp -d)
trap 'rm -rf "$shim"' EXIT
cat >"$shim/ip" <<SHIM
#!/bin/bash
"$real_ip" "\$@" || exit \$?
if [ "\${1:-}" = netns ]; then
  case "\${2:-}" in
    a|ad|add) "$real_ip" netns exec "\$3" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 ;;
  esac
fi
exit 0
SHIM
chmod +x "$shim/ip"
mkdir -p /run/netns
# the scenario runs in its own directory (SCENARIO_DIR overrides it: a cut copy of a sample in a
# temporary folder runs where the sample is, so the files it names, as in
# `iptables-restore < rules`, are found as podpath finds them)
scenario_dir=$(realpath "${SCENARIO_DIR:-$(dirname "$scenario")}")
export SCENARIO="$scenario" SHIM="$shim" OUT="$out" HERE="$here" COLLECTOR="${COLLECTOR:-}" SCENARIO_DIR="$scenario_dir"
unshare --net --mount --pid --fork --mount-proc --propagation private bash -c '
  set -e
  mount -t tmpfs none /run/netns
  mount -t sysfs none /sys
  sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  ip link set lo up
  cd "$SCENARIO_DIR"
  set +e
  PATH="$SHIM:$PATH" bash "$SCENARIO" >"$OUT/.scenario.log" 2>&1
  echo "# exit status: $?" >>"$OUT/.scenario.log"
  if [ -n "$COLLECTOR" ]; then
    $COLLECTOR --node root "$OUT"
  else
    sh "$HERE/podpath-collect.sh" --node root "$OUT"
  fi
'
