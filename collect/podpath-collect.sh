#!/bin/sh
# podpath-collect.sh: dump this node's network state into a podpath snapshot folder.
#
#   podpath-collect.sh [--node NAME] [--no-containers] OUTDIR
#
# Plain POSIX sh; needs iproute2 (ip, bridge), and uses iptables-save, ipset, sysctl and nsenter
# when present. Run it as root on the node. It only READS: nothing on the node is changed.
#
# It writes OUTDIR/NODE/ (NODE defaults to the host name) in the layout of docs/snapshot.md:
#   NODE/ip-link.json ip-addr.json ip-route.json ip-rule.json ip-neigh.json bridge-fdb.json
#        iptables-save.txt ipset-save.txt sysctl.txt ip-netns-list-id.txt ss-ltun.txt (the node)
#        ps.txt (PID and command line of the processes in that namespace, as ps -eo pid,args)
#   NODE/netns/NAME/...    every named namespace (/run/netns/NAME)
#   NODE/netns/pid-PID/... every other namespace a process is in (/proc/PID/ns/net), once each
# Put the folders of several nodes side by side, add `kubectl get nodes -o wide` and
# `kubectl get pods -A -o wide` as kubectl-get-nodes.txt and kubectl-get-pods.txt, and podpath
# can trace across them. Errors of the commands go to NODE/collect.log.
set -u

node=""
containers=1
while [ $# -gt 0 ]; do
  case "$1" in
    --node) node=${2:?--node needs a name}; shift 2 ;;
    --no-containers) containers=0; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    -*) echo "podpath-collect.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
if [ $# -ne 1 ]; then
  echo "usage: podpath-collect.sh [--node NAME] [--no-containers] OUTDIR" >&2
  exit 2
fi
if ! command -v ip >/dev/null 2>&1; then
  echo "podpath-collect.sh: ip (iproute2) is not installed" >&2
  exit 2
fi
[ -n "$node" ] || node=$(hostname 2>/dev/null || cat /etc/hostname 2>/dev/null || echo node)
base="$1/$node"
mkdir -p "$base" || exit 2
log="$base/collect.log"
: >"$log"

# dump DIR RUNNER...: the commands of one namespace, run through RUNNER (empty for the node itself).
dump() {
  dir=$1; shift
  mkdir -p "$dir"
  "$@" ip -j -d link show >"$dir/ip-link.json" 2>>"$log" || echo "$dir: ip -j -d link failed" >>"$log"
  "$@" ip -j addr show >"$dir/ip-addr.json" 2>>"$log" || echo "$dir: ip -j addr failed" >>"$log"
  "$@" ip -j route show table all >"$dir/ip-route.json" 2>>"$log" || echo "$dir: ip -j route failed" >>"$log"
  "$@" ip -j rule show >"$dir/ip-rule.json" 2>>"$log" || echo "$dir: ip -j rule failed" >>"$log"
  "$@" ip -j neigh show >"$dir/ip-neigh.json" 2>>"$log" || echo "$dir: ip -j neigh failed" >>"$log"
  if command -v bridge >/dev/null 2>&1; then
    "$@" bridge -j fdb show >"$dir/bridge-fdb.json" 2>>"$log" || echo "$dir: bridge -j fdb failed" >>"$log"
  fi
  if command -v iptables-save >/dev/null 2>&1; then
    "$@" iptables-save -c >"$dir/iptables-save.txt" 2>>"$log" || echo "$dir: iptables-save failed" >>"$log"
  fi
  if command -v ipset >/dev/null 2>&1; then
    "$@" ipset save >"$dir/ipset-save.txt" 2>>"$log" || echo "$dir: ipset save failed" >>"$log"
  fi
  if command -v sysctl >/dev/null 2>&1; then
    "$@" sysctl -a 2>>/dev/null | grep '^net\.' >"$dir/sysctl.txt"
  fi
  "$@" ip netns list-id >"$dir/ip-netns-list-id.txt" 2>>"$log" || rm -f "$dir/ip-netns-list-id.txt"
  if command -v ss >/dev/null 2>&1; then
    "$@" ss -ltun >"$dir/ss-ltun.txt" 2>>"$log" || rm -f "$dir/ss-ltun.txt"
  fi
  # An empty file says nothing a missing one does not; drop it (an empty ruleset, no sets).
  for f in "$dir"/*; do
    [ -f "$f" ] && [ ! -s "$f" ] && rm -f "$f"
  done
}

inode_of_path() { stat -L -c %i "$1" 2>/dev/null; }
inode_of_ns_link() { readlink "$1" 2>/dev/null | sed -n 's/^net:\[\([0-9]*\)\]$/\1/p'; }

self=$(inode_of_ns_link /proc/self/ns/net)
seen=" $self "
# "INODE DIR" per dumped namespace, for ps.txt
nsmap="$self $base
"
dump "$base"

if [ -d /run/netns ]; then
  for p in /run/netns/*; do
    [ -e "$p" ] || continue
    name=$(basename "$p")
    ino=$(inode_of_path "$p")
    case "$seen" in *" $ino "*) continue ;; esac
    seen="$seen$ino "
    nsmap="$nsmap$ino $base/netns/$name
"
    dump "$base/netns/$name" ip netns exec "$name"
  done
fi

if [ "$containers" = 1 ] && command -v nsenter >/dev/null 2>&1; then
  for p in /proc/[0-9]*/ns/net; do
    ino=$(inode_of_ns_link "$p")
    [ -n "$ino" ] || continue
    case "$seen" in *" $ino "*) continue ;; esac
    pid=$(echo "$p" | cut -d/ -f3)
    seen="$seen$ino "
    nsmap="$nsmap$ino $base/netns/pid-$pid
"
    dump "$base/netns/pid-$pid" nsenter --net="$p"
  done
fi

# ps.txt: the command line of every process, in the folder of its network namespace (the
# program holding a TUN device, such as flanneld, shows no other trace in the dumps). Kernel
# threads (no command line) and this script are left out.
dir_of() {
  printf '%s' "$nsmap" | while read -r i d; do
    if [ "$i" = "$1" ]; then printf '%s\n' "$d"; break; fi
  done
}
for p in /proc/[0-9]*; do
  pid=${p#/proc/}
  [ "$pid" = "$$" ] && continue
  ino=$(inode_of_ns_link "$p/ns/net")
  [ -n "$ino" ] || continue
  dir=$(dir_of "$ino")
  [ -n "$dir" ] || continue
  args=$(tr '\000\n\t' '   ' <"$p/cmdline" 2>/dev/null | sed 's/ *$//')
  [ -n "$args" ] || continue
  [ -f "$dir/ps.txt" ] || echo "    PID COMMAND" >"$dir/ps.txt"
  printf '%7s %s\n' "$pid" "$args" >>"$dir/ps.txt"
done
[ -s "$log" ] || rm -f "$log"
echo "podpath-collect.sh: wrote $base" >&2
