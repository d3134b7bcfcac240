#!/usr/bin/env bash
# missing-route.sh: three ways a missing route shows up (the router of router.sh, in a namespace).
#
#   ns1 [v1 10.1.1.2/24]----[v1_r 10.1.1.1/24] router [v2_r 10.1.2.1/24]----[v2 10.1.2.2/24] ns2
#   default via 10.1.1.1                (ip_forward=1)                       NO route to 10.1.1.0/24
#
# 1. A namespace with no route to the destination at all (ns2 forgot its route to 10.1.1.0/24):
#    the kernel refuses to send. ns2's ping fails at once with "connect: Network is unreachable"
#    and `ip route get` answers "RTNETLINK answers: Network is unreachable"; nothing leaves ns2.
# 2. A router without a route (router knows 10.1.1.0/24 and 10.1.2.0/24, but not 10.1.3.0/24):
#    ns1 sends to its gateway, the router finds no route and answers with ICMP "net unreachable":
#    ping prints "From 10.1.1.1 icmp_seq=1 Destination Net Unreachable", traceroute "10.1.1.1 !N".
# 3. The way back is missing: ns1 pings 10.1.2.2, the request arrives, but ns2 cannot route its
#    reply (case 1 again, inside ns2), so ns1 sees plain silence: 100% packet loss, no error.
#    traceroute shows the router, then only stars.
#
# Run it in the kernel: sudo ./podpath verify samples/missing-route.sh --save-transcript FILE
set -e

ip netns add router
ip netns add ns1
ip netns add ns2
ip -n router link set lo up
ip -n ns1 link set lo up
ip -n ns2 link set lo up
ip netns exec router sysctl -w net.ipv4.ip_forward=1

# router <-> ns1
ip -n router link add v1_r type veth peer name v1 netns ns1
ip -n router addr add 10.1.1.1/24 dev v1_r
ip -n router link set v1_r up
ip -n ns1 addr add 10.1.1.2/24 dev v1
ip -n ns1 link set v1 up

# router <-> ns2
ip -n router link add v2_r type veth peer name v2 netns ns2
ip -n router addr add 10.1.2.1/24 dev v2_r
ip -n router link set v2_r up
ip -n ns2 addr add 10.1.2.2/24 dev v2
ip -n ns2 link set v2 up

# ns1 sends everything to the router; ns2 got no route (the mistake of case 1 and 3)
ip -n ns1 route add default via 10.1.1.1
ip -n ns2 route
ip -n router route

# --- probes ---
# 1. no route in the sender
ip netns exec ns2 ip route get 10.1.1.2 || true
ip netns exec ns2 ping -c1 -W1 10.1.1.2 || true
# 2. no route in the router
ip netns exec ns1 ip route get 10.1.3.5
ip -n router route get 10.1.3.5 from 10.1.1.2 iif v1_r || true
ip netns exec ns1 ping -c1 -W1 10.1.3.5 || true
ip netns exec ns1 traceroute -n -q1 -w1 -m 8 10.1.3.5 || true
# 3. no route back
ip -n router route get 10.1.2.2 from 10.1.1.2 iif v1_r
ip netns exec ns1 ping -c1 -W1 10.1.2.2 || true
ip netns exec ns1 traceroute -n -q1 -w1 -m 8 10.1.2.2 || true

# --- state after the probes ---
ip -n ns1 neigh
ip -n router neigh
ip -n ns2 neigh
