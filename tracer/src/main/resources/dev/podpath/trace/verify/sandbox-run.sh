#!/usr/bin/env bash
# podpath verify's kernel side: runs a PLAN (the commands podpath understood in a scenario, as
# argument vectors) on the REAL kernel inside a sandbox that cannot harm the machine, and prints
# the transcript. It never runs a script's text: it has no shell code of the scenario's to run.
#
#   sandbox-run.sh PLAN_DIR            (as root; podpath verify writes PLAN_DIR, see KernelPlan)
#
# PLAN_DIR holds (all written by podpath, readable by everyone, never written by the sandbox):
#   plan      the steps, NUL-separated fields: "@step" MODE LABEL STDIN TIMEOUT ARGC ARGV...
#             (MODE fg|bg|setup; STDIN a file name in PLAN_DIR or empty; TIMEOUT in seconds)
#   netns     the namespaces whose state is dumped at the end, NUL-separated ("root" = the sandbox's)
#   stdin-N   what a step reads on its standard input (iptables-restore < FILE: the file's text)
#   dev/      an empty folder: the mount point for the sandbox's own /dev/net/tun
#   collector podpath's snapshot collector (podpath-collect.sh), only in a plan that collects
#   capture   only in a plan that captures (verify --pcap): NUL-separated pairs "N" "P", the 0-based
#             position N of a step in plan and the number P of the probe it is
#
# The layers (docs/verify.md has the threat model):
#   1. outer, as root: a private mount namespace in which a tmpfs with one device node, a TUN
#      control node the sandbox user may open, is mounted on PLAN_DIR/dev (it vanishes with it);
#   2. the sandbox proper, entered as the unprivileged user nobody: new user (root only inside,
#      nobody outside), network, mount, UTS, IPC, PID and cgroup namespaces (unshare); a limit on
#      processes; no new privileges;
#   3. inside: fresh tmpfs on /run (with /run/netns), /var/run, /tmp, /dev/shm; a fresh sysfs and
#      devpts; PLAN_DIR
#      read-only on /run/podpath; every other mount remounted read-only. /proc/sys is writable
#      only where the sandbox's user namespace owns it: net/ of its own network namespaces.
# Then lo is brought up and IPv6 is switched off (KEEP_IPV6=1 keeps it) as on a running host,
# each step runs without a shell under `timeout`, printed as "+ LABEL" followed by its output
# (and "# status N" when it fails), and the state of the namespaces is dumped after a line
# "### podpath-state" as "### NS link|neigh|fdb|iptables|conntrack" sections (ip -j link,
# ip -j neigh, bridge -j fdb show, iptables-save -c, conntrack -L). A plan with a collector runs
# it after the steps (`sh collector --node root DIR`, DIR a folder of the sandbox's /tmp) and
# prints its files after a line "### podpath-collected (exit status N)", each as
# "### file PATH" and its bytes in base64 (podpath's CollectedFiles writes them back; in the VM
# this is how a snapshot leaves it). A plan with a capture list runs Wireshark's dumpcap around
# each probe listed: one per namespace, on every device that is up but lo, without promiscuous
# mode (as tcpdump -p), at most 20,000 frames and 8 MiB each; it prints those captures (and each
# namespace's ip -j link at that moment) after a line "### podpath-captured (exit status 0)" the
# same way (probe-P/NS.pcapng, probe-P/NS.links.json, probe-P/NS.dumpcap.log). Everything vanishes when the sandbox's last process ends;
# the PID namespace ends servers started in the background.
set -uo pipefail
# the system's programs only, whatever PATH the caller had (KernelRun.SYSTEM_PATH is the same)
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

stage=${PODPATH_SANDBOX_STAGE:-outer}
plan=${1:-}
self=$(realpath "$0")

die() {
  echo "sandbox-run: $*" >&2
  exit 2
}

