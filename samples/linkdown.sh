#!/usr/bin/env bash
# linkdown.sh: carrier down vs admin down of a router's interface, and what each does to routes.
#
#   h [eth0 10.1.0.1/24]----[eth0 10.1.0.254/24] r [eth1 10.2.0.254/24]----[eth0 10.2.0.1/24] s
#   default via 10.1.0.254     (ip_forward=1)    10.70.0.0/24 via 10.2.0.1     s: 10.70.0.1 on lo,
#                                                                              default via 10.2.0.254
#
# The script runs in four stages, with probes after each:
#   1. everything up: h reaches s (10.2.0.1) and 10.70.0.1 through r.
#   2. carrier down: s sets ITS end of the veth down (`ip -n s link set eth0 down`). r's eth1 is
#      still administratively UP but has no carrier (NO-CARRIER). r keeps every route through
#      eth1, flags them "linkdown", and still selects them (ignore_routes_with_linkdown=0, the
#      default); `ip route get` answers as before. Losing the carrier also empties r's
#      neighbour entries on eth1, so the next packet makes r ARP for 10.2.0.1; nothing answers,
#      and after 3 tries (1 s apart) the packet is dropped with an ICMP "host unreachable".
#   3. admin down: r sets eth1 down itself (`ip -n r link set eth1 down`). Now every route
#      through eth1 is deleted, the static one included: `ip route get 10.70.0.1` says
#      "Network is unreachable", and h gets "Destination Net Unreachable" at once. r's address
#      10.2.0.254 stays local (weak host model): h still gets replies from it.
#   4. both ends up again: only the kernel's connected route 10.2.0.0/24 comes back. The static
#      route 10.70.0.0/24 is gone for good. The same happened on s in stage 2: for s, setting
#      eth0 down WAS an admin down, which deleted s's default route via 10.2.0.254; until it is
#      added again, s cannot answer h. Then h reaches s again, but not 10.70.0.1.
# Carrier changes reach the routing and neighbour tables asynchronously (the kernel's linkwatch
# work, normally within milliseconds, at most about a second later); `sleep 1` after each link
# change makes the dumps that follow show the settled state.
#
# What you should see:
#   1. h -> 10.2.0.1 and h -> 10.70.0.1: replies, ttl=63;
#   2. `ip -n r route`: "10.2.0.0/24 dev eth1 ... linkdown", "10.70.0.0/24 via 10.2.0.1 dev eth1
#      linkdown"; `ip route get 10.70.0.1` in r: "10.70.0.1 via 10.2.0.1 dev eth1 src 10.2.0.254";
#      r's neighbour table has no entry on eth1 any more; s's routes through eth0 are gone
#      (s did an admin down);
#      h -> 10.70.0.1: "From 10.1.0.254 icmp_seq=1 Destination Host Unreachable" after ~3 s;
#      r -> 10.2.0.1: "From 10.2.0.254 icmp_seq=1 Destination Host Unreachable" after ~3 s;
#   3. `ip -n r route`: only 10.1.0.0/24 left; `ip route get 10.70.0.1`: "RTNETLINK answers:
#      Network is unreachable"; h -> 10.70.0.1: "From 10.1.0.254 icmp_seq=1 Destination Net
#      Unreachable" (traceroute "10.1.0.254 !N"); h -> 10.2.0.254: reply, ttl=64;
#   4. `ip -n r route`: 10.1.0.0/24 and 10.2.0.0/24, no 10.70.0.0/24; `ip -n s route`: only
#      10.2.0.0/24; h -> 10.2.0.1: 100% loss, no message (s has no route back to h); after
#      `ip -n s route add default via 10.2.0.254`: reply ttl=63; h -> 10.70.0.1:
#      "From 10.1.0.254 icmp_seq=1 Destination Net Unreachable" again.
# icmp_ratemask=0 in r: r sends h four ICMP errors within a few seconds, and their rate limit is
# not the subject here.
#
# Run it in the kernel: sudo ./podpath verify samples/linkdown.sh --save-transcript FILE
set -e

ip netns add h
ip netns add r
ip netns add s
ip -n h link set lo up
ip -n r link set lo up
ip -n s link set lo up
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip netns exec r sysctl -w net.ipv4.icmp_ratemask=0

ip -n r link add eth0 type veth peer name eth0 netns h
ip -n r addr add 10.1.0.254/24 dev eth0
ip -n r link set eth0 up
ip -n h addr add 10.1.0.1/24 dev eth0
ip -n h link set eth0 up
ip -n h route add default via 10.1.0.254

# s's end comes up first, so that r's eth1 has its carrier from the moment it is up
ip -n r link add eth1 type veth peer name eth0 netns s
ip -n s addr add 10.2.0.1/24 dev eth0
ip -n s addr add 10.70.0.1/32 dev lo
ip -n s link set eth0 up
ip -n r addr add 10.2.0.254/24 dev eth1
ip -n r link set eth1 up
ip -n s route add default via 10.2.0.254

ip -n r route add 10.70.0.0/24 via 10.2.0.1

# Link-state changes (carrier, operstate, bridge port state, the "linkdown" flag on routes) reach
# the kernel's tables asynchronously (its linkwatch work, normally within milliseconds, at most
# about a second later); wait for them to settle before the dumps and probes.
sleep 1
ip -n r route
ip -n s route

# --- stage 1: everything up ---
ip netns exec h ping -c1 -W1 10.2.0.1
ip netns exec h ping -c1 -W1 10.70.0.1
ip -n r neigh

# --- stage 2: carrier down (s sets its end of the veth down) ---
ip -n s link set eth0 down
sleep 1
ip -n r -br link show eth1
ip -n r route
ip -n r neigh
ip -n s route
ip -n r route get 10.70.0.1
ip -n r route get 10.70.0.1 from 10.1.0.1 iif eth0
ip netns exec h ping -c1 -W4 10.70.0.1 || true
ip netns exec r ping -c1 -W4 10.2.0.1 || true
ip -n r neigh

# --- stage 3: admin down of r's eth1 ---
ip -n r link set eth1 down
sleep 1
ip -n r -br link show eth1
ip -n r route
ip -n r route get 10.70.0.1 || true
ip -n r route get 10.70.0.1 from 10.1.0.1 iif eth0 || true
ip -n r route get 10.2.0.254
ip netns exec h ping -c1 -W1 10.70.0.1 || true
ip netns exec h traceroute -n -q1 -w1 -m 8 10.70.0.1 || true
ip netns exec h ping -c1 -W1 10.2.0.254

# --- stage 4: both ends up again ---
ip -n s link set eth0 up
ip -n r link set eth1 up
sleep 1
ip -n r -br link show eth1
ip -n r route
ip -n s route
ip netns exec h ping -c1 -W1 10.2.0.1 || true
# s's default route is gone as well (see above): put it back
ip -n s route add default via 10.2.0.254
ip netns exec h ping -c1 -W1 10.2.0.1
ip netns exec h ping -c1 -W1 10.70.0.1 || true

# --- state after the probes ---
ip -n h neigh
ip -n r neigh
ip -n s neigh
