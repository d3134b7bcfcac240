#!/usr/bin/env bash
# icmp-error-source.sh: which source address a router puts on the ICMP errors it sends
# ("time exceeded", "net unreachable") -- the address that ping prints after "From".
#
#   h1 10.1.1.2/24, 10.1.5.2/24 --[to-h1 10.1.1.1/24, 10.1.1.100/24, 10.1.5.1/24] r1 [eth0 10.9.0.1/24]--+
#                                                                                                   lan (br0)
#   h2 10.244.0.5/32 --[cali-h2, no address] r2 [eth0 10.9.0.2/24] --------------------------------------+
#   h3 10.244.1.5/32 --[cali-h3, no address] r3 [eth0 10.9.0.3/24, lo 10.255.0.3/32] -------------------+
#
# r1 is a router with several addresses: on to-h1 a primary 10.1.1.1/24, a secondary
# 10.1.1.100/24 (same subnet) and 10.1.5.1/24 (another subnet); 10.9.0.1 on the lan. It routes the
# two pod blocks to the nodes r2 and r3 and has no default route. r2 and r3 are Calico-style nodes
# (see proxy-arp.sh): the pod's interface on the node (cali-*) has no address, proxy ARP answers
# for the pod's gateway 169.254.1.1, default route via r1. r3 also has an address on its lo
# (10.255.0.3/32, a "router ID" or node address as BGP speakers often have). r2 and r3 route each
# other's pod block directly (host-gw style).
#
# The rule: the error is sent like any packet to the original sender, and its source is the
# preferred source ("src") of the route back to the sender -- with an interface that has an
# address, that interface's primary address for the sender's subnet. If the route back leaves
# through an interface with no address (cali-*), the kernel takes an address of another
# interface: one on lo first, else the first interface (in creation order) that has one.
# It is never the secondary address, and not the address the original packet was sent to.
#
# What you should see (the "From" of each ping; traceroute hops are the same addresses):
#   h1 -> 10.99.0.1 (r1 has no route):        From 10.1.1.1 ... Destination Net Unreachable
#   same, ping -I 10.1.5.2:                   From 10.1.5.1 ... Destination Net Unreachable
#   h1 ping -t 1 10.244.1.5:                  From 10.1.1.1 ... Time to live exceeded
#   h1 ping -t 2 10.244.1.5 (expires at r3):  From 10.9.0.3 (r3's route back to h1 leaves
#                                             through eth0: not lo's 10.255.0.3)
#   h1 -> 10.244.1.5: reply ttl=62; traceroute 10.1.1.1, 10.9.0.3, 10.244.1.5;
#                     traceroute -s 10.1.5.2: 10.1.5.1, 10.9.0.3, 10.244.1.5
#   h2 ping -t 1 10.244.1.5 (expires at r2):  From 10.9.0.2 (cali-h2 has no address; r2's only
#                                             other one is eth0's)
#   h2 -> 10.99.0.1 (r2 forwards it to r1):   From 10.9.0.1 ... Destination Net Unreachable
#   h2 traceroute 10.244.1.5: 10.9.0.2, 10.9.0.3, 10.244.1.5
#   h3 ping -t 1 10.244.0.5 (expires at r3):  From 10.255.0.3 (cali-h3 has no address; r3's lo
#                                             address comes first)
#   h3 -> 10.99.0.1:                          From 10.9.0.1 ... Destination Net Unreachable
#   h3 traceroute 10.244.0.5: 10.255.0.3, 10.9.0.2, 10.244.0.5
# `ip route get` of the route back shows the same choice: in r2 `ip route get 10.244.0.5` says
# "src 10.9.0.2", in r3 `ip route get 10.244.1.5` says "src 10.255.0.3".
# icmp_ratemask=0 on the routers: r1 sends h1 several errors within a second, and rate limiting
# is not the subject here.
#
# Run it in the kernel: sudo ./podpath verify samples/icmp-error-source.sh --save-transcript FILE
set -e

# ---------- the lan ----------
ip netns add lan
ip -n lan link add br0 type bridge
ip -n lan link set br0 up

# ---------- r1: a router with several addresses ----------
ip netns add r1
ip -n r1 link set lo up
ip netns exec r1 sysctl -w net.ipv4.ip_forward=1
ip netns exec r1 sysctl -w net.ipv4.icmp_ratemask=0
ip netns add h1
ip -n r1 link add to-h1 type veth peer name eth0 netns h1
ip -n r1 addr add 10.1.1.1/24 dev to-h1
ip -n r1 addr add 10.1.1.100/24 dev to-h1
ip -n r1 addr add 10.1.5.1/24 dev to-h1
ip -n r1 link set to-h1 up
ip -n h1 link set lo up
ip -n h1 addr add 10.1.1.2/24 dev eth0
ip -n h1 addr add 10.1.5.2/24 dev eth0
ip -n h1 link set eth0 up
ip -n h1 route add default via 10.1.1.1
ip -n lan link add lan-r1 type veth peer name eth0 netns r1
ip -n lan link set lan-r1 master br0
ip -n lan link set lan-r1 up
ip -n r1 addr add 10.9.0.1/24 dev eth0
ip -n r1 link set eth0 up
ip -n r1 route add 10.244.0.0/24 via 10.9.0.2
ip -n r1 route add 10.244.1.0/24 via 10.9.0.3

