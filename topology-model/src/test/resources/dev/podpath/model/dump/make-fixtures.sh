#!/bin/bash
# How the real-tool fixtures beside this script were recorded (not run by the build).
#
# Run as root; everything happens in a throwaway network + mount namespace:
#   OUT=/tmp/fixtures IPROUTE2="/path/ip-5.10:/path/bridge-5.10 ..." BUSYBOX=/path/busybox \
#     unshare --net --mount --propagation private bash make-fixtures.sh
# IPROUTE2 lists ip:bridge binary pairs (built from the iproute2 tags v4.19.0, v5.10.0, v5.15.0,
# v6.1.0 (Debian 12's), v7.1.0); their output goes to $OUT/iproute2-<version>/.
# The node looks like a flannel worker: cni0 with two pods, docker0 without ports, a vxlan
# flannel.1, an ipip tunnel, a macvlan, policy routing, neighbour and FDB entries.
set -u
mount -t tmpfs none /run/netns 2>/dev/null || { mkdir -p /run/netns; mount -t tmpfs none /run/netns; }
mount -t sysfs none /sys

ip link set lo up
ip netns add lan
ip link add enp0s5 type veth peer name uplink netns lan
ip -n lan link set lo up
ip -n lan link set uplink up
ip -n lan addr add 192.168.2.1/24 dev uplink
ip link set enp0s5 up
ip addr add 192.168.2.16/24 brd 192.168.2.255 dev enp0s5
ip link add cni0 type bridge
ip link set cni0 up
ip addr add 10.10.1.1/24 dev cni0
for p in 5 6; do
  ip netns add pod$p
  ip link add veth-pod$p type veth peer name eth0 netns pod$p
  ip link set veth-pod$p master cni0 up
  ip -n pod$p link set lo up
  ip -n pod$p link set eth0 up
  ip -n pod$p addr add 10.10.1.$p/24 dev eth0
  ip -n pod$p route add default via 10.10.1.1
  ip -n pod$p route add 10.10.0.0/16 via 10.10.1.1
done
bridge link set dev veth-pod5 hairpin on
bridge link set dev veth-pod6 learning off flood off
ip link add docker0 type bridge
ip addr add 172.17.0.1/16 dev docker0
ip link set docker0 up
ip link add flannel.1 type vxlan id 1 local 192.168.2.16 dev enp0s5 dstport 8472 nolearning
ip link set flannel.1 mtu 1450 up
ip addr add 10.10.1.0/32 dev flannel.1
bridge fdb append 00:00:00:00:00:00 dev flannel.1 dst 192.168.2.15
bridge fdb add 6e:5b:0c:61:2a:01 dev flannel.1 dst 192.168.2.17 self permanent
ip tuntap add tap0 mode tap   # the sandbox kernel has no ipip/dummy modules: a tap stands in
ip link set tap0 up
ip addr add 10.10.100.10 peer 10.10.200.10 dev tap0
ip link add mv0 link enp0s5 type macvlan mode bridge
ip link add vdown type veth peer name vdown-peer   # peer down: vdown has no carrier
ip link set vdown up
ip addr add 198.51.100.1/24 dev vdown

ip route add default via 192.168.2.1 dev enp0s5 proto dhcp src 192.168.2.16 metric 100
ip route add 10.10.0.0/24 via 192.168.2.17 dev enp0s5
ip route add 10.10.2.0/24 via 192.168.2.15 dev enp0s5
ip route add 10.10.3.0/24 via 10.10.3.0 dev flannel.1 onlink
ip route add 10.40.0.0/16 nexthop via 192.168.2.15 dev enp0s5 weight 1 nexthop via 192.168.2.17 dev enp0s5 weight 2
ip route add blackhole 10.20.1.128/25
ip route add unreachable 10.30.0.0/16 metric 10
ip route add prohibit 10.31.0.0/16
ip route add 10.60.0.0/16 dev docker0 scope link
ip route add default via 192.168.2.1 dev enp0s5 table 100
ip route add throw 10.10.0.0/16 table 100
ip route add 203.0.113.0/24 dev enp0s5 table 200 proto static metric 5 src 192.168.2.16
ip rule add from 10.10.1.0/24 lookup 100 pref 100
ip rule add fwmark 0x4/0xff lookup 100 pref 110
ip rule add not from 10.1.0.0/16 to 10.2.0.0/16 iif cni0 lookup main pref 120
ip rule add oif enp0s5 unreachable pref 130
ip rule add from 10.98.0.0/16 goto 150 pref 140
ip rule add nop pref 150
ip rule add from 10.99.0.0/16 blackhole pref 160
ip rule add to 10.97.0.0/16 prohibit pref 170
ip rule add fwmark 0x10 table 200 pref 180

