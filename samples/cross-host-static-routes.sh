#!/usr/bin/env bash
# cross-host-static-routes.sh: containers on two hosts talk through plain static routes
# (seed 004, "container to container across hosts").
#
#        c1 172.17.0.2                                          c2 172.18.0.2
#          | eth0                                                 | eth0
#   docker0 172.17.0.1/16                                  br-net18 172.18.0.1/16
#   host1 ---- eth0 10.211.55.11/24 ==[ br0 in lan ]== eth0 10.211.55.12/24 ---- host2
#
# The two "hosts" are namespaces joined by a bridge in a third namespace, `lan`, which plays
# the switch between the two machines. host1 runs the default docker bridge (docker0,
# 172.17.0.0/16); host2 a user network created with
# `docker network create net_18 --subnet=172.18.0.0/16` (a bridge named br-<id>, here br-net18).
# Each host learns the other's container subnet through one static route:
#   host1: route add -net 172.18.0.0 netmask 255.255.0.0 gateway 10.211.55.12   (as in the seed)
#   host2: ip route add 172.17.0.0/16 via 10.211.55.11                         (same, iproute2)
# No NAT: docker's MASQUERADE rule is left out (iptables is not used in these samples), so c2
# sees c1's own address.
#
# What you should see:
#   * c1 pings 172.18.0.2: reply with ttl=62 (two routers on the way back: host2, host1);
#   * traceroute from c1: 172.17.0.1 (docker0 on host1), 10.211.55.12 (host2), 172.18.0.2;
#   * the lan bridge has learned only the two hosts' eth0 MACs: containers never appear on
#     the wire between the hosts with their own MACs, only their IP addresses do.
#
# Run it in the kernel: sudo ./podpath verify samples/cross-host-static-routes.sh --save-transcript FILE
set -e

# the network between the two hosts: a bridge in its own namespace
ip netns add lan
ip -n lan link add br0 type bridge
ip -n lan link set br0 up

# host1 and host2, plugged into the lan as eth0
ip netns add host1
ip -n lan link add lan-host1 type veth peer name eth0 netns host1
ip -n lan link set lan-host1 master br0
ip -n lan link set lan-host1 up
ip -n host1 link set lo up
ip -n host1 addr add 10.211.55.11/24 dev eth0
ip -n host1 link set eth0 up

ip netns add host2
ip -n lan link add lan-host2 type veth peer name eth0 netns host2
ip -n lan link set lan-host2 master br0
ip -n lan link set lan-host2 up
ip -n host2 link set lo up
ip -n host2 addr add 10.211.55.12/24 dev eth0
ip -n host2 link set eth0 up

# docker turns on forwarding on both hosts
ip netns exec host1 sysctl -w net.ipv4.ip_forward=1
ip netns exec host2 sysctl -w net.ipv4.ip_forward=1

# the container bridges
ip -n host1 link add docker0 type bridge
ip -n host1 addr add 172.17.0.1/16 dev docker0
ip -n host1 link set docker0 up
ip -n host2 link add br-net18 type bridge
ip -n host2 addr add 172.18.0.1/16 dev br-net18
ip -n host2 link set br-net18 up

# container c1 on host1 (docker run --name c1 ...)
ip netns add c1
ip -n host1 link add veth-c1 type veth peer name eth0 netns c1
ip -n host1 link set veth-c1 master docker0
ip -n host1 link set veth-c1 up
ip -n c1 link set lo up
ip -n c1 addr add 172.17.0.2/16 dev eth0
ip -n c1 link set eth0 up
ip -n c1 route add default via 172.17.0.1

# container c2 on host2 (docker run --name c2 --network=net_18 ...)
ip netns add c2
ip -n host2 link add veth-c2 type veth peer name eth0 netns c2
ip -n host2 link set veth-c2 master br-net18
ip -n host2 link set veth-c2 up
ip -n c2 link set lo up
ip -n c2 addr add 172.18.0.2/16 dev eth0
ip -n c2 link set eth0 up
ip -n c2 route add default via 172.18.0.1

# the static routes that make it work: each host is the gateway to its own containers
ip netns exec host1 route add -net 172.18.0.0 netmask 255.255.0.0 gateway 10.211.55.12
ip -n host2 route add 172.17.0.0/16 via 10.211.55.11
ip netns exec host1 route -n
ip -n host2 route

# --- probes ---
ip netns exec c1 ip route get 172.18.0.2
ip -n host1 route get 172.18.0.2 from 172.17.0.2 iif docker0
ip -n host2 route get 172.18.0.2 from 172.17.0.2 iif eth0
ip netns exec c1 ping -c1 -W1 172.18.0.2
ip netns exec c1 traceroute -n -q1 -w1 -m 8 172.18.0.2
ip netns exec c2 ping -c1 -W1 172.17.0.2
ip netns exec c2 traceroute -n -q1 -w1 -m 8 172.17.0.2

# --- state after the probes ---
ip -n c1 neigh
ip -n host1 neigh
ip -n host2 neigh
ip -n c2 neigh
bridge -n lan fdb show br br0 | grep -v permanent
bridge -n host1 fdb show br docker0 | grep -v permanent
bridge -n host2 fdb show br br-net18 | grep -v permanent