case "$stage" in
outer)
  [ $# -eq 1 ] && [ -f "$plan/plan" ] || die "usage: $0 PLAN_DIR (a folder written by podpath verify)"
  [ "$(id -u)" -eq 0 ] || die "must run as root (it creates namespaces for an unprivileged sandbox user)"
  for t in unshare setpriv mount mknod timeout ip; do
    command -v "$t" >/dev/null || die "missing on this machine: $t"
  done
  plan=$(realpath "$plan")
  # nobody must be able to read the plan (it is read through a read-only bind mount inside)
  [ "$(stat -c %a "$plan")" = 755 ] || die "$plan: expected mode 755"
  PODPATH_SANDBOX_STAGE=devices exec unshare --mount --propagation private -- bash "$self" "$plan"
  ;;

devices)
  # Still root, in a private mount namespace of the host's user namespace: what is mounted here
  # is seen by nobody else and vanishes with the sandbox.
  mount -t tmpfs -o mode=0755,size=64k,nosuid,noexec podpath-dev "$plan/dev" || die "cannot mount a tmpfs on $plan/dev"
  if [ -c /dev/net/tun ]; then
    # the TUN control device, openable by the sandbox's user: it creates TUN devices only in the
    # network namespaces that user owns (the sandbox's)
    mknod -m 0666 "$plan/dev/tun" c 10 200 || die "cannot make the sandbox's /dev/net/tun"
  fi
  ulimit -u 2048 # a fork bomb stops here (counted for nobody, the sandbox's user outside)
  PODPATH_SANDBOX_STAGE=inside setpriv --reuid=65534 --regid=65534 --clear-groups --no-new-privs -- \
    unshare --user --map-root-user --net --mount --uts --ipc --pid --cgroup --fork --kill-child \
    --mount-proc --propagation private -- bash "$self" "$plan"
  # (podpath reads a transcript without the runner line as "the sandbox could not start")
  exit $?
  ;;

inside)
  ;;

steps)
  # the same sandbox, PID 1 re-executed from the plan's place inside (below)
  plan=/run/podpath
  writable=${PODPATH_SANDBOX_WRITABLE:-}
  unset PODPATH_SANDBOX_STAGE PODPATH_SANDBOX_WRITABLE
  ;;

*)
  die "unknown stage $stage"
  ;;
esac

# ---- inside the sandbox: root of a user namespace that is nobody outside ----
if [ "$stage" = inside ]; then
set -e
mount -t tmpfs -o mode=0755 podpath-run /run
mkdir -p /run/netns /run/podpath
mount --rbind "$plan" /run/podpath
mount -o remount,bind,ro /run/podpath
if [ -d /var/run ] && [ ! -L /var/run ]; then
  mount -t tmpfs -o mode=0755 podpath-varrun /var/run
fi
mount -t tmpfs -o mode=1777 podpath-tmp /tmp
mount -t sysfs podpath-sys /sys
mount -t tmpfs -o mode=1777,nosuid,nodev podpath-shm /dev/shm
mount -t devpts -o newinstance,ptmxmode=0666 podpath-pts /dev/pts
if [ -c /run/podpath/dev/tun ] && [ -e /dev/net/tun ]; then
  mount --bind /run/podpath/dev/tun /dev/net/tun
