#!/bin/sh
# podpath-collect.sh: dump this node's network state into a podpath snapshot folder.
#
#   podpath-collect.sh [--node NAME] [--no-containers] [--force] OUTDIR
#
# Plain POSIX sh; needs iproute2 (ip, bridge), and uses iptables-save, ipset, nft, sysctl, ss, nsenter,
# conntrack and docker when present. Run it as root on the node. It only READS: nothing on the node is changed.
#
# It writes OUTDIR/NODE/ (NODE defaults to the host name) in the layout of docs/snapshot.md:
#   NODE/ip-link.json ip-addr.json ip-route.json ip-rule.json ip-neigh.json bridge-fdb.json
#        iptables-save.txt ipset-save.txt nft-ruleset.txt sysctl.txt ip-netns-list-id.txt ss-ltun.txt (the node)
#        conntrack-L.txt (conntrack -L, where conntrack-tools is installed; in every namespace)
#        docker-network-inspect.json (docker network inspect of every network, where docker answers)
#        ps.txt (PID and command line of the processes in that namespace, as ps -eo pid,args)
#   NODE/netns/NAME/...    every named namespace (/run/netns/NAME)
#   NODE/netns/pid-PID/... every other namespace a process is in (/proc/PID/ns/net), once each
#   NODE/collect.log       a header, then one entry per command that failed or was not found
#                          ("FILE: not found|exit N: COMMAND", its first error lines indented);
#                          podpath lint reports each as a gap, and a namespace whose iptables-save
#                          failed has its netfilter unknown, never taken as rule-free
# Where `ip -j` or `bridge -j` fails (an iproute2 without JSON output), the text form is saved instead
# (ip-link.txt ...). OUTDIR must be new or empty: a folder holding an earlier snapshot is refused
# (its files would mix into this one), and --force clears it first; a folder holding anything else
# is refused, --force or not, and nothing is deleted.
# Put the folders of several nodes side by side, add `kubectl get nodes -o wide` and
# `kubectl get pods -A -o wide` as kubectl-get-nodes.txt and kubectl-get-pods.txt, and podpath
# can trace across them.
set -u

me=podpath-collect.sh
node=""
containers=1
force=0
while [ $# -gt 0 ]; do
  case "$1" in
    --node) node=${2:?--node needs a name}; shift 2 ;;
    --no-containers) containers=0; shift ;;
    --force) force=1; shift ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    -*) echo "$me: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
if [ $# -ne 1 ]; then
  echo "usage: $me [--node NAME] [--no-containers] [--force] OUTDIR" >&2
  exit 2
fi
if ! command -v ip >/dev/null 2>&1; then
  echo "$me: ip (iproute2) is not installed" >&2
  exit 2
fi
[ -n "$node" ] || node=$(hostname 2>/dev/null || cat /etc/hostname 2>/dev/null || echo node)
case "$node" in
  ''|*/*|.*) echo "$me: --node $node: not a usable folder name" >&2; exit 2 ;;
esac
out=$1

# ---- OUTDIR: new, empty, or (with --force) a snapshot to clear ----

# The file names a snapshot holds (docs/snapshot.md; the same lists as podpath's SnapshotFiles).
is_top_file() {
  case "$1" in
    kubectl-get-nodes.json|kubectl-get-nodes.txt|kubectl-get-pods.json|kubectl-get-pods.txt) return 0 ;;
    kubectl-get-services.json|kubectl-get-services.txt|kubectl-get-endpoints.json) return 0 ;;
    kubectl-get-endpoints.txt|kubectl-get-endpointslices.json|underlay.txt) return 0 ;;
    kubectl-describe-nodes.txt|README.md|README|SOURCE.md) return 0 ;;
  esac
  return 1
}
is_netns_file() {
  case "$1" in
    ip-link.json|ip-link.txt|ip-addr.json|ip-addr.txt|ifconfig.txt) return 0 ;;
    ip-route.json|ip-route.txt|route-n.txt|netstat-rn.txt|ip-rule.json|ip-rule.txt) return 0 ;;
    ip-neigh.json|ip-neigh.txt|arp-n.txt|bridge-fdb.json|bridge-fdb.txt|sysctl.txt) return 0 ;;
    iptables-save.txt|ipset-save.txt|subnet.env|ip-netns-list-id.txt|ss-ltun.txt|ps.txt) return 0 ;;
    brctl-show.txt|ethtool-i.txt|README.md|README|SOURCE.md|collect.log) return 0 ;;
    conntrack-L.txt|docker-network-inspect.json|nft-ruleset.txt) return 0 ;;
  esac
  return 1
}
# foreign DIR: the first entry under DIR that a snapshot would not hold (nothing when DIR looks like
# one: node folders of dump files, netns/NAME/ folders of dump files, cluster files at the top;
# hidden entries are skipped, as podpath skips them).
foreign_ns() {
  for e in "$1"/*; do
    [ -e "$e" ] || [ -L "$e" ] || continue
    if [ -d "$e" ] || [ -L "$e" ] || ! is_netns_file "${e##*/}"; then echo "$e"; return; fi
  done
}
foreign_node() {
  for e in "$1"/*; do
    [ -e "$e" ] || [ -L "$e" ] || continue
    if [ -d "$e" ] && [ ! -L "$e" ] && [ "${e##*/}" = netns ]; then
      for n in "$e"/*; do
        [ -e "$n" ] || [ -L "$n" ] || continue
        if [ ! -d "$n" ] || [ -L "$n" ]; then echo "$n"; return; fi
        r=$(foreign_ns "$n"); [ -z "$r" ] || { echo "$r"; return; }
      done
    elif [ -d "$e" ] || [ -L "$e" ] || ! is_netns_file "${e##*/}"; then
      echo "$e"; return
    fi
  done
}
foreign() {
  for e in "$1"/*; do
    [ -e "$e" ] || [ -L "$e" ] || continue
    if [ -d "$e" ] && [ ! -L "$e" ]; then
      r=$(foreign_node "$e"); [ -z "$r" ] || { echo "$r"; return; }
    elif ! is_top_file "${e##*/}"; then
      echo "$e"; return
    fi
  done
}
if [ -e "$out" ] && [ ! -d "$out" ]; then
  echo "$me: $out is not a folder" >&2
  exit 2