# ---------- r2: Calico-style node, pod h2 ----------
ip netns add r2
ip -n r2 link set lo up
ip netns exec r2 sysctl -w net.ipv4.ip_forward=1
ip netns exec r2 sysctl -w net.ipv4.icmp_ratemask=0
ip -n lan link add lan-r2 type veth peer name eth0 netns r2
ip -n lan link set lan-r2 master br0
ip -n lan link set lan-r2 up
ip -n r2 addr add 10.9.0.2/24 dev eth0
ip -n r2 link set eth0 up
ip -n r2 route add default via 10.9.0.1
ip -n r2 route add 10.244.1.0/24 via 10.9.0.3
ip netns add h2
ip -n r2 link add cali-h2 type veth peer name eth0 netns h2
ip -n r2 link set cali-h2 address ee:ee:ee:ee:ee:ee
ip -n r2 link set cali-h2 up
ip netns exec r2 sysctl -w net.ipv4.conf.cali-h2.proxy_arp=1
ip netns exec r2 sysctl -w net.ipv4.neigh.cali-h2.proxy_delay=0
ip -n r2 route add 10.244.0.5/32 dev cali-h2 scope link
ip -n h2 link set lo up
ip -n h2 addr add 10.244.0.5/32 dev eth0
ip -n h2 link set eth0 up
ip -n h2 route add 169.254.1.1 dev eth0 scope link
ip -n h2 route add default via 169.254.1.1 dev eth0

# ---------- r3: Calico-style node with an address on lo, pod h3 ----------
ip netns add r3
ip -n r3 link set lo up
ip -n r3 addr add 10.255.0.3/32 dev lo
ip netns exec r3 sysctl -w net.ipv4.ip_forward=1
ip netns exec r3 sysctl -w net.ipv4.icmp_ratemask=0
ip -n lan link add lan-r3 type veth peer name eth0 netns r3
ip -n lan link set lan-r3 master br0
ip -n lan link set lan-r3 up
ip -n r3 addr add 10.9.0.3/24 dev eth0
ip -n r3 link set eth0 up
ip -n r3 route add default via 10.9.0.1
ip -n r3 route add 10.244.0.0/24 via 10.9.0.2
ip netns add h3
ip -n r3 link add cali-h3 type veth peer name eth0 netns h3
ip -n r3 link set cali-h3 address ee:ee:ee:ee:ee:ee
ip -n r3 link set cali-h3 up
ip netns exec r3 sysctl -w net.ipv4.conf.cali-h3.proxy_arp=1
ip netns exec r3 sysctl -w net.ipv4.neigh.cali-h3.proxy_delay=0
ip -n r3 route add 10.244.1.5/32 dev cali-h3 scope link
ip -n h3 link set lo up
ip -n h3 addr add 10.244.1.5/32 dev eth0
ip -n h3 link set eth0 up
ip -n h3 route add 169.254.1.1 dev eth0 scope link
ip -n h3 route add default via 169.254.1.1 dev eth0

# Link-state changes (carrier, operstate, bridge port state, the "linkdown" flag on routes) reach
# the kernel's tables asynchronously (its linkwatch work, normally within milliseconds, at most
# about a second later); wait for them to settle before the dumps and probes.
sleep 1
# the addresses and routes of the routers
ip -n r1 -4 addr show | grep inet
ip -n r1 route
ip -n r3 -4 addr show | grep inet
ip -n r3 route

# ---------- probes: the routes back to the senders ----------
ip -n r1 route get 10.1.1.2
ip -n r1 route get 10.1.5.2
ip -n r2 route get 10.244.0.5
ip -n r3 route get 10.244.1.5
ip -n r3 route get 10.1.1.2
ip -n r1 route get 10.99.0.1 from 10.1.1.2 iif to-h1 || true

# ---------- probes: h1, behind r1 ----------
ip netns exec h1 ping -c1 -W1 10.99.0.1 || true
ip netns exec h1 ping -c1 -W1 -I 10.1.5.2 10.99.0.1 || true
ip netns exec h1 ping -c1 -W1 -t 1 10.244.1.5 || true
ip netns exec h1 ping -c1 -W1 -t 2 10.244.1.5 || true
ip netns exec h1 ping -c1 -W1 10.244.1.5
ip netns exec h1 traceroute -n -q1 -w1 -m 8 10.244.1.5
ip netns exec h1 traceroute -n -q1 -w1 -m 8 -s 10.1.5.2 10.244.1.5

# ---------- probes: h2, Calico pod on r2 ----------
ip netns exec h2 ping -c1 -W1 -t 1 10.244.1.5 || true
ip netns exec h2 ping -c1 -W1 10.99.0.1 || true
ip netns exec h2 traceroute -n -q1 -w1 -m 8 10.244.1.5

# ---------- probes: h3, Calico pod on r3 (which has an address on lo) ----------
ip netns exec h3 ping -c1 -W1 -t 1 10.244.0.5 || true
ip netns exec h3 ping -c1 -W1 10.99.0.1 || true
ip netns exec h3 traceroute -n -q1 -w1 -m 8 10.244.0.5

# ---------- state after the probes ----------
ip -n h1 neigh
ip -n r1 neigh
ip -n h2 neigh
ip -n r2 neigh
ip -n h3 neigh
ip -n r3 neigh
bridge -n lan fdb show br br0 | grep -v permanent
