#!/bin/sh
# Captures ss and conntrack outputs in a throw-away network namespace (run inside
# `unshare --net --mount --propagation private`): a server on 10.0.0.2 reached
# through a DNAT on 10.96.0.10:80, an established connection, a UDP socket.
set -e
OUT=${1:-.}
mkdir -p /run/netns && mount -t tmpfs none /run/netns
ip link set lo up
ip netns add srv
ip link add veth0 type veth peer name eth0 netns srv
ip addr add 10.0.0.1/24 dev veth0 && ip link set veth0 up
ip -n srv addr add 10.0.0.2/24 dev eth0 && ip -n srv link set eth0 up && ip -n srv link set lo up
ip -n srv route add default via 10.0.0.1
ip route add 10.96.0.0/12 via 10.0.0.2
iptables -t nat -A OUTPUT -d 10.96.0.10/32 -p tcp --dport 80 -j DNAT --to-destination 10.0.0.2:8080
ip netns exec srv nc -lk 10.0.0.2 8080 >/dev/null &
nc -l 127.0.0.1 6443 >/dev/null &
nc -lk -u 0.0.0.0 53 >/dev/null &
sleep 0.5
( sleep 30 | nc 10.96.0.10 80 ) &
( echo hello | nc -u -w5 10.0.0.2 5353 ) &
ping -c1 -W1 10.0.0.2 >/dev/null
sleep 1
ss -ltnp > "$OUT/ss-ltnp.txt"
ss -lunp > "$OUT/ss-lunp.txt"
ss -tulpn > "$OUT/ss-tulpn.txt"
ss -ltun > "$OUT/ss-ltun.txt"
ss -tan > "$OUT/ss-tan.txt"
conntrack -L > "$OUT/conntrack-L.txt" 2> "$OUT/conntrack-L.stderr"
conntrack -L -o extended > "$OUT/conntrack-L-o-extended.txt" 2>/dev/null || true
iptables-save > "$OUT/iptables-save.txt"
kill $(jobs -p) 2>/dev/null || true
