#!/usr/bin/env bash
# Runs one scenario script on the REAL kernel inside a throwaway sandbox and prints its transcript.
#
#   sandbox-run.sh SCENARIO            (as root)
#
# The sandbox is a new network namespace, a private mount namespace and a new PID namespace
# (unshare). The scenario's
# "root" namespace is the sandbox's own namespace; the namespaces it adds with `ip netns add` are
# registered in a tmpfs mounted over /run/netns inside the sandbox. Everything (namespaces, links,
# routes, sysctls) disappears when the sandbox's last process exits, even when a step fails (the
# PID namespace makes sure of it: a server the scenario started in the background, such as
# `nc -lk 8080 &`, is killed when the scenario's shell exits); the
# machine's own network and its /run/netns are never touched, and no packet can leave the sandbox.
#
# Inside the sandbox, before the scenario runs:
#   * lo of the sandbox's namespace is brought up, as it is on a running host;
#   * IPv6 is switched off in the sandbox namespace and in every namespace the scenario adds (a
#     small `ip` wrapper does it right after each `ip netns add`), so that IPv6 DAD/MLD frames do
#     not teach the bridges every MAC before any probe runs. KEEP_IPV6=1 keeps IPv6.
# The scenario runs under `bash -x`, in its own directory (files it names, as in
# `iptables-restore < rules.txt`, are relative to it, as podpath reads them): every command
# appears as "+ command", then its output.
# With PODPATH_STATE_NETNS="ns1 ns2 ..." (root = the sandbox's own namespace), the state of those
# namespaces is dumped after the scenario, after a line "### podpath-state", as
# "### NS link|neigh|fdb|iptables|conntrack" headers each followed by the JSON of `ip -j link`,
# `ip -j neigh`, `bridge -j fdb show`, then `iptables-save -c` and `conntrack -L` (when installed).
set -euo pipefail

if [ $# -ne 1 ] || [ ! -f "$1" ]; then
  echo "usage: $0 SCENARIO.sh" >&2
  exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "$0: must run as root (it uses unshare and network namespaces)" >&2
  exit 2
fi

scenario=$(realpath "$1")
real_ip=$(command -v ip)
shim=$(mktemp -d)
trap 'rm -rf "$shim"' EXIT

cat >"$shim/ip" <<SHIM
#!/bin/bash
"$real_ip" "\$@" || exit \$?
if [ "\${KEEP_IPV6:-0}" != 1 ] && [ "\${1:-}" = netns ]; then
  case "\${2:-}" in
    a|ad|add) "$real_ip" netns exec "\$3" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 ;;
  esac
fi
exit 0
SHIM
chmod +x "$shim/ip"

mkdir -p /run/netns
export SCENARIO="$scenario" SHIM="$shim" KEEP_IPV6="${KEEP_IPV6:-0}" PODPATH_STATE_NETNS="${PODPATH_STATE_NETNS:-}"
unshare --net --mount --pid --fork --propagation private bash -c '
  set -e
  mount -t tmpfs none /run/netns
  mount -t sysfs none /sys
  if [ "$KEEP_IPV6" != 1 ]; then
    sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  fi
  ip link set lo up
  echo "# sample: samples/$(basename "$SCENARIO")"
  echo "# kernel $(uname -r); $(ip -V); $(ping -V 2>&1 | head -1); $(traceroute -V 2>&1 | head -1)"
  echo "# sandbox: fresh netns (lo up, ip_forward=$(sysctl -n net.ipv4.ip_forward), rp_filter=$(sysctl -n net.ipv4.conf.all.rp_filter), IPv6 $([ "$KEEP_IPV6" = 1 ] && echo on || echo off))"
  echo
  cd "$(dirname "$SCENARIO")"
  set +e
  PATH="$SHIM:$PATH" bash -x "$SCENARIO" 2>&1
  rc=$?
  echo
  echo "# exit status: $rc"
  if [ -n "$PODPATH_STATE_NETNS" ]; then
    echo "### podpath-state"
    for ns in $PODPATH_STATE_NETNS; do
      if [ "$ns" = root ]; then n=""; else n="-n $ns"; fi
      echo "### $ns link"; ip $n -j link show 2>&1 || true; echo
      echo "### $ns neigh"; ip $n -j neigh show 2>&1 || true; echo
      echo "### $ns fdb"; bridge $n -j fdb show 2>&1 || true; echo
      if command -v iptables-save >/dev/null; then
        echo "### $ns iptables"
        if [ -z "$n" ]; then iptables-save -c 2>&1 || true; else ip netns exec "$ns" iptables-save -c 2>&1 || true; fi; echo
      fi
      if command -v conntrack >/dev/null; then
        echo "### $ns conntrack"
        if [ -z "$n" ]; then conntrack -L 2>/dev/null || true; else ip netns exec "$ns" conntrack -L 2>/dev/null || true; fi; echo
      fi
    done
  fi
  exit $rc
'