fi
plan=/run/podpath
# Every other mount read-only, keeping its other flags (the kernel refuses to clear locked ones).
while read -r _ _ _ _ mp opts _; do
  case "$mp" in
  /proc | /proc/* | /sys | /sys/* | /run | /run/* | /tmp | /var/run | /dev/net/tun | /dev/shm | /dev/pts) continue ;;
  esac
  # (a mount point with an octal escape such as \040 is left as it is: it stays writable only for
  # what nobody, the sandbox's user outside, may write)
  mount -o "remount,bind,${opts/rw/ro}" "$mp" 2>/dev/null || mount -o remount,bind,ro "$mp" 2>/dev/null || true
done </proc/self/mountinfo
# (the last line of a mount point is the mount on top, the one that is seen)
writable=$(awk '{ rw[$5] = ($6 ~ /(^|,)rw(,|$)/) } END { for (m in rw) if (rw[m]) print m }' /proc/self/mountinfo \
  | grep -vE '^(/proc|/sys|/run|/tmp|/var/run|/dev/net/tun|/dev/shm|/dev/pts)(/|$)' | sort | tr '\n' ' ' || true)
set +e
cd /
# PID 1 goes on as the runner at the plan's place inside, so that its command line (which a
# collected ps.txt lists) is the same wherever podpath wrote the plan outside
PODPATH_SANDBOX_STAGE=steps PODPATH_SANDBOX_WRITABLE="$writable" exec bash "$plan/sandbox-run.sh" "$plan"
fi
cd /

if [ "${KEEP_IPV6:-0}" != 1 ]; then
  sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
fi
ip link set lo up

echo "# kernel $(uname -r); $(ip -V); $(ping -V 2>&1 | head -1); $(traceroute -V 2>&1 | head -1)"
echo "# sandbox: fresh netns (lo up, ip_forward=$(sysctl -n net.ipv4.ip_forward), rp_filter=$(sysctl -n net.ipv4.conf.all.rp_filter), IPv6 $([ "${KEEP_IPV6:-0}" = 1 ] && echo on || echo off))"
echo "# runner: podpath plan (argument vectors, no shell)"
[ -n "$writable" ] && echo "# sandbox: mounts still writable (to what nobody may write): $writable"
echo

field() {
  IFS= read -r -d '' "$1" <&3
}

# verify --pcap: which steps are captured (step position -> probe number)
declare -A captured=()
if [ -f "$plan/capture" ]; then
  while IFS= read -r -d '' at && IFS= read -r -d '' which; do
    captured[$at]=$which
  done <"$plan/capture"
fi
captures=/tmp/podpath-capture
cpids=()

# Starts dumpcap in every namespace on its devices that are up (not lo) and waits until each has
# opened its file, i.e. captures.
capture_start() {
  local dir="$captures/probe-$1" ns on n=0 devs ifs d k
  mkdir -p "$dir"
  cpids=()
  for ns in root $(ip netns list 2>/dev/null | awk '{ print $1 }'); do
    if [ "$ns" = root ]; then on=(); else on=(ip netns exec "$ns"); fi
    "${on[@]}" ip -j link show >"$dir/$ns.links.json" 2>/dev/null
    mapfile -t devs < <("${on[@]}" ip -o link show up 2>/dev/null \
      | awk -F': ' '{ sub(/@.*/, "", $2); if ($2 != "lo") print $2 }')
    [ ${#devs[@]} -eq 0 ] && continue
    ifs=()
    for d in "${devs[@]}"; do ifs+=(-i "$d"); done
    HOME=/tmp timeout -k 2 "$2" "${on[@]}" dumpcap -q -p "${ifs[@]}" -c 20000 -a filesize:8192 \
      -w "$dir/$ns.pcapng" </dev/null >/dev/null 2>"$dir/$ns.dumpcap.log" &
    cpids+=($!)
    n=$((n + 1))
  done
  for ((k = 0; k < 300; k++)); do
    [ "$(find "$dir" -name '*.pcapng' | wc -l)" -ge "$n" ] && break
    sleep 0.1
  done
  sleep 0.2
}

# Ends the captures once the world is quiet again: the probe's program has waited for its answer
# already, but a neighbour resolution it started may still be pending (an address that never
# answers ARP: the requests still due after nc -w2 gave up, then the host unreachable for each
# queued packet). So: every 0.1 s, for at most 10 s, until no namespace has an INCOMPLETE
# neighbour entry, then half a second for the last frames (a reply, a reset, an error) to pass.
# The next command starts after that; podpath's side waits the same way (Session.settle).
capture_stop() {
  [ ${#cpids[@]} -eq 0 ] && return
  local k ns on pending
  for ((k = 0; k < 100; k++)); do
    pending=
    for ns in root $(ip netns list 2>/dev/null | awk '{ print $1 }'); do
      if [ "$ns" = root ]; then on=(); else on=(ip netns exec "$ns"); fi
      pending+=$("${on[@]}" ip -4 neigh show nud incomplete 2>/dev/null)
    done
    [ -z "$pending" ] && break
    sleep 0.1
  done
  sleep 0.5
  kill -INT "${cpids[@]}" 2>/dev/null
  wait "${cpids[@]}" 2>/dev/null
  cpids=()
}

# Prints every file under $2 after the line $1, each as "### file PATH" and its bytes in base64.
print_files() {
  echo "$1"
  (cd "$2" && find . -type f | LC_ALL=C sort) | while IFS= read -r f; do
    echo "### file ${f#./}"
    base64 -w 76 "$2/$f"
  done
}

ran=0
failed=0
at=-1
exec 3<"$plan/plan"
while field marker; do
  at=$((at + 1))
  [ "$marker" = "@step" ] || { echo "# podpath: the plan is damaged at a step marker"; exit 2; }
  field mode && field label && field stdin && field limit && field argc || { echo "# podpath: the plan is cut short"; exit 2; }
  args=()
  for ((k = 0; k < argc; k++)); do
    field arg || { echo "# podpath: the plan is cut short"; exit 2; }
    args+=("$arg")
  done
  input=/dev/null
  [ -n "$stdin" ] && input="$plan/$stdin"
  case "$mode" in
  setup)
    timeout -k 2 "$limit" "${args[@]}" <"$input" >/dev/null 2>&1
    ;;
  bg)
    printf '# started in the background: %s &\n' "$label"
    "${args[@]}" <"$input" >/dev/null 2>&1 &
    ;;
  fg)
    [ -n "${captured[$at]:-}" ] && capture_start "${captured[$at]}" "$((limit + 30))"
    printf '+ %s\n' "$label"
    timeout -k 2 "$limit" "${args[@]}" <"$input" 2>&1
    rc=$?
    [ -n "${captured[$at]:-}" ] && capture_stop
    ran=$((ran + 1))
    if [ $rc -ne 0 ]; then
      failed=$((failed + 1))
      if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
        echo "# status $rc (stopped after ${limit} s)"
      else
        echo "# status $rc"
      fi
    fi
    ;;
  *)
    echo "# podpath: unknown step mode $mode"
    exit 2
    ;;
  esac
