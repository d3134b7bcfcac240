#!/usr/bin/env bash
# policy-routing.sh: source-based routing with `ip rule` and a second table, on a router with two
# uplinks; throw vs unreachable routes in that table; a subnet forgotten in it.
#
#   h1 10.1.0.2/24 --[to-h1 10.1.0.1]                [to-up1 10.9.1.1]-- up1 10.9.1.2 --+
#   h2 10.1.1.2/24 --[to-h2 10.1.1.1]   router r                                       inet 10.100.0.1
#   h3 10.1.2.2/24 --[to-h3 10.1.2.1]                [to-up2 10.9.2.1]-- up2 10.9.2.2 --+
#
# up1 and up2 are two providers; inet (10.100.0.1 on its lo) is "the internet" behind both,
# reached over 10.8.1.0/24 (up1) and 10.8.2.0/24 (up2). Each provider routes 10.1.0.0/16 back to
# r; inet sends replies for 10.1.0.0/24 through up2 and everything else of 10.1.0.0/16 through up1.
#
# Router r:
#   main table:  default via 10.9.1.2 (up1), plus its connected routes
#   table 100:   default via 10.9.2.2 (up2)
#                throw 10.1.1.0/24          -- "not here": go on with the next rule (main)
#                unreachable 10.9.1.0/24    -- "stop": no route to host, ICMP host unreachable
#   rules:       0 local, 100 from 10.1.0.0/24 lookup 100, 32766 main, 32767 default
#
# The rule matches on the SOURCE address: everything h1 (10.1.0.0/24) sends, and everything
# sent in reply to h1, is routed by table 100; what anybody else sends is routed by main.
# The local table (pref 0) comes before rule 100, so packets TO r's own addresses always reach r
# (r's answers are another matter, see h1 -> 10.1.0.1 below).
#
# What you should see:
#   * ip route get: h1's packet to 10.100.0.1 goes via 10.9.2.2 (table 100), h2's and r's own via
#     10.9.1.2 (main); h1 -> h2 (10.1.1.2) hits the throw route and continues in main: dev to-h2;
#     h1 -> 10.9.1.2: "RTNETLINK answers: No route to host"; h1 -> 10.9.1.1: local (table local);
#     h1 -> h3 (10.1.2.2): via 10.9.2.2 table 100 -- table 100 has no route for h3's subnet,
#     its default route catches it even though h3 is directly connected to r;
#   * h1 -> 10.100.0.1: reply ttl=62, traceroute 10.1.0.1, 10.9.2.2, 10.100.0.1 (through up2);
#     h2 -> 10.100.0.1: reply ttl=62, traceroute 10.1.1.1, 10.9.1.2, 10.100.0.1 (through up1);
#   * h1 -> h2: reply ttl=63, traceroute 10.1.0.1, 10.1.1.2 (throw: main's connected route);
#   * h1 -> 10.1.0.1, its own gateway: 100% loss, no message, traceroute only stars! r answers
#     from 10.1.0.1, and that source address is in 10.1.0.0/24: rule 100 sends the echo reply to
#     table 100, out to up2, which routes it back to r, which drops it (a packet from outside
#     with one of r's own addresses as its source is a martian). `ip route get 10.1.0.2 from
#     10.1.0.1` in r shows "via 10.9.2.2 dev to-up2 table 100"; without `from`: dev to-h1.
#     h2 -> 10.1.0.1 works (ttl=64): the reply to h2 also has source 10.1.0.1 and matches rule
#     100, but table 100's throw route for 10.1.1.0/24 sends the lookup on to main.
#     r's ICMP errors to h1 (time exceeded, host unreachable) do get through: for an error the
#     kernel looks up the route back with no source address (rule 100 does not match), then
#     takes the route's preferred source 10.1.0.1;
#   * h1 -> 10.9.1.1 (r's own address on another link): reply ttl=64 (source 10.9.1.1, main);
#     h1 -> 10.9.1.2 (up1):
#     "From 10.1.0.1 icmp_seq=1 Destination Host Unreachable", traceroute "10.1.0.1 !H";
#   * up1 -> h1: 100% loss, no message: the request reaches h1 (main), but h1's reply has source
#     10.1.0.2, so r routes it with table 100 and its unreachable route drops it (r's ICMP error
#     goes to h1, not to up1). up1 -> h2 works (ttl=63); inet -> h1 works through up2 (ttl=62);
#   * h1 -> h3: a routing loop. r sends the request to up2, up2 sends it back to r (10.1.0.0/16
#     via r), and r, seeing source 10.1.0.2 again, sends it to up2 again, until the TTL runs out
#     at up2: "From 10.9.2.2 icmp_seq=1 Time to live exceeded"; traceroute alternates
#     10.1.0.1, 10.9.2.2, 10.1.0.1, 10.9.2.2, ... (r's "time exceeded" gets back to h1, as its
#     other ICMP errors do, see above);
#   * h3 -> h1: 100% loss, no message. The request goes through main and reaches h1, but the
#     reply has source 10.1.0.2 and loops the same way; its "time exceeded" goes to h1, not h3.
# icmp_ratemask=0 on r and the providers: the looping traceroute alone makes each of them send 4
# "time exceeded" to h1 within a second, and rate limiting is not what this sample is about.
#
# Run it in the kernel: sudo ./podpath verify samples/policy-routing.sh --save-transcript FILE
set -e

