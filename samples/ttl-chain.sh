#!/usr/bin/env bash
# ttl-chain.sh: three routers in a row, and what the TTL does on the way.
#
#   h1 [eth0 10.1.1.2]--[to-h1 10.1.1.1] r1 [to-r2 10.1.2.1]--[to-r1 10.1.2.2] r2 [to-r3 10.1.3.1]
#      --[to-r2 10.1.3.2] r3 [to-h2 10.1.4.1]--[eth0 10.1.4.2] h2            (every link a /24)
#
# h1 and h2 have a default route to their router; every router has static routes to the two
# subnets it is not attached to, in both directions, and ip_forward=1.
#
# Each router takes one off the TTL of every packet it forwards, and a packet that arrives with
# TTL 1 and has to be forwarded is dropped with an ICMP "time exceeded" to its sender. The source
# of that ICMP is the router's address on the way back to the sender (here: the interface
# facing h1), not the address the packet came in on by chance. A packet addressed to the router
# itself is delivered, whatever its TTL.
#
# What you should see:
#   * h1 ping -t 1 10.1.4.2: "From 10.1.1.1 icmp_seq=1 Time to live exceeded" (r1);
#     -t 2: from 10.1.2.2 (r2); -t 3: from 10.1.3.2 (r3); -t 4: a reply from 10.1.4.2, ttl=61;
#   * a plain ping: reply ttl=61. h2's reply left with TTL 64 and crossed three routers (the
#     request likewise arrived at h2 with 64-3 = 61);
#   * h1 ping -t 1 10.1.2.1 (r1's far address) and -t 2 10.1.3.1 (r2's far address): replies,
#     ttl=64 and ttl=63: packets for a router's own address are delivered, not expired;
#   * traceroute h1 -> h2: 10.1.1.1, 10.1.2.2, 10.1.3.2, 10.1.4.2;
#     traceroute h2 -> h1: 10.1.4.1, 10.1.3.1, 10.1.2.1, 10.1.1.2.
# The routers send at most two "time exceeded" to each host here, within the kernel's burst of
# 6 per destination; icmp_ratemask=0 on the routers (as in blackhole.sh) takes rate limiting
# out of the picture anyway, so that running the probes in another order changes nothing.
#
# Run it in the kernel: sudo ./podpath verify samples/ttl-chain.sh --save-transcript FILE
set -e

ip netns add h1
ip netns add r1
ip netns add r2
ip netns add r3
ip netns add h2
ip -n h1 link set lo up
ip -n r1 link set lo up
ip -n r2 link set lo up
ip -n r3 link set lo up
ip -n h2 link set lo up
ip netns exec r1 sysctl -w net.ipv4.ip_forward=1
ip netns exec r2 sysctl -w net.ipv4.ip_forward=1
ip netns exec r3 sysctl -w net.ipv4.ip_forward=1
ip netns exec r1 sysctl -w net.ipv4.icmp_ratemask=0
ip netns exec r2 sysctl -w net.ipv4.icmp_ratemask=0
ip netns exec r3 sysctl -w net.ipv4.icmp_ratemask=0

# h1 <-> r1
ip -n r1 link add to-h1 type veth peer name eth0 netns h1
ip -n r1 addr add 10.1.1.1/24 dev to-h1
ip -n r1 link set to-h1 up
ip -n h1 addr add 10.1.1.2/24 dev eth0
ip -n h1 link set eth0 up

# r1 <-> r2
ip -n r1 link add to-r2 type veth peer name to-r1 netns r2
ip -n r1 addr add 10.1.2.1/24 dev to-r2
ip -n r1 link set to-r2 up
ip -n r2 addr add 10.1.2.2/24 dev to-r1
ip -n r2 link set to-r1 up

# r2 <-> r3
ip -n r2 link add to-r3 type veth peer name to-r2 netns r3
ip -n r2 addr add 10.1.3.1/24 dev to-r3
ip -n r2 link set to-r3 up
ip -n r3 addr add 10.1.3.2/24 dev to-r2
ip -n r3 link set to-r2 up

# r3 <-> h2
ip -n r3 link add to-h2 type veth peer name eth0 netns h2
ip -n r3 addr add 10.1.4.1/24 dev to-h2
ip -n r3 link set to-h2 up
ip -n h2 addr add 10.1.4.2/24 dev eth0
ip -n h2 link set eth0 up

# static routes, both ways
ip -n h1 route add default via 10.1.1.1
ip -n r1 route add 10.1.3.0/24 via 10.1.2.2
ip -n r1 route add 10.1.4.0/24 via 10.1.2.2
ip -n r2 route add 10.1.1.0/24 via 10.1.2.1
ip -n r2 route add 10.1.4.0/24 via 10.1.3.2
ip -n r3 route add 10.1.1.0/24 via 10.1.3.1
ip -n r3 route add 10.1.2.0/24 via 10.1.3.1
ip -n h2 route add default via 10.1.4.1

# Link-state changes (carrier, operstate, bridge port state, the "linkdown" flag on routes) reach
# the kernel's tables asynchronously (its linkwatch work, normally within milliseconds, at most
# about a second later); wait for them to settle before the dumps and probes.
sleep 1
ip -n r2 route

# --- probes ---
ip netns exec h1 ip route get 10.1.4.2
ip -n r1 route get 10.1.4.2 from 10.1.1.2 iif to-h1
ip -n r2 route get 10.1.4.2 from 10.1.1.2 iif to-r1
ip -n r3 route get 10.1.4.2 from 10.1.1.2 iif to-r2
ip -n r3 route get 10.1.1.2 from 10.1.4.2 iif to-h2
ip netns exec h1 ping -c1 -W1 -t 1 10.1.4.2 || true
ip netns exec h1 ping -c1 -W1 -t 2 10.1.4.2 || true
ip netns exec h1 ping -c1 -W1 -t 3 10.1.4.2 || true
ip netns exec h1 ping -c1 -W1 -t 4 10.1.4.2
ip netns exec h1 ping -c1 -W1 10.1.4.2
ip netns exec h1 ping -c1 -W1 -t 1 10.1.2.1
ip netns exec h1 ping -c1 -W1 -t 2 10.1.3.1
ip netns exec h1 traceroute -n -q1 -w1 -m 8 10.1.4.2
ip netns exec h2 traceroute -n -q1 -w1 -m 8 10.1.1.2

# --- state after the probes ---
ip -n h1 neigh
ip -n r1 neigh
ip -n r2 neigh
ip -n r3 neigh
ip -n h2 neigh
