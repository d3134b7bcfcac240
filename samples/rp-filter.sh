#!/usr/bin/env bash
# rp-filter.sh: asymmetric routing meets strict reverse-path filtering (rp_filter=1) on a router.
#
#   ns1 [v1 10.1.1.2/24]----[v1_r 10.1.1.1/24] router [v2_r 10.1.2.1/24]----[v2 10.1.2.2/24] ns2
#   default via 10.1.1.1       (ip_forward=1,         [v3_r 10.1.3.1/24]----[v3 10.1.3.2/24] ns2
#                               rp_filter=1)                                default via 10.1.3.1
#
# ns2 is a multi-homed server: two links to the router, and its default route on the second one
# (v3). A request from ns1 to 10.1.2.2 goes in through v2. ns2's reply, from 10.1.2.2, follows
# ns2's default route out of v3. So the reply enters the router on v3_r with a source address
# (10.1.2.2) that the router itself would reach through v2_r. With strict reverse-path filtering
# (rp_filter=1: "the best route back to the source must leave through the interface the packet
# came in on") the router drops it, silently (counted as TcpExtIPReversePathFilter in nstat).
# The effective value is the maximum of conf/all/rp_filter and conf/<interface>/rp_filter, so
# setting "all" is enough. Many distributions ship rp_filter=2 (loose: any route back to the
# source will do), which would let this reply through.
#
# What you should see:
#   * ns1 pings 10.1.3.2 (ns2's v3 address): reply with ttl=63, both directions use v3;
#   * ns1 pings 10.1.2.2: 100% packet loss, no error message. The request reaches ns2, the reply
#     dies in the router;
#   * traceroute to 10.1.2.2: 10.1.1.1, then stars (ns2's "port unreachable" takes the same
#     asymmetric way back and is dropped the same way);
#   * in the router, `ip route get 10.1.1.2 from 10.1.2.2 iif v3_r` (the reply as the router sees
#     it) fails with "RTNETLINK answers: Invalid argument"; from 10.1.3.2 it is fine.
# The probe to 10.1.3.2 runs first on purpose: the router's ARP request for 10.1.3.2 also teaches
# ns2 the router's MAC on v3. Without it, ns2 would have to ARP for 10.1.3.1 itself, with sender
# address 10.1.2.2 (the source of the reply waiting to go out), and rp_filter applies to ARP
# requests too: the router would ignore the request and the reply would die in ns2 instead.
#
# Run it in the kernel: sudo ./podpath verify samples/rp-filter.sh --save-transcript FILE
set -e

ip netns add router
ip netns add ns1
ip netns add ns2
ip -n router link set lo up
ip -n ns1 link set lo up
ip -n ns2 link set lo up
ip netns exec router sysctl -w net.ipv4.ip_forward=1
# strict reverse-path filtering on the router
ip netns exec router sysctl -w net.ipv4.conf.all.rp_filter=1

# router <-> ns1
ip -n router link add v1_r type veth peer name v1 netns ns1
ip -n router addr add 10.1.1.1/24 dev v1_r
ip -n router link set v1_r up
ip -n ns1 addr add 10.1.1.2/24 dev v1
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
ip -n ns2 route
ip netns exec router sysctl net.ipv4.conf.all.rp_filter net.ipv4.conf.v3_r.rp_filter

# --- probes ---
ip netns exec ns1 ping -c1 -W1 10.1.3.2
ip netns exec ns1 traceroute -n -q1 -w1 -m 8 10.1.3.2
ip netns exec ns2 ip route get 10.1.1.2 from 10.1.2.2
ip -n router route get 10.1.2.2 from 10.1.1.2 iif v1_r
ip -n router route get 10.1.1.2 from 10.1.3.2 iif v3_r
ip -n router route get 10.1.1.2 from 10.1.2.2 iif v3_r || true
ip netns exec ns1 ping -c1 -W1 10.1.2.2 || true
ip netns exec ns1 traceroute -n -q1 -w1 -m 8 10.1.2.2 || true

# --- state after the probes ---
ip -n ns1 neigh
ip -n router neigh
ip -n ns2 neigh
