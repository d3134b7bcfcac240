#!/usr/bin/env bash
# ip-forward-off.sh: the router of router.sh with forwarding switched off (net.ipv4.ip_forward=0).
#
#   ns1 [v1 10.1.1.2/24]----[v1_r 10.1.1.1/24] router [v2_r 10.1.2.1/24]----[v2 10.1.2.2/24] ns2
#                                          (ip_forward=0)
#
# Every address and route is right; only the router's forwarding switch is off (the default
# in a fresh namespace on most machines; set here explicitly so it does not depend on the host).
#
# What you should see:
#   * ns1 pings 10.1.2.2: 100% packet loss and NO error message. A router that does not forward
#     drops the packet silently (counted in IpInAddrErrors) and sends no ICMP;
#   * traceroute from ns1: only stars, not even the first hop answers (the TTL is only looked at
#     when a packet is forwarded);
#   * `ip route get 10.1.2.2 from 10.1.1.2 iif v1_r` in the router: "No route to host";
#   * ns1 pings 10.1.2.1, the router's address on the far side: reply (ttl=64). Addresses belong
#     to the whole host, so that one is delivered locally, no forwarding needed.
#
# Run it in the kernel: sudo ./podpath verify samples/ip-forward-off.sh --save-transcript FILE
set -e

ip netns add router
ip netns add ns1
ip netns add ns2
ip -n router link set lo up
ip -n ns1 link set lo up
ip -n ns2 link set lo up

# the mistake: forwarding is off
ip netns exec router sysctl -w net.ipv4.ip_forward=0

# router <-> ns1
ip -n router link add v1_r type veth peer name v1 netns ns1
ip -n router addr add 10.1.1.1/24 dev v1_r
ip -n router link set v1_r up
ip -n ns1 addr add 10.1.1.2/24 dev v1
ip -n ns1 link set v1 up
ip -n ns1 route add 10.1.2.0/24 via 10.1.1.1

# router <-> ns2
ip -n router link add v2_r type veth peer name v2 netns ns2
ip -n router addr add 10.1.2.1/24 dev v2_r
ip -n router link set v2_r up
ip -n ns2 addr add 10.1.2.2/24 dev v2
ip -n ns2 link set v2 up
ip -n ns2 route add 10.1.1.0/24 via 10.1.2.1

# --- probes ---
ip netns exec router sysctl net.ipv4.ip_forward net.ipv4.conf.v1_r.forwarding
ip -n router route get 10.1.2.2 from 10.1.1.2 iif v1_r || true
ip netns exec ns1 ip route get 10.1.2.2
ip netns exec ns1 ping -c1 -W1 10.1.2.2 || true
ip netns exec ns1 traceroute -n -q1 -w1 -m 8 10.1.2.2 || true
ip netns exec ns1 ping -c1 -W1 10.1.2.1

# --- state after the probes ---
ip -n ns1 neigh
ip -n router neigh
ip -n ns2 neigh
