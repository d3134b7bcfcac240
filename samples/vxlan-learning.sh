#!/usr/bin/env bash
# vxlan-learning.sh: a VXLAN device learns where a MAC lives from the frames it unwraps, unless it
# is made with `nolearning` (as flannel does) (kernel-semantics.md 11.2; vxlan.rst).
#
#   h1 eth0 192.168.60.1/24 ---- h2 eth0 192.168.60.2/24     (one veth pair: the underlay)
#   h1 vx0  172.16.0.1/24        h2 vx0  172.16.0.2/24        (VNI 42, UDP 4789)
#   h2 vx1  172.17.0.2/24        h1 vx1  172.17.0.1/24        (VNI 43, UDP 4789, h2's with nolearning)
#
# h1's devices have a default destination (`remote 192.168.60.2`: the all-zero FDB entry); h2's
# have none, so h2 can only answer a MAC it has learned.
#
# What you should see:
#   * h1 pings 172.16.0.2: the ARP request goes to h1's default destination; h2's vx0 unwraps it
#     and learns h1's vx0 MAC behind 192.168.60.1; its ARP reply and the echo reply find that
#     entry: reply ttl=64. The ping from h2 back works the same way;
#   * h1 pings 172.17.0.2 through vx1: h2's vx1 has nolearning: it answers the ARP request but
#     has no FDB entry for h1's MAC, so it drops its own reply; h1 never resolves 172.17.0.2:
#     "Destination Host Unreachable" from itself after three tries;
#   * the same once h2 vx1 has a default destination too (the all-zero entry dst 192.168.60.1): ttl=64.
#
# Run it in the kernel: sudo ./podpath verify samples/vxlan-learning.sh --save-transcript FILE
set -e

ip netns add h1
ip netns add h2
ip -n h1 link add eth0 type veth peer name eth0 netns h2
ip -n h1 addr add 192.168.60.1/24 dev eth0
ip -n h2 addr add 192.168.60.2/24 dev eth0
ip -n h1 link set eth0 up
ip -n h2 link set eth0 up
ip -n h1 link set lo up
ip -n h2 link set lo up

ip -n h1 link add vx0 type vxlan id 42 local 192.168.60.1 remote 192.168.60.2 dev eth0 dstport 4789
ip -n h2 link add vx0 type vxlan id 42 local 192.168.60.2 dev eth0 dstport 4789
ip -n h1 addr add 172.16.0.1/24 dev vx0
ip -n h2 addr add 172.16.0.2/24 dev vx0
ip -n h1 link set vx0 up
ip -n h2 link set vx0 up

ip -n h1 link add vx1 type vxlan id 43 local 192.168.60.1 remote 192.168.60.2 dev eth0 dstport 4789
ip -n h2 link add vx1 type vxlan id 43 local 192.168.60.2 dev eth0 dstport 4789 nolearning
ip -n h1 addr add 172.17.0.1/24 dev vx1
ip -n h2 addr add 172.17.0.2/24 dev vx1
ip -n h1 link set vx1 up
ip -n h2 link set vx1 up

bridge -n h1 fdb show dev vx0
bridge -n h2 fdb show dev vx0

# ---------- probes ----------
ip netns exec h1 ping -c1 -W1 172.16.0.2
ip netns exec h2 ping -c1 -W1 172.16.0.1
ip netns exec h1 ping -c1 -W4 172.17.0.2 || true
bridge -n h2 fdb append 00:00:00:00:00:00 dev vx1 dst 192.168.60.1
ip netns exec h1 ping -c1 -W1 172.17.0.2

# ---------- state after the probes ----------
bridge -n h2 fdb show dev vx0
ip -n h1 neigh
ip -n h2 neigh
