#!/usr/bin/env bash
# docker0.sh: docker's default bridge network, built by hand (seed 000).
#
#   c1 [eth0 172.17.0.2/16]--[veth-c1]--+
#                                       docker0 172.17.0.1/16  (root namespace, ip_forward=1)
#   c2 [eth0 172.17.0.3/16]--[veth-c2]--+
#
# Each container is a namespace whose eth0 is one end of a veth pair; the other end is a port of
# docker0. The containers' routing table is the one the seed shows with `route -n`:
#   0.0.0.0 via 172.17.0.1 (UG) and 172.17.0.0/16 on eth0 (U).
#
# What you should see:
#   * c1 pings c2 (172.17.0.3): reply with ttl=64. Same subnet, so the frames are switched by
#     docker0 and never routed; traceroute shows the single hop 172.17.0.3;
#   * c1 pings its gateway 172.17.0.1 (docker0's own address): reply with ttl=64;
#   * docker0's FDB has learned c1's and c2's MACs on their veth ports; the host's ARP table
#     knows only c1, the container that talked to the gateway.
#
# Run it in the kernel: sudo ./podpath verify samples/docker0.sh --save-transcript FILE
# (it creates docker0 in the current namespace, which clashes with a real docker0)
set -e

# the bridge and its gateway address
ip link add docker0 type bridge
ip addr add 172.17.0.1/16 dev docker0
ip link set docker0 up
sysctl -w net.ipv4.ip_forward=1

# container c1: veth-c1 stays on the host, its peer becomes eth0 inside c1
ip netns add c1
ip link add veth-c1 type veth peer name eth0 netns c1
ip link set veth-c1 master docker0
ip link set veth-c1 up
ip -n c1 link set lo up
ip -n c1 addr add 172.17.0.2/16 dev eth0
ip -n c1 link set eth0 up
ip -n c1 route add default via 172.17.0.1

# container c2, the same way
ip netns add c2
ip link add veth-c2 type veth peer name eth0 netns c2
ip link set veth-c2 master docker0
ip link set veth-c2 up
ip -n c2 link set lo up
ip -n c2 addr add 172.17.0.3/16 dev eth0
ip -n c2 link set eth0 up
ip -n c2 route add default via 172.17.0.1

# what the seed shows inside the container
ip netns exec c1 ifconfig eth0
ip netns exec c1 route -n

# --- probes ---
ip netns exec c1 ip route get 172.17.0.3
ip netns exec c1 ping -c1 -W1 172.17.0.3
ip netns exec c1 traceroute -n -q1 -w1 -m 8 172.17.0.3
ip netns exec c1 ping -c1 -W1 172.17.0.1
ip netns exec c2 ping -c1 -W1 172.17.0.2

# --- state after the probes ---
ip -n c1 neigh
ip -n c2 neigh
ip neigh show dev docker0
bridge fdb show br docker0 | grep -v permanent
