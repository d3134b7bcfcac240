#!/usr/bin/env bash
# ecmp-flows.sh: ecmp-uplink-broken.sh with eight flows: a has eight addresses and pings b from
# each. r's multipath route hashes each flow (the source and destination addresses, with
# fib_multipath_hash_policy=0) with a key the kernel draws once per boot; the flows it sends to up2
# (which does not forward) get no reply, the others do. Which ones depends on the boot.
#
# What you should see: `podpath probes ecmp-flows.sh` answers each ping as an ECMP
# nondeterminism (next hop 1 REACHABLE, next hop 2 NOT REACHABLE), and `podpath verify` counts the
# kernel's answers as agreeing "within ECMP": each is one of the two.
set -e

ip netns add a
ip netns add r
ip netns add up1
ip netns add up2
ip netns add lan
ip netns add b
ip -n a link set lo up
ip -n r link set lo up
ip -n up1 link set lo up
ip -n up2 link set lo up
ip -n lan link set lo up
ip -n b link set lo up
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip netns exec up1 sysctl -w net.ipv4.ip_forward=1
ip netns exec up2 sysctl -w net.ipv4.ip_forward=0   # the mistake: up2 does not forward

# a <-> r
ip -n a link add eth0 type veth peer name ra netns r
ip -n a addr add 10.1.0.2/24 dev eth0
ip -n a addr add 10.1.0.3/24 dev eth0
ip -n a addr add 10.1.0.4/24 dev eth0
ip -n a addr add 10.1.0.5/24 dev eth0
ip -n a addr add 10.1.0.6/24 dev eth0
ip -n a addr add 10.1.0.7/24 dev eth0
ip -n a addr add 10.1.0.8/24 dev eth0
ip -n a addr add 10.1.0.9/24 dev eth0
ip -n a link set eth0 up
ip -n a route add default via 10.1.0.1
ip -n r addr add 10.1.0.1/24 dev ra
ip -n r link set ra up

# r <-> up1 and r <-> up2: the two uplinks
ip -n r link add r1 type veth peer name eth0 netns up1
ip -n r link add r2 type veth peer name eth0 netns up2
ip -n r addr add 10.10.1.1/24 dev r1
ip -n r addr add 10.10.2.1/24 dev r2
ip -n r link set r1 up
ip -n r link set r2 up
ip -n up1 addr add 10.10.1.2/24 dev eth0
ip -n up1 link set eth0 up
ip -n up2 addr add 10.10.2.2/24 dev eth0
ip -n up2 link set eth0 up

# the multipath route
ip -n r route add 10.2.0.0/24 nexthop via 10.10.1.2 dev r1 nexthop via 10.10.2.2 dev r2

# up1, up2 and b on one bridge
ip -n lan link add br0 type bridge
ip -n lan link set br0 up
ip -n up1 link add eth1 type veth peer name p-up1 netns lan
ip -n up2 link add eth1 type veth peer name p-up2 netns lan
ip -n b link add eth0 type veth peer name p-b netns lan
ip -n lan link set p-up1 master br0
ip -n lan link set p-up1 up
ip -n lan link set p-up2 master br0
ip -n lan link set p-up2 up
ip -n lan link set p-b master br0
ip -n lan link set p-b up
ip -n up1 addr add 10.2.0.11/24 dev eth1
ip -n up1 link set eth1 up
ip -n up1 route add 10.1.0.0/24 via 10.10.1.1
ip -n up2 addr add 10.2.0.12/24 dev eth1
ip -n up2 link set eth1 up
ip -n up2 route add 10.1.0.0/24 via 10.10.2.1
ip -n b addr add 10.2.0.2/24 dev eth0
ip -n b link set eth0 up
ip -n b route add default via 10.2.0.11

# --- probes: one flow per source address ---
ip netns exec a ping -c1 -W1 -I 10.1.0.2 10.2.0.2 || true
ip netns exec a ping -c1 -W1 -I 10.1.0.3 10.2.0.2 || true
ip netns exec a ping -c1 -W1 -I 10.1.0.4 10.2.0.2 || true
ip netns exec a ping -c1 -W1 -I 10.1.0.5 10.2.0.2 || true
ip netns exec a ping -c1 -W1 -I 10.1.0.6 10.2.0.2 || true
ip netns exec a ping -c1 -W1 -I 10.1.0.7 10.2.0.2 || true
ip netns exec a ping -c1 -W1 -I 10.1.0.8 10.2.0.2 || true
ip netns exec a ping -c1 -W1 -I 10.1.0.9 10.2.0.2 || true
