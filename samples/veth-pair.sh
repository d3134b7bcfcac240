#!/usr/bin/env bash
# veth-pair.sh: two network namespaces joined by a veth pair (the "Veth Demo" of seed 004).
#
#   ns1 [veth0 10.1.1.1/24] <====== veth pair ======> [veth1 10.1.1.2/24] ns2
#
# What you should see:
#   * ns1 pings 10.1.1.2: one reply with ttl=64 (nothing routes in between; the peer answers
#     itself), and traceroute shows a single hop, 10.1.1.2;
#   * ns1 pings its OWN address 10.1.1.1: no reply. The seed never brings lo up, and a namespace
#     delivers packets to its own addresses through lo (`ip route get 10.1.1.1` says "dev lo");
#   * ns1 pings 10.1.2.1: "Network is unreachable", there is no route to 10.1.2.0/24.
#
# Run it in the kernel: sudo ./podpath verify samples/veth-pair.sh --save-transcript FILE
set -e

# two namespaces, each holds only a (down) loopback device
ip netns add ns1
ip netns add ns2

# a veth pair: what goes in one end comes out of the other
ip link add veth0 type veth peer name veth1

# one end into each namespace
ip link set veth0 netns ns1
ip link set veth1 netns ns2

# addresses on the same /24, then bring both ends up
ip netns exec ns1 ip addr add 10.1.1.1/24 dev veth0
ip netns exec ns2 ip addr add 10.1.1.2/24 dev veth1
ip netns exec ns1 ip link set veth0 up
ip netns exec ns2 ip link set veth1 up

# --- probes ---
ip netns exec ns1 ip route get 10.1.1.2
ip netns exec ns1 ping -c1 -W1 10.1.1.2
ip netns exec ns1 traceroute -n -q1 -w1 -m 8 10.1.1.2
ip netns exec ns2 ping -c1 -W1 10.1.1.1
# own address while lo is down: no reply
ip netns exec ns1 ip route get 10.1.1.1
ip netns exec ns1 ping -c1 -W1 10.1.1.1 || true
# no route at all
ip netns exec ns1 ip route get 10.1.2.1 || true
ip netns exec ns1 ping -c1 -W1 10.1.2.1 || true

# --- state after the probes ---
ip -n ns1 route
ip -n ns1 neigh
ip -n ns2 neigh