fi
# hidden entries do not count (podpath skips them), but --force clears them too
if [ -d "$out" ] && [ -n "$(ls "$out" 2>/dev/null)" ]; then
  what=$(foreign "$out")
  if [ -n "$what" ]; then
    echo "$me: $out is not empty and does not hold a snapshot ($what is no snapshot's file): collect into a new" \
      "or empty folder (--force clears only a folder that holds a snapshot; nothing was deleted)" >&2
    exit 2
  fi
  if [ "$force" = 0 ]; then
    echo "$me: $out already holds a snapshot: its files would mix with this run's; collect into a new folder," \
      "or add --force to clear it first" >&2
    exit 2
  fi
  for e in "$out"/* "$out"/.[!.]* "$out"/..?*; do
    [ -e "$e" ] || [ -L "$e" ] || continue
    rm -rf -- "$e" || { echo "$me: cannot clear $out ($e)" >&2; exit 2; }
  done
fi

base="$out/$node"
mkdir -p "$base" || exit 2
log="$base/collect.log"
errf="$base/.collect.err"
when=$(date -u +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || echo "an unknown time")
echo "# podpath collect.log format 1: $me on node $node at $when" >"$log" || exit 2

have() { command -v "$1" >/dev/null 2>&1; }

# entry FILE STATUS COMMAND [ERRFILE]: one collect.log entry (FILE relative to the node folder),
# then the first 5 non-blank lines of the command's error output, indented.
ws=$(printf ' \t\r')
entry() {
  printf '%s: %s: %s\n' "$1" "$2" "$3" >>"$log"
  if [ -n "${4:-}" ] && [ -s "$4" ]; then
    n=$(grep -c -v "^[$ws]*\$" "$4")
    grep -v "^[$ws]*\$" "$4" | head -n 5 | sed "s/[$ws]*\$//; s/^/    /" >>"$log"
    if [ "$n" -gt 5 ]; then
      echo "    ... ($(expr "$n" - 5) more lines)" >>"$log"
    fi
  fi
}

# rel DIR: the folder relative to the node folder, with a trailing slash ("" for the node).
rel() {
  r=${1#"$base"}
  r=${r#/}
  [ -z "$r" ] || r="$r/"
  printf '%s' "$r"
}

# save DIR FILE COMMAND...: runs COMMAND (a runner such as `ip netns exec NAME` first) into
# DIR/FILE; when it fails, removes the file, records the entry and returns 1.
save() {
  sdir=$1
  sfile=$2
  shift 2
  "$@" >"$sdir/$sfile" 2>"$errf"
  st=$?
  if [ "$st" -ne 0 ]; then
    rm -f "$sdir/$sfile"
    entry "$(rel "$sdir")$sfile" "exit $st" "$*" "$errf"
    return 1
  fi
  return 0
}

# absent DIR FILE COMMAND...: the command's program is not installed here.
absent() {
  adir=$1
  afile=$2
  shift 2
  entry "$(rel "$adir")$afile" "not found" "$*"
}

# dump DIR RUNNER...: the commands of one namespace, run through RUNNER (empty for the node itself).
dump() {
  dir=$1; shift
  mkdir -p "$dir"
  save "$dir" ip-link.json "$@" ip -j -d link show || save "$dir" ip-link.txt "$@" ip -d link show
  save "$dir" ip-addr.json "$@" ip -j addr show || save "$dir" ip-addr.txt "$@" ip addr show
  save "$dir" ip-route.json "$@" ip -j route show table all || save "$dir" ip-route.txt "$@" ip route show table all
  save "$dir" ip-rule.json "$@" ip -j rule show || save "$dir" ip-rule.txt "$@" ip rule show
  save "$dir" ip-neigh.json "$@" ip -j neigh show || save "$dir" ip-neigh.txt "$@" ip neigh show
  if have bridge; then
    save "$dir" bridge-fdb.json "$@" bridge -j fdb show || save "$dir" bridge-fdb.txt "$@" bridge fdb show
  else
    absent "$dir" bridge-fdb.json "$@" bridge -j fdb show
  fi
  # an empty iptables-save.txt says the namespace has no table; a missing one that it is unknown
  if have iptables-save; then save "$dir" iptables-save.txt "$@" iptables-save -c; else absent "$dir" iptables-save.txt "$@" iptables-save -c; fi
  if have ipset; then save "$dir" ipset-save.txt "$@" ipset save; else absent "$dir" ipset-save.txt "$@" ipset save; fi
  # nftables' own tables (iptables-nft's are read from iptables-save.txt); empty when there are none
  if have nft; then save "$dir" nft-ruleset.txt "$@" nft list ruleset; else absent "$dir" nft-ruleset.txt "$@" nft list ruleset; fi
  if have sysctl; then
    # sysctl -a may fail on a few unreadable keys: what it printed of net.* is kept
    "$@" sysctl -a 2>"$errf" >"$errf.sysctl"
    st=$?
    grep '^net\.' "$errf.sysctl" >"$dir/sysctl.txt"
    rm -f "$errf.sysctl"
    if [ ! -s "$dir/sysctl.txt" ] && [ "$st" -ne 0 ]; then
      entry "$(rel "$dir")sysctl.txt" "exit $st" "$* sysctl -a" "$errf"
    fi
  else
    absent "$dir" sysctl.txt "$@" sysctl -a
  fi
  save "$dir" ip-netns-list-id.txt "$@" ip netns list-id
  # the connections conntrack holds (where conntrack-tools is installed: nothing is said otherwise)
  if have conntrack; then save "$dir" conntrack-L.txt "$@" conntrack -L; fi
  if have ss; then save "$dir" ss-ltun.txt "$@" ss -ltun; else absent "$dir" ss-ltun.txt "$@" ss -ltun; fi
  # An empty file says nothing a missing one does not (no sets, no namespace ids); drop it. Not
  # iptables-save.txt: empty, it says there is no table.
  for f in "$dir"/*; do
    [ -f "$f" ] && [ ! -s "$f" ] && [ "${f##*/}" != iptables-save.txt ] && rm -f "$f"
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

# the node's Docker networks (where docker is installed and its daemon answers; a client whose
# daemon does not answer has no network to dump): their bridges and subnets
if have docker; then
  if ids=$(docker network ls -q 2>/dev/null) && [ -n "$ids" ]; then
    # shellcheck disable=SC2086 # one argument per network id
    save "$base" docker-network-inspect.json docker network inspect $ids
  fi
fi

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

if [ "$containers" = 1 ] && have nsenter; then
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
rm -f "$errf"
failed=$(grep -c -v -e '^#' -e '^    ' "$log")
if [ "$failed" -gt 0 ]; then
  echo "$me: wrote $base ($failed commands failed or were not found: see $log; podpath lint says what is unknown)" >&2
else
  echo "$me: wrote $base" >&2
fi
