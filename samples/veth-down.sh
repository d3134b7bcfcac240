#!/usr/bin/env bash
# veth-down.sh: a pod whose veth was left down on the host side.
#
#   pod-a [eth0 10.244.0.2/24]--[veth-a UP  ]--+
#                                              cni0 10.244.0.1/24   (namespace "node")
#   pod-b [eth0 10.244.0.3/24]--[veth-b DOWN]--+
#
# Everything is configured as in docker0.sh, except that nobody ran `ip link set veth-b up`.
# A veth end that is down takes the carrier away from its peer: pod-b's eth0 is administratively
# UP but shows NO-CARRIER (state DOWN), its routes are flagged "linkdown" (and still
# used), and the bridge keeps veth-b as a port in state "disabled".
#
# What you should see:
#   * pod-a pings pod-b: the bridge cannot deliver pod-a's ARP request to a disabled port, so
#     pod-a gets no answer; after 3 tries (1 s apart) ping prints
#     "From 10.244.0.2 icmp_seq=1 Destination Host Unreachable" -- from pod-a's OWN address
#     (hence -W4); pod-a's neighbour entry for 10.244.0.3 ends FAILED;
#   * pod-a pings its gateway 10.244.0.1: fine, ttl=64;
#   * pod-b pings its gateway: its eth0 has no carrier, so nothing leaves at all; same
#     "Destination Host Unreachable", this time from 10.244.0.3.
#
# Run it in the kernel: sudo ./podpath verify samples/veth-down.sh --save-transcript FILE
set -e

ip netns add node
ip -n node link set lo up
ip -n node link add cni0 type bridge
ip -n node addr add 10.244.0.1/24 dev cni0
ip -n node link set cni0 up
ip netns exec node sysctl -w net.ipv4.ip_forward=1

# pod-a: wired correctly
ip netns add pod-a
ip -n node link add veth-a type veth peer name eth0 netns pod-a
ip -n node link set veth-a master cni0
ip -n node link set veth-a up
ip -n pod-a link set lo up
ip -n pod-a addr add 10.244.0.2/24 dev eth0
ip -n pod-a link set eth0 up
ip -n pod-a route add default via 10.244.0.1

# pod-b: the host side veth-b is never brought up
ip netns add pod-b
ip -n node link add veth-b type veth peer name eth0 netns pod-b
ip -n node link set veth-b master cni0
ip -n pod-b link set lo up
ip -n pod-b addr add 10.244.0.3/24 dev eth0
ip -n pod-b link set eth0 up
ip -n pod-b route add default via 10.244.0.1

# what the links look like
ip -n node -br link show
bridge -n node link show
ip -n pod-b link show eth0
ip -n pod-b route

# --- probes ---
ip netns exec pod-a ip route get 10.244.0.3
ip netns exec pod-a ping -c1 -W4 10.244.0.3 || true
ip netns exec pod-a traceroute -n -q1 -w1 -m 8 10.244.0.3 || true
ip netns exec pod-a ping -c1 -W1 10.244.0.1
ip netns exec pod-b ip route get 10.244.0.1
ip netns exec pod-b ping -c1 -W4 10.244.0.1 || true

# --- state after the probes ---
ip -n pod-a neigh
ip -n pod-b neigh
ip -n node neigh
bridge -n node fdb show br cni0 | grep -v permanent