done
exec 3<&-

echo
echo "# steps: $ran run, $failed failed"
echo "# exit status: 0"
if [ -s "$plan/netns" ]; then
  echo "### podpath-state"
  while IFS= read -r -d '' ns; do
    if [ "$ns" = root ]; then on=(); else on=(ip netns exec "$ns"); fi
    echo "### $ns link"; "${on[@]}" ip -j link show 2>&1; echo
    echo "### $ns neigh"; "${on[@]}" ip -j neigh show 2>&1; echo
    echo "### $ns fdb"; "${on[@]}" bridge -j fdb show 2>&1; echo
    if command -v iptables-save >/dev/null; then
      echo "### $ns iptables"; "${on[@]}" iptables-save -c 2>&1; echo
    fi
    if command -v conntrack >/dev/null; then
      echo "### $ns conntrack"; "${on[@]}" conntrack -L 2>/dev/null; echo
    fi
  done <"$plan/netns"
fi
if [ -f "$plan/collector" ]; then
  snap=/tmp/podpath-snapshot
  mkdir -p "$snap"
  sh "$plan/collector" --node root "$snap" >/dev/null 2>&1
  print_files "### podpath-collected (exit status $?)" "$snap"
fi
if [ -d "$captures" ]; then
  print_files "### podpath-captured (exit status 0)" "$captures"
fi
exit 0
