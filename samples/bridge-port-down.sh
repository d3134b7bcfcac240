#!/usr/bin/env bash
# bridge-port-down.sh: a pod's bridge port is set down on the host side after the bridge has
# learned the pod's MAC.
#
#   p1 [eth0 10.244.0.2/24]--[veth-p1]--+
#   p2 [eth0 10.244.0.3/24]--[veth-p2]--+ cni0 10.244.0.1/24   (namespace "node", ip_forward=1)
#   p3 [eth0 10.244.0.4/24]--[veth-p3]--+
#
# First everything works and the bridge learns the MACs of p1, p2 and p3. Then somebody runs
# `ip link set veth-p3 down` on the node. The kernel puts the port in state "disabled" and
# removes the FDB entries it had learned on it at once; p3's eth0 loses its carrier
# (NO-CARRIER), which flags p3's routes "linkdown" and empties p3's neighbour table.
# Unlike veth-down.sh, the port was up before: what the others still remember matters.
# The loss of carrier reaches p3's routes and neighbours asynchronously (the kernel's linkwatch
# work, normally within milliseconds); `sleep 1` makes the dumps after the event show the
# settled state.
#
# What you should see:
#   * before: p1 -> p3 and p2 -> p1 reply with ttl=64; the FDB has p1, p2 and p3 on their ports;
#   * after `ip link set veth-p3 down`: `bridge link` shows veth-p3 "state disabled", the FDB
#     has lost p3's MAC (and only that one), p3's eth0 shows NO-CARRIER;
#   * p1 -> p3: 100% loss and NO error message: p1's ARP entry for p3 is still valid
#     (REACHABLE), so p1 sends the request to p3's MAC; the bridge no longer knows that MAC and
#     floods the frame to its forwarding ports, which does not include veth-p3. Traceroute: stars;
#   * p2 -> p3: p2 never talked to p3, so it has to ARP, gets no answer, and after ~3 s prints
#     "From 10.244.0.3 icmp_seq=1 Destination Host Unreachable" (its own address; hence -W4);
#   * p1 -> p2: still fine, ttl=64; p1 -> the gateway 10.244.0.1: fine;
#   * p3 -> the gateway: its eth0 has no carrier: "From 10.244.0.4 icmp_seq=1 Destination Host
#     Unreachable" after ~3 s;
#   * at the end p1's neighbour entry for p3 is still REACHABLE: nothing has told p1 that p3 is
#     gone. It turns STALE 15-45 s after the last confirmation, and only the unicast probes that
#     follow its next use will fail. p2's entry for p3 is FAILED, p3's for the gateway FAILED;
#     the FDB never learns p3's MAC again.
#
# Run it in the kernel: sudo ./podpath verify samples/bridge-port-down.sh --save-transcript FILE
set -e

ip netns add node
ip -n node link set lo up
ip -n node link add cni0 type bridge
ip -n node addr add 10.244.0.1/24 dev cni0
ip -n node link set cni0 up
ip netns exec node sysctl -w net.ipv4.ip_forward=1

ip netns add p1
ip -n node link add veth-p1 type veth peer name eth0 netns p1
ip -n node link set veth-p1 master cni0
ip -n node link set veth-p1 up
ip -n p1 link set lo up
ip -n p1 addr add 10.244.0.2/24 dev eth0
ip -n p1 link set eth0 up
ip -n p1 route add default via 10.244.0.1

ip netns add p2
ip -n node link add veth-p2 type veth peer name eth0 netns p2
ip -n node link set veth-p2 master cni0
ip -n node link set veth-p2 up
ip -n p2 link set lo up
ip -n p2 addr add 10.244.0.3/24 dev eth0
ip -n p2 link set eth0 up
ip -n p2 route add default via 10.244.0.1

ip netns add p3
ip -n node link add veth-p3 type veth peer name eth0 netns p3
ip -n node link set veth-p3 master cni0
ip -n node link set veth-p3 up
ip -n p3 link set lo up
ip -n p3 addr add 10.244.0.4/24 dev eth0
ip -n p3 link set eth0 up
ip -n p3 route add default via 10.244.0.1

# Link-state changes (carrier, operstate, bridge port state, the "linkdown" flag on routes) reach
# the kernel's tables asynchronously (its linkwatch work, normally within milliseconds, at most
# about a second later); wait for them to settle before the dumps and probes.
sleep 1
# --- probes: before (the bridge learns p1, p2, p3) ---
ip netns exec p1 ping -c1 -W1 10.244.0.4
ip netns exec p2 ping -c1 -W1 10.244.0.2
bridge -n node fdb show br cni0 | grep -v permanent
ip -n p1 neigh
ip -n p3 neigh

# --- the event: the host side of p3's veth goes down ---
ip -n node link set veth-p3 down
sleep 1
bridge -n node link show
bridge -n node fdb show br cni0 | grep -v permanent
ip -n p3 link show eth0
ip -n p3 route
ip -n p3 neigh

# --- probes: after ---
ip netns exec p1 ip route get 10.244.0.4
ip netns exec p1 ping -c1 -W1 10.244.0.4 || true
ip netns exec p1 traceroute -n -q1 -w1 -m 8 10.244.0.4 || true
ip netns exec p2 ping -c1 -W4 10.244.0.4 || true
ip netns exec p1 ping -c1 -W1 10.244.0.3
ip netns exec p1 ping -c1 -W1 10.244.0.1
ip netns exec p3 ping -c1 -W4 10.244.0.1 || true

# --- state after the probes ---
ip -n p1 neigh
ip -n p2 neigh
ip -n p3 neigh
ip -n node neigh
bridge -n node fdb show br cni0 | grep -v permanent
