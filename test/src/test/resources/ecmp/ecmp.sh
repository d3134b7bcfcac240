#!/usr/bin/env bash
# ecmp.sh: one route, two next hops (equal-cost multipath), as a node with two uplinks has.
#
#                                 [r1 10.10.1.1/24]----[10.10.1.2/24] up1 [10.2.0.11/24]---+
#   a [eth0 10.1.0.2/24]----[ra 10.1.0.1/24]  r                                           br0 (lan)---[10.2.0.2/24] b
#                                 [r2 10.10.2.1/24]----[10.10.2.2/24] up2 [10.2.0.12/24]---+
#
# r routes 10.2.0.0/24 with `nexthop via 10.10.1.2 dev r1 nexthop via 10.10.2.2 dev r2`: the
# kernel hashes each flow (source and destination address; ports too with
# fib_multipath_hash_policy=1) with a key it draws at boot, so which uplink a flow takes cannot be
# told from the configuration. Both uplinks work here, so every flow arrives.
#
# What you should see:
#   * a pings 10.2.0.2: reply with ttl=62 (two routers, r and up1 or up2, whichever the hash
#     picked; b answers through up1, its default gateway);
#   * podpath follows the first next hop and says that the kernel may pick the other;
#     `podpath trace ecmp.sh --from a --to 10.2.0.2 --all-branches` traces both, 1/2 each,
#     and `--nexthop` picks one.
#
# Run it in the kernel: sudo ./podpath verify test/src/test/resources/ecmp/ecmp.sh (the probes agree;
# the neighbour and FDB entries left behind show which uplink the kernel's hash picked, which
# podpath does not know, so they may differ).
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
ip netns exec up2 sysctl -w net.ipv4.ip_forward=1

# a <-> r
ip -n a link add eth0 type veth peer name ra netns r
ip -n a addr add 10.1.0.2/24 dev eth0
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

# --- probes ---
ip -n r route show 10.2.0.0/24
ip netns exec a ping -c1 -W1 10.2.0.2
ip netns exec up2 ping -c1 -W1 10.1.0.2
