#!/usr/bin/env bash
# hairpin.sh: when a bridge must send a frame back out of the port it came in on.
#
#   namespace sw: bridge br0 (a switch), ports:
#     p-r      -- r      eth0 10.1.1.1/24 and 10.1.2.1/24 (one leg, two subnets; ip_forward=1)
#     p-a      -- a      eth0 10.1.1.2/24, default via 10.1.1.1
#     p-b      -- b      eth0 10.1.2.2/24, default via 10.1.2.1
#     p-host1  -- host1  uplink, carrying two macvlans in VEPA mode:  c1 10.1.1.11, d1 10.1.1.12
#     p-host2  -- host2  uplink, carrying two macvlans in VEPA mode:  c2 10.1.1.21, d2 10.1.1.22
#                (hairpin on for p-host2 only)
#
# A bridge never sends a frame out of the port it arrived on, unless that port has
# `hairpin on`. That matters only when two MAC addresses sit behind ONE port and must talk to
# each other through the bridge. macvlan in VEPA mode is the classic case: it sends everything,
# even traffic between two macvlans of the same uplink, out to the external switch and expects
# the switch to reflect it ("reflective relay" = hairpin).
#
# A router on a stick (r: one leg, routing between 10.1.1.0/24 and 10.1.2.0/24 on the same
# switch) does NOT need hairpin, although its traffic goes "in and out of the same port": a's
# frame enters the bridge on p-a and leaves on p-r; r's routed frame is a new frame that enters
# on p-r and leaves on p-b. No frame goes back out of its ingress port.
# r has send_redirects=0 (the effective value is the OR of conf/all and conf/eth0, so both are
# set): with the default, r answers a packet that it forwards out of the interface it came in
# on with an ICMP redirect ("From 10.1.1.1: icmp_seq=1 Redirect Host(New nexthop: 10.1.2.2)"),
# a accepts it and from then on sends to b directly (ttl=64), and the redirect also resets r's
# ICMP rate-limit state for a, so a traceroute right after it gets no answer at hop 1. All
# timing-dependent, hence switched off here.
#
# What you should see:
#   * a -> b: reply ttl=63; traceroute 10.1.1.1, 10.1.2.2 (router on a stick, no hairpin needed);
#   * c1 -> d1 (p-host1, no hairpin): c1's ARP request leaves through host1's uplink, the bridge
#     floods it to every port except p-host1, so d1 never sees it:
#     "From 10.1.1.11 icmp_seq=1 Destination Host Unreachable" after ~3 s (hence -W4);
#   * c1 -> a: reply ttl=64 (different ports, nothing to reflect);
#   * c2 -> d2 (p-host2, hairpin on): reply ttl=64; the bridge learned both c2's and d2's MACs on
#     p-host2, and sends frames for d2 back out of p-host2;
#   * the FDB: c1's MAC on p-host1 (d1's is missing: d1 never sent anything), c2's and d2's on
#     p-host2.
#
# Run it in the kernel: sudo ./podpath verify samples/hairpin.sh --save-transcript FILE
set -e

# ---------- the switch ----------
ip netns add sw
ip -n sw link add br0 type bridge
ip -n sw link set br0 up

# ---------- router on a stick ----------
ip netns add r
ip -n sw link add p-r type veth peer name eth0 netns r
ip -n sw link set p-r master br0
ip -n sw link set p-r up
ip -n r link set lo up
ip -n r addr add 10.1.1.1/24 dev eth0
ip -n r addr add 10.1.2.1/24 dev eth0
ip -n r link set eth0 up
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip netns exec r sysctl -w net.ipv4.conf.all.send_redirects=0 net.ipv4.conf.eth0.send_redirects=0

ip netns add a
ip -n sw link add p-a type veth peer name eth0 netns a
ip -n sw link set p-a master br0
ip -n sw link set p-a up
ip -n a link set lo up
ip -n a addr add 10.1.1.2/24 dev eth0
ip -n a link set eth0 up
ip -n a route add default via 10.1.1.1

ip netns add b
ip -n sw link add p-b type veth peer name eth0 netns b
ip -n sw link set p-b master br0
ip -n sw link set p-b up
ip -n b link set lo up
ip -n b addr add 10.1.2.2/24 dev eth0
ip -n b link set eth0 up
ip -n b route add default via 10.1.2.1

# ---------- host1: two VEPA macvlans behind p-host1 (no hairpin) ----------
ip netns add host1
ip -n sw link add p-host1 type veth peer name uplink netns host1
ip -n sw link set p-host1 master br0
ip -n sw link set p-host1 up
ip -n host1 link set lo up
ip -n host1 link set uplink up

ip netns add c1
ip -n host1 link add mv-c1 link uplink type macvlan mode vepa
ip -n host1 link set mv-c1 netns c1
ip -n c1 link set lo up
ip -n c1 addr add 10.1.1.11/24 dev mv-c1
ip -n c1 link set mv-c1 up

ip netns add d1
ip -n host1 link add mv-d1 link uplink type macvlan mode vepa
ip -n host1 link set mv-d1 netns d1
ip -n d1 link set lo up
ip -n d1 addr add 10.1.1.12/24 dev mv-d1
ip -n d1 link set mv-d1 up

# ---------- host2: the same, behind p-host2, with hairpin on ----------
ip netns add host2
ip -n sw link add p-host2 type veth peer name uplink netns host2
ip -n sw link set p-host2 master br0
ip -n sw link set p-host2 up
bridge -n sw link set dev p-host2 hairpin on
ip -n host2 link set lo up
ip -n host2 link set uplink up

ip netns add c2
ip -n host2 link add mv-c2 link uplink type macvlan mode vepa
ip -n host2 link set mv-c2 netns c2
ip -n c2 link set lo up
ip -n c2 addr add 10.1.1.21/24 dev mv-c2
ip -n c2 link set mv-c2 up

ip netns add d2
ip -n host2 link add mv-d2 link uplink type macvlan mode vepa
ip -n host2 link set mv-d2 netns d2
ip -n d2 link set lo up
ip -n d2 addr add 10.1.1.22/24 dev mv-d2
ip -n d2 link set mv-d2 up

# Link-state changes (carrier, operstate, bridge port state, the "linkdown" flag on routes) reach
# the kernel's tables asynchronously (its linkwatch work, normally within milliseconds, at most
# about a second later); wait for them to settle before the dumps and probes.
sleep 1
# the ports and their hairpin flag
bridge -n sw link show
bridge -n sw -d link show dev p-host1 | grep -o 'hairpin [a-z]*'
bridge -n sw -d link show dev p-host2 | grep -o 'hairpin [a-z]*'
ip -n c1 -d link show mv-c1 | grep -o 'macvlan mode [a-z]*'

# ---------- probes ----------
ip netns exec a ping -c1 -W1 10.1.2.2
ip netns exec a traceroute -n -q1 -w1 -m 8 10.1.2.2
ip netns exec c1 ping -c1 -W4 10.1.1.12 || true
ip netns exec c1 ping -c1 -W1 10.1.1.2
ip netns exec c2 ping -c1 -W1 10.1.1.22
ip netns exec c2 traceroute -n -q1 -w1 -m 8 10.1.1.22

# ---------- state after the probes ----------
ip -n a neigh
ip -n r neigh
ip -n c1 neigh
ip -n d1 neigh
ip -n c2 neigh
ip -n d2 neigh
bridge -n sw fdb show br br0 | grep -v permanent