ip neigh add 10.10.1.50 lladdr 02:00:00:00:00:50 dev cni0 nud permanent
ip neigh add 10.10.1.51 lladdr 02:00:00:00:00:51 dev cni0 nud stale
ip neigh add 10.10.1.52 lladdr 02:00:00:00:00:52 dev cni0 nud noarp
ip neigh add proxy 10.10.1.77 dev cni0
bridge fdb add 02:00:00:00:00:aa dev veth-pod5 master static
bridge fdb add 02:00:00:00:00:bb dev veth-pod6 master
ip netns exec pod5 ping -c 1 -W 1 10.10.1.6 >/dev/null
ip netns exec pod5 ping -c 1 -W 1 10.10.1.1 >/dev/null
ping -c 1 -W 1 192.168.2.1 >/dev/null
ping -c 1 -W 1 10.10.1.99 >/dev/null &   # stays INCOMPLETE, then FAILED
sleep 2

dump() { # dir ip bridge
  local d=$1 IP=$2 BR=$3
  mkdir -p "$d"
  $IP -V > "$d/version.txt" 2>&1
  $IP -j -d link show > "$d/ip-d-link.json" 2>&1
  $IP -j link show > "$d/ip-link.json" 2>&1
  $IP -j addr show > "$d/ip-addr.json" 2>&1
  $IP -j route show table all > "$d/ip-route-table-all.json" 2>&1
  $IP -j route show > "$d/ip-route.json" 2>&1
  $IP -j rule show > "$d/ip-rule.json" 2>&1
  $IP -j neigh show > "$d/ip-neigh.json" 2>&1
  $BR -j fdb show > "$d/bridge-fdb.json" 2>&1
  $IP -d link show > "$d/ip-d-link.txt" 2>&1
  $IP addr show > "$d/ip-addr.txt" 2>&1
  $IP -o addr show > "$d/ip-o-addr.txt" 2>&1
  $IP route show > "$d/ip-route.txt" 2>&1
  $IP route show table all > "$d/ip-route-table-all.txt" 2>&1
  $IP rule show > "$d/ip-rule.txt" 2>&1
  $IP neigh show > "$d/ip-neigh.txt" 2>&1
  $BR fdb show > "$d/bridge-fdb.txt" 2>&1
  $IP -j neigh show proxy > "$d/ip-neigh-proxy.json" 2>&1
  $IP neigh show proxy > "$d/ip-neigh-proxy.txt" 2>&1
  ip netns exec pod5 $IP -j -d link show > "$d/pod5-ip-d-link.json" 2>&1
  ip netns exec pod5 $IP -j addr show > "$d/pod5-ip-addr.json" 2>&1
  ip netns exec pod5 $IP route show > "$d/pod5-ip-route.txt" 2>&1
}
for pair in ${IPROUTE2:-/usr/sbin/ip:/usr/sbin/bridge}; do
  IP=${pair%%:*}; BR=${pair##*:}
  v=$($IP -V | sed -E 's/.*iproute2-(ss)?([0-9.]+).*/\2/')
  dump "$OUT/iproute2-$v" "$IP" "$BR"
done
mkdir -p "$OUT/net-tools-2.10"
ifconfig -a > "$OUT/net-tools-2.10/ifconfig-a.txt"
route -n > "$OUT/net-tools-2.10/route-n.txt"
netstat -rn > "$OUT/net-tools-2.10/netstat-rn.txt"
arp -n > "$OUT/net-tools-2.10/arp-n.txt"
sysctl -a > "$OUT/net-tools-2.10/sysctl-a.txt" 2>/dev/null
if [ -n "${BUSYBOX:-}" ]; then
  mkdir -p "$OUT/busybox-1.35"
  $BUSYBOX ifconfig -a > "$OUT/busybox-1.35/ifconfig-a.txt"
  $BUSYBOX route -n > "$OUT/busybox-1.35/route-n.txt"
  $BUSYBOX netstat -rn > "$OUT/busybox-1.35/netstat-rn.txt"
  $BUSYBOX arp -n > "$OUT/busybox-1.35/arp-n.txt"
  $BUSYBOX ip route > "$OUT/busybox-1.35/ip-route.txt"
  $BUSYBOX ip addr > "$OUT/busybox-1.35/ip-addr.txt"
  $BUSYBOX ip neigh > "$OUT/busybox-1.35/ip-neigh.txt" 2>&1
  $BUSYBOX ip rule > "$OUT/busybox-1.35/ip-rule.txt" 2>&1
  ip netns exec pod5 $BUSYBOX ifconfig > "$OUT/busybox-1.35/pod5-ifconfig.txt"
  ip netns exec pod5 $BUSYBOX route -n > "$OUT/busybox-1.35/pod5-route-n.txt"
fi
