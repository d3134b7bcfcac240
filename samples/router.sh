#!/usr/bin/env bash
# router.sh: the root namespace as a Linux router between two subnets (seed 004, "Linux Route").
#
#   ns1 [v1 10.1.1.2/24]----[v1_r 10.1.1.1/24]  root  [v2_r 10.1.2.1/24]----[v2 10.1.2.2/24] ns2
#                                       (ip_forward=1)
#
# Written with the legacy net-tools commands the seed uses (`ifconfig v1 up`,
# `route add -net ... netmask ... gw ...`); the iproute2 equivalents are in the comments.
#
# What you should see:
#   * ns1 pings 10.1.2.2: reply with ttl=63 (the reply crossed one router, which took one off);
#   * traceroute from ns1: 10.1.1.1 (the router's address facing ns1), then 10.1.2.2;
#   * ns1 pings 10.1.2.1, the router's address on the OTHER side: reply with ttl=64. It is
#     delivered locally, not forwarded (an address belongs to the whole host, not to one interface).
#
# Run it in the kernel: sudo ./podpath verify samples/router.sh --save-transcript FILE
set -e

# let the root namespace forward packets (same as: echo 1 > /proc/sys/net/ipv4/ip_forward)
sysctl -w net.ipv4.ip_forward=1

ip netns add ns1
ip netns add ns2

# two veth pairs: v1 <-> v1_r and v2 <-> v2_r
ip link add v1 type veth peer name v1_r
ip link add v2 type veth peer name v2_r

# the router's ends stay in the root namespace and get the gateway addresses
ip addr add 10.1.1.1/24 dev v1_r
ip addr add 10.1.2.1/24 dev v2_r
ip link set v1_r up
ip link set v2_r up

# the other ends go into the namespaces
ip link set v1 netns ns1
ip link set v2 netns ns2
ip netns exec ns1 ip addr add 10.1.1.2/24 dev v1
ip netns exec ns2 ip addr add 10.1.2.2/24 dev v2
ip netns exec ns1 ifconfig v1 up            # ip -n ns1 link set v1 up
ip netns exec ns2 ifconfig v2 up            # ip -n ns2 link set v2 up

# each namespace reaches the other subnet through the router
ip netns exec ns1 route add -net 10.1.2.0 netmask 255.255.255.0 gw 10.1.1.1   # ip -n ns1 route add 10.1.2.0/24 via 10.1.1.1
ip netns exec ns2 route add -net 10.1.1.0 netmask 255.255.255.0 gw 10.1.2.1   # ip -n ns2 route add 10.1.1.0/24 via 10.1.2.1
ip netns exec ns1 route -n

# --- probes ---
ip netns exec ns1 ip route get 10.1.2.2
ip route get 10.1.2.2 from 10.1.1.2 iif v1_r
ip netns exec ns1 ping -c1 -W1 10.1.2.2
ip netns exec ns1 traceroute -n -q1 -w1 -m 8 10.1.2.2
ip netns exec ns2 ping -c1 -W1 10.1.1.2
ip netns exec ns1 ping -c1 -W1 10.1.2.1

# --- state after the probes ---
ip -n ns1 neigh
ip -n ns2 neigh
ip neigh show dev v1_r
ip neigh show dev v2_r
