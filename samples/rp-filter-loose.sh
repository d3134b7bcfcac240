#!/usr/bin/env bash
# rp-filter-loose.sh: the asymmetric routing of rp-filter.sh, with LOOSE reverse-path filtering
# (rp_filter=2) on the router; and a source the router has no route back to at all.
#
#   ns1 [v1 10.1.1.2/24]----[v1_r 10.1.1.1/24] router [v2_r 10.1.2.1/24]----[v2 10.1.2.2/24] ns2
#       also 10.77.0.1/32   (ip_forward=1,            [v3_r 10.1.3.1/24]----[v3 10.1.3.2/24] ns2
#   default via 10.1.1.1     rp_filter=2)                                   default via 10.1.3.1
#
# As in rp-filter.sh, ns2 is multi-homed and sends everything that is not on its own links out of
# v3: a request from ns1 to 10.1.2.2 goes in through v2, and the reply, from 10.1.2.2, comes back
# through v3. Loose mode (rp_filter=2, the default of many distributions) only asks "is there ANY
# route back to the source?" -- the router has one (10.1.2.0/24 on v2_r), so the reply passes.
# Strict mode (rp_filter=1) also asks that the route leave through the interface the packet came
# in on, and drops this reply (rp-filter.sh).
# Loose mode still drops a packet whose source the router cannot route at all: ns1 has a second
# address, 10.77.0.1/32, which nobody routes (the router has no default route).
# The effective value is max(conf/all/rp_filter, conf/<interface>/rp_filter): all=2 is enough.
#
# What you should see:
#   * ns1 pings 10.1.2.2: reply with ttl=63 (in via v2, back via v3);
#     traceroute 10.1.1.1, 10.1.2.2;
#   * in the router, `ip route get 10.1.1.2 from 10.1.2.2 iif v3_r` (the reply as the router sees
#     it) answers "dev v1_r"; in rp-filter.sh the same command says "Invalid argument";
#   * ns1 pings 10.1.3.2: reply ttl=63;
#   * ns1 pings 10.1.3.2 from 10.77.0.1 (`ping -I 10.77.0.1`): 100% loss, no error message;
#     the router drops the request on arrival: `ip route get 10.1.3.2 from 10.77.0.1 iif v1_r`
#     fails with "RTNETLINK answers: Invalid argument". traceroute -s 10.77.0.1: only stars.
# The probe to 10.1.2.2 runs first on purpose (the opposite of rp-filter.sh): ns2 must then ARP
# for 10.1.3.1 on v3 with sender address 10.1.2.2, and rp_filter applies to ARP requests too;
# loose mode accepts that sender, so the router answers. The 10.77.0.1 probes run last, when ns1
# already knows the router's MAC: ns1 sends no ARP request (it would carry sender 10.77.0.1 and
# be ignored by the router for the same reason), so what is dropped is the IP packet itself.
#
# Run it in the kernel: sudo ./podpath verify samples/rp-filter-loose.sh --save-transcript FILE
set -e

ip netns add router
ip netns add ns1
ip netns add ns2
ip -n router link set lo up
ip -n ns1 link set lo up
ip -n ns2 link set lo up
ip netns exec router sysctl -w net.ipv4.ip_forward=1
# loose reverse-path filtering on the router
ip netns exec router sysctl -w net.ipv4.conf.all.rp_filter=2
# Two traceroutes from ns1 end at ns2. The probes of one traceroute leave all at once, and each
# probe that reaches ns2 (TTL 2 to 8: seven) makes it send a "port unreachable" to 10.1.1.2.
# That empties ns2's ICMP rate-limit bucket for 10.1.1.2 (a burst of 6, then 1 per second), and
# the second traceroute would get only stars after hop 1. icmp_ratemask=0 exempts the ICMP
# errors from the limit (as blackhole.sh does on its router).
ip netns exec ns2 sysctl -w net.ipv4.icmp_ratemask=0

# router <-> ns1; ns1 also owns 10.77.0.1, a source nobody has a route to
ip -n router link add v1_r type veth peer name v1 netns ns1
ip -n router addr add 10.1.1.1/24 dev v1_r
ip -n router link set v1_r up
ip -n ns1 addr add 10.1.1.2/24 dev v1
ip -n ns1 addr add 10.77.0.1/32 dev v1
ip -n ns1 link set v1 up
ip -n ns1 route add default via 10.1.1.1

# router <-> ns2, twice
ip -n router link add v2_r type veth peer name v2 netns ns2
ip -n router addr add 10.1.2.1/24 dev v2_r
ip -n router link set v2_r up
ip -n ns2 addr add 10.1.2.2/24 dev v2
ip -n ns2 link set v2 up

ip -n router link add v3_r type veth peer name v3 netns ns2
ip -n router addr add 10.1.3.1/24 dev v3_r
ip -n router link set v3_r up
ip -n ns2 addr add 10.1.3.2/24 dev v3
ip -n ns2 link set v3 up

# ns2 sends everything that is not on its own links out of v3
ip -n ns2 route add default via 10.1.3.1

# Link-state changes (carrier, operstate, bridge port state, the "linkdown" flag on routes) reach
# the kernel's tables asynchronously (its linkwatch work, normally within milliseconds, at most
# about a second later); wait for them to settle before the dumps and probes.
sleep 1
ip -n ns2 route
ip -n router route
ip netns exec router sysctl net.ipv4.conf.all.rp_filter net.ipv4.conf.v1_r.rp_filter net.ipv4.conf.v3_r.rp_filter

# --- probes ---
ip netns exec ns2 ip route get 10.1.1.2 from 10.1.2.2
ip -n router route get 10.1.2.2 from 10.1.1.2 iif v1_r
ip -n router route get 10.1.1.2 from 10.1.2.2 iif v3_r
ip -n router route get 10.1.1.2 from 10.1.3.2 iif v3_r
ip -n router route get 10.1.3.2 from 10.77.0.1 iif v1_r || true
ip netns exec ns1 ping -c1 -W1 10.1.2.2
ip netns exec ns1 traceroute -n -q1 -w1 -m 8 10.1.2.2
ip netns exec ns1 ping -c1 -W1 10.1.3.2
ip netns exec ns1 traceroute -n -q1 -w1 -m 8 10.1.3.2
ip netns exec ns1 ip route get 10.1.3.2 from 10.77.0.1
ip netns exec ns1 ping -c1 -W1 -I 10.77.0.1 10.1.3.2 || true
ip netns exec ns1 traceroute -n -q1 -w1 -m 8 -s 10.77.0.1 10.1.3.2 || true

# --- state after the probes ---
ip -n ns1 neigh
ip -n router neigh
ip -n ns2 neigh
