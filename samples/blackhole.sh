#!/usr/bin/env bash
# blackhole.sh: blackhole, unreachable and prohibit routes on a router, and how each one fails.
#
#   ns1 [v1 10.1.1.2/24]----[v1_r 10.1.1.1/24] router [v2_r 10.1.2.1/24]----[v2 10.1.2.2/24] ns2
#   default via 10.1.1.1           (ip_forward=1)                     also 10.1.2.3, .4, .5
#
# ns2 owns four addresses. The router reaches all of them through its connected route
# 10.1.2.0/24, but three /32 routes of special types take precedence (longest prefix wins):
#   blackhole   10.1.2.3   -- drop, say nothing
#   unreachable 10.1.2.4   -- drop, answer ICMP "host unreachable"
#   prohibit    10.1.2.5   -- drop, answer ICMP "communication administratively prohibited"
# (Calico, for instance, installs a blackhole route for each node's own pod address block.)
#
# What you should see, from ns1 (the packets are forwarded by the router):
#   10.1.2.2  reply, ttl=63                         traceroute: 10.1.1.1, 10.1.2.2
#   10.1.2.3  100% loss, no message                 traceroute: only stars
#   10.1.2.4  From 10.1.1.1 ... Destination Host Unreachable      traceroute: 10.1.1.1 !H
#   10.1.2.5  From 10.1.1.1 ... Packet filtered                    traceroute: 10.1.1.1 !X
# and from the router itself (locally generated packets, the kernel refuses to send):
#   10.1.2.3  "connect: Invalid argument"      (ip route get: "Invalid argument")
#   10.1.2.4  "connect: No route to host"      (ip route get: "No route to host")
#   10.1.2.5  ping's hint "Do you want to ping broadcast? ..." for EACCES
#                                              (ip route get: "Permission denied")
# The route types act before the TTL check: even the traceroute probe with TTL 1 gets !H / !X,
# not "time exceeded".
#
# Run it in the kernel: sudo ./podpath verify samples/blackhole.sh --save-transcript FILE
set -e

ip netns add router
ip netns add ns1
ip netns add ns2
ip -n router link set lo up
ip -n ns1 link set lo up
ip -n ns2 link set lo up
ip netns exec router sysctl -w net.ipv4.ip_forward=1
# ICMP errors are rate-limited per destination host, and a packet that hits an unreachable or
# prohibit route is charged twice: once by the route code (net.ipv4.route.error_cost/_burst:
# 1 per second, bursts of 5, host-wide, not settable here) and once by icmp_send()
# (net.ipv4.icmp_ratelimit for the types in icmp_ratemask). Clearing icmp_ratemask lifts the
# second charge; the probes below are ordered so that the first one never bites (a traceroute
# to such a route uses up the burst; the silent blackhole probes, 1 s each, refill it).
# (Do not use icmp_ratelimit=0 for this: it empties the bucket the route code draws from.)
ip netns exec router sysctl -w net.ipv4.icmp_ratemask=0

# router <-> ns1
ip -n router link add v1_r type veth peer name v1 netns ns1
ip -n router addr add 10.1.1.1/24 dev v1_r
ip -n router link set v1_r up
ip -n ns1 addr add 10.1.1.2/24 dev v1
ip -n ns1 link set v1 up
ip -n ns1 route add default via 10.1.1.1

# router <-> ns2, and ns2's four addresses
ip -n router link add v2_r type veth peer name v2 netns ns2
ip -n router addr add 10.1.2.1/24 dev v2_r
ip -n router link set v2_r up
ip -n ns2 addr add 10.1.2.2/24 dev v2
ip -n ns2 addr add 10.1.2.3/24 dev v2
ip -n ns2 addr add 10.1.2.4/24 dev v2
ip -n ns2 addr add 10.1.2.5/24 dev v2
ip -n ns2 link set v2 up
ip -n ns2 route add default via 10.1.2.1

# the special routes
ip -n router route add blackhole 10.1.2.3/32
ip -n router route add unreachable 10.1.2.4/32
ip -n router route add prohibit 10.1.2.5/32
ip -n router route

# --- probes: forwarded traffic, from ns1 (in this order, see the rate-limit note above) ---
ip -n router route get 10.1.2.2 from 10.1.1.2 iif v1_r
ip -n router route get 10.1.2.3 from 10.1.1.2 iif v1_r || true
ip -n router route get 10.1.2.4 from 10.1.1.2 iif v1_r || true
ip -n router route get 10.1.2.5 from 10.1.1.2 iif v1_r || true
ip netns exec ns1 ping -c1 -W1 10.1.2.2
ip netns exec ns1 traceroute -n -q1 -w1 -m 8 10.1.2.2
ip netns exec ns1 ping -c1 -W1 10.1.2.4 || true
ip netns exec ns1 ping -c1 -W1 10.1.2.5 || true
ip netns exec ns1 traceroute -n -q1 -w1 -m 8 10.1.2.4 || true
ip netns exec ns1 ping -c1 -W1 10.1.2.3 || true
ip netns exec ns1 traceroute -n -q1 -w1 -m 8 10.1.2.3 || true
ip netns exec ns1 traceroute -n -q1 -w1 -m 8 10.1.2.5 || true

# --- probes: traffic the router itself sends ---
ip netns exec router ip route get 10.1.2.3 || true
ip netns exec router ping -c1 -W1 10.1.2.3 || true
ip netns exec router ip route get 10.1.2.4 || true
ip netns exec router ping -c1 -W1 10.1.2.4 || true
ip netns exec router ip route get 10.1.2.5 || true
ip netns exec router ping -c1 -W1 10.1.2.5 || true

# --- state after the probes ---
ip -n ns1 neigh
ip -n router neigh
ip -n ns2 neigh