ip netns add r
ip netns add h1
ip netns add h2
ip netns add h3
ip netns add up1
ip netns add up2
ip netns add inet
ip -n r link set lo up
ip -n h1 link set lo up
ip -n h2 link set lo up
ip -n h3 link set lo up
ip -n up1 link set lo up
ip -n up2 link set lo up
ip -n inet link set lo up
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip netns exec up1 sysctl -w net.ipv4.ip_forward=1
ip netns exec up2 sysctl -w net.ipv4.ip_forward=1
ip netns exec r sysctl -w net.ipv4.icmp_ratemask=0
ip netns exec up1 sysctl -w net.ipv4.icmp_ratemask=0
ip netns exec up2 sysctl -w net.ipv4.icmp_ratemask=0

# the three LANs behind r
ip -n r link add to-h1 type veth peer name eth0 netns h1
ip -n r addr add 10.1.0.1/24 dev to-h1
ip -n r link set to-h1 up
ip -n h1 addr add 10.1.0.2/24 dev eth0
ip -n h1 link set eth0 up
ip -n h1 route add default via 10.1.0.1

ip -n r link add to-h2 type veth peer name eth0 netns h2
ip -n r addr add 10.1.1.1/24 dev to-h2
ip -n r link set to-h2 up
ip -n h2 addr add 10.1.1.2/24 dev eth0
ip -n h2 link set eth0 up
ip -n h2 route add default via 10.1.1.1

ip -n r link add to-h3 type veth peer name eth0 netns h3
ip -n r addr add 10.1.2.1/24 dev to-h3
ip -n r link set to-h3 up
ip -n h3 addr add 10.1.2.2/24 dev eth0
ip -n h3 link set eth0 up
ip -n h3 route add default via 10.1.2.1

# the two uplinks
ip -n r link add to-up1 type veth peer name to-r netns up1
ip -n r addr add 10.9.1.1/24 dev to-up1
ip -n r link set to-up1 up
ip -n up1 addr add 10.9.1.2/24 dev to-r
ip -n up1 link set to-r up
ip -n up1 route add 10.1.0.0/16 via 10.9.1.1

ip -n r link add to-up2 type veth peer name to-r netns up2
ip -n r addr add 10.9.2.1/24 dev to-up2
ip -n r link set to-up2 up
ip -n up2 addr add 10.9.2.2/24 dev to-r
ip -n up2 link set to-r up
ip -n up2 route add 10.1.0.0/16 via 10.9.2.1

# "the internet" behind both providers
ip -n inet addr add 10.100.0.1/32 dev lo
ip -n up1 link add to-inet type veth peer name to-up1 netns inet
ip -n up1 addr add 10.8.1.1/24 dev to-inet
ip -n up1 link set to-inet up
ip -n inet addr add 10.8.1.2/24 dev to-up1
ip -n inet link set to-up1 up
ip -n up1 route add 10.100.0.1/32 via 10.8.1.2

