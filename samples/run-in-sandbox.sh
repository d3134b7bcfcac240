#!/usr/bin/env bash
# Run one sample scenario on the REAL kernel inside a throwaway sandbox and print the transcript.
#
#   sudo samples/run-in-sandbox.sh samples/flannel-host-gw.sh
#   sudo samples/run-in-sandbox.sh samples/flannel-host-gw.sh > samples/expected/flannel-host-gw.kernel.txt
#
# The sandbox is a new network namespace plus a private mount namespace (unshare). The sample's
# "root" namespace is the sandbox's own namespace, and the namespaces it adds with `ip netns add`
# are registered in a tmpfs mounted over /run/netns inside the sandbox. Everything (namespaces,
# links, routes, sysctls) disappears when the sandbox's last process exits; the machine's own
# network and its /run/netns are never touched, and no packet can leave the sandbox.
#
# Inside the sandbox, before the sample runs:
#   * lo of the sandbox's namespace is brought up, as it is on a real host;
#   * IPv6 is switched off in the sandbox namespace and in every namespace the sample adds
#     (a small `ip` wrapper does it right after each `ip netns add`). Otherwise the kernel's
#     IPv6 DAD/MLD frames, sent when links come up, would teach the bridges every MAC before
#     any probe runs. Set KEEP_IPV6=1 to keep IPv6.
# The sample runs under `bash -x`, so every command appears in the transcript as "+ command",
# followed by its output (stdout and stderr together).
set -euo pipefail

if [ $# -ne 1 ] || [ ! -f "$1" ]; then
  echo "usage: $0 samples/NAME.sh" >&2
  exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "$0: must run as root (it uses unshare and network namespaces)" >&2
  exit 2
fi

sample=$(realpath "$1")
real_ip=$(command -v ip)
shim=$(mktemp -d)
trap 'rm -rf "$shim"' EXIT

# `ip` wrapper: runs the real ip, then disables IPv6 in a namespace that was just added.
cat >"$shim/ip" <<EOF
#!/bin/bash
"$real_ip" "\$@" || exit \$?
if [ "\${KEEP_IPV6:-0}" != 1 ] && [ "\${1:-}" = netns ]; then
  case "\${2:-}" in
    a|ad|add) "$real_ip" netns exec "\$3" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 ;;
  esac
fi
exit 0
EOF
chmod +x "$shim/ip"

mkdir -p /run/netns
export SAMPLE="$sample" SHIM="$shim" KEEP_IPV6="${KEEP_IPV6:-0}"
unshare --net --mount --propagation private bash -c '
  set -e
  mount -t tmpfs none /run/netns
  mount -t sysfs none /sys
  if [ "$KEEP_IPV6" != 1 ]; then
    sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  fi
  ip link set lo up
  echo "# sample: samples/$(basename "$SAMPLE")"
  echo "# kernel $(uname -r); $(ip -V); $(ping -V 2>&1 | head -1); $(traceroute -V 2>&1 | head -1)"
  echo "# sandbox: fresh netns (lo up, ip_forward=$(sysctl -n net.ipv4.ip_forward), rp_filter=$(sysctl -n net.ipv4.conf.all.rp_filter), IPv6 $([ "$KEEP_IPV6" = 1 ] && echo on || echo off))"
  echo
  cd "$(dirname "$SAMPLE")/.."
  set +e
  PATH="$SHIM:$PATH" bash -x "$SAMPLE" 2>&1
  rc=$?
  echo
  echo "# exit status: $rc"
  exit $rc
'