ip -n up2 link add to-inet type veth peer name to-up2 netns inet
ip -n up2 addr add 10.8.2.1/24 dev to-inet
ip -n up2 link set to-inet up
ip -n inet addr add 10.8.2.2/24 dev to-up2
ip -n inet link set to-up2 up
ip -n up2 route add 10.100.0.1/32 via 10.8.2.2

ip -n inet route add 10.1.0.0/24 via 10.8.2.1
ip -n inet route add 10.1.0.0/16 via 10.8.1.1

# the router's tables and rules
ip -n r route add default via 10.9.1.2
ip -n r route add default via 10.9.2.2 table 100
ip -n r route add throw 10.1.1.0/24 table 100
ip -n r route add unreachable 10.9.1.0/24 table 100
ip -n r rule add from 10.1.0.0/24 lookup 100 pref 100

# Link-state changes (carrier, operstate, bridge port state, the "linkdown" flag on routes) reach
# the kernel's tables asynchronously (its linkwatch work, normally within milliseconds, at most
# about a second later); wait for them to settle before the dumps and probes.
sleep 1
ip -n r rule show
ip -n r route show table main
ip -n r route show table 100

# --- probes: the router's decisions ---
ip -n r route get 10.100.0.1 from 10.1.0.2 iif to-h1
ip -n r route get 10.100.0.1 from 10.1.1.2 iif to-h2
ip -n r route get 10.100.0.1
ip -n r route get 10.1.1.2 from 10.1.0.2 iif to-h1
ip -n r route get 10.9.1.2 from 10.1.0.2 iif to-h1 || true
ip -n r route get 10.9.1.1 from 10.1.0.2 iif to-h1
ip -n r route get 10.1.2.2 from 10.1.0.2 iif to-h1
ip -n r route get 10.1.0.2 from 10.9.1.2 iif to-up1
ip -n r route get 10.9.1.2 from 10.1.0.2 iif to-up1 || true
ip -n r route get 10.1.0.2 from 10.1.2.2 iif to-h3
ip -n r route get 10.1.2.2 from 10.1.0.2 iif to-up2
ip -n r route get 10.1.0.2
ip -n r route get 10.1.0.2 from 10.1.0.1
ip -n r route get 10.1.0.2 from 10.1.0.1 iif to-up2 || true

# --- probes: traffic ---
ip netns exec h1 ping -c1 -W1 10.100.0.1
ip netns exec h1 traceroute -n -q1 -w1 -m 8 10.100.0.1
ip netns exec h2 ping -c1 -W1 10.100.0.1
ip netns exec h2 traceroute -n -q1 -w1 -m 8 10.100.0.1
ip netns exec h1 ping -c1 -W1 10.1.1.2
ip netns exec h1 traceroute -n -q1 -w1 -m 8 10.1.1.2
ip netns exec h1 ping -c1 -W1 10.1.0.1 || true
ip netns exec h1 traceroute -n -q1 -w1 -m 8 10.1.0.1 || true
ip netns exec h2 ping -c1 -W1 10.1.0.1
ip netns exec h1 ping -c1 -W1 10.9.1.1
ip netns exec h1 ping -c1 -W1 10.9.1.2 || true
ip netns exec h1 traceroute -n -q1 -w1 -m 8 10.9.1.2 || true
ip netns exec up1 ping -c1 -W1 10.1.0.2 || true
ip netns exec up1 ping -c1 -W1 10.1.1.2
ip netns exec inet ping -c1 -W1 10.1.0.2
ip netns exec h1 ping -c1 -W1 10.1.2.2 || true
ip netns exec h1 traceroute -n -q1 -w1 -m 8 10.1.2.2 || true
ip netns exec h3 ping -c1 -W1 10.1.0.2 || true

# --- state after the probes ---
ip -n h1 neigh
ip -n r neigh
ip -n up1 neigh
ip -n up2 neigh
