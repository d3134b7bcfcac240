#!/usr/bin/env bash
# proxy-arp.sh: Calico-style pod networking -- no bridge, no gateway address, proxy ARP.
#
#   lan: bridge br0 (a switch) with gw 192.168.50.1, node1 192.168.50.11, node2 192.168.50.12
#
#   node1 (default via 192.168.50.1, ip_forward=1)
#     cali1 --- p1 10.244.0.5/32     cali* : no IP address, MAC ee:ee:ee:ee:ee:ee,
#     cali2 --- p2 10.244.0.6/32             proxy_arp=1, neigh proxy_delay=0,
#     cali3 --- p3 10.244.0.7/32             route "podIP dev caliN scope link"
#               (cali3: proxy_arp left at 0)
#   node2 (ip_forward=1, NO default route)
#     cali4 --- p4 10.244.1.5/32
#
# Every pod has:  169.254.1.1 dev eth0 scope link
#                 default via 169.254.1.1 dev eth0
# Nobody owns 169.254.1.1. The pod ARPs for it, and the node answers with cali's MAC because of
# proxy ARP, which answers a request for address T on interface I only if the node would FORWARD
# a packet for T arriving on I: forwarding on for I, a route to T, and that route leaving through
# another interface than I. On node1 the default route covers 169.254.1.1; node2 has no route
# for it; cali3 has proxy_arp=0. proxy_delay=0 (Calico sets it) makes the answer immediate,
# otherwise it comes after a random delay of up to 0.8 s. gw knows the pod block of node1
# (10.244.0.0/24 via 192.168.50.11), as a BGP-peered top-of-rack router would.
#
# What you should see:
#   * p1 -> p2 (same node): reply ttl=63 -- routed by node1, never bridged;
#     traceroute 192.168.50.11, 10.244.0.6: the first hop is node1's eth0 address, because cali1
#     has no address of its own (an ICMP error takes the source of the route back to the sender,
#     and a route through an interface without address borrows another address of the node);
#   * p1 -> 192.168.50.11 (node1 itself): ttl=64; p1 -> gw 192.168.50.1: ttl=63, traceroute
#     192.168.50.11, 192.168.50.1;
#   * p1's neighbour table: 169.254.1.1 (REACHABLE) and 192.168.50.11 (STALE), both with lladdr
#     ee:ee:ee:ee:ee:ee. When node1 ARPs for a pod on a cali interface, which has no address, the
#     request's sender address is node1's eth0 address, and the pod records it. node1 has an
#     entry per pod (on its caliN), the switch learned only gw's and node1's eth0 MACs;
#   * p3 -> p1 (cali3 has proxy_arp=0): nobody answers p3's ARP for 169.254.1.1;
#     "From 10.244.0.7 icmp_seq=1 Destination Host Unreachable" (p3's own address) after ~3 s;
#   * p1 -> p3: 100% loss, no message. The request gets there (node1 resolves p3 itself), p3's
#     reply does not (same ARP failure in p3);
#   * node2: `ip route get 169.254.1.1 from 10.244.1.5 iif cali4` fails ("Network is
#     unreachable"), so no proxy ARP: p4 -> 192.168.50.12 (its own node!) gives
#     "From 10.244.1.5 icmp_seq=1 Destination Host Unreachable" after ~3 s.
#
# Run it in the kernel: sudo ./podpath verify samples/proxy-arp.sh --save-transcript FILE
set -e

# ---------- the segment: a switch, the gateway, two nodes ----------
ip netns add lan
ip -n lan link add br0 type bridge
ip -n lan link set br0 up

ip netns add gw
ip -n lan link add lan-gw type veth peer name eth0 netns gw
ip -n lan link set lan-gw master br0
ip -n lan link set lan-gw up
ip -n gw link set lo up
ip -n gw addr add 192.168.50.1/24 dev eth0
ip -n gw link set eth0 up
ip netns exec gw sysctl -w net.ipv4.ip_forward=1
ip -n gw route add 10.244.0.0/24 via 192.168.50.11

ip netns add node1
ip -n lan link add lan-node1 type veth peer name eth0 netns node1
ip -n lan link set lan-node1 master br0
ip -n lan link set lan-node1 up
ip -n node1 link set lo up
ip -n node1 addr add 192.168.50.11/24 dev eth0
ip -n node1 link set eth0 up
ip -n node1 route add default via 192.168.50.1
ip netns exec node1 sysctl -w net.ipv4.ip_forward=1

ip netns add node2
ip -n lan link add lan-node2 type veth peer name eth0 netns node2
ip -n lan link set lan-node2 master br0
ip -n lan link set lan-node2 up
ip -n node2 link set lo up
ip -n node2 addr add 192.168.50.12/24 dev eth0
ip -n node2 link set eth0 up
ip netns exec node2 sysctl -w net.ipv4.ip_forward=1

# ---------- pods on node1 (what the Calico CNI plugin does) ----------
ip netns add p1
ip -n node1 link add cali1 type veth peer name eth0 netns p1
ip -n node1 link set cali1 address ee:ee:ee:ee:ee:ee
ip -n node1 link set cali1 up
ip netns exec node1 sysctl -w net.ipv4.conf.cali1.proxy_arp=1
ip netns exec node1 sysctl -w net.ipv4.neigh.cali1.proxy_delay=0
ip -n node1 route add 10.244.0.5/32 dev cali1 scope link
ip -n p1 link set lo up
ip -n p1 addr add 10.244.0.5/32 dev eth0
ip -n p1 link set eth0 up
ip -n p1 route add 169.254.1.1 dev eth0 scope link
ip -n p1 route add default via 169.254.1.1 dev eth0

ip netns add p2
ip -n node1 link add cali2 type veth peer name eth0 netns p2
ip -n node1 link set cali2 address ee:ee:ee:ee:ee:ee
ip -n node1 link set cali2 up
ip netns exec node1 sysctl -w net.ipv4.conf.cali2.proxy_arp=1
ip netns exec node1 sysctl -w net.ipv4.neigh.cali2.proxy_delay=0
ip -n node1 route add 10.244.0.6/32 dev cali2 scope link
ip -n p2 link set lo up
ip -n p2 addr add 10.244.0.6/32 dev eth0
ip -n p2 link set eth0 up
ip -n p2 route add 169.254.1.1 dev eth0 scope link
ip -n p2 route add default via 169.254.1.1 dev eth0

# p3: proxy_arp is not switched on for cali3
ip netns add p3
ip -n node1 link add cali3 type veth peer name eth0 netns p3
ip -n node1 link set cali3 address ee:ee:ee:ee:ee:ee
ip -n node1 link set cali3 up
ip netns exec node1 sysctl -w net.ipv4.neigh.cali3.proxy_delay=0
ip -n node1 route add 10.244.0.7/32 dev cali3 scope link
ip -n p3 link set lo up
ip -n p3 addr add 10.244.0.7/32 dev eth0
ip -n p3 link set eth0 up
ip -n p3 route add 169.254.1.1 dev eth0 scope link
ip -n p3 route add default via 169.254.1.1 dev eth0

# ---------- a pod on node2, which has no default route ----------
ip netns add p4
ip -n node2 link add cali4 type veth peer name eth0 netns p4
ip -n node2 link set cali4 address ee:ee:ee:ee:ee:ee
ip -n node2 link set cali4 up
ip netns exec node2 sysctl -w net.ipv4.conf.cali4.proxy_arp=1
ip netns exec node2 sysctl -w net.ipv4.neigh.cali4.proxy_delay=0
ip -n node2 route add 10.244.1.5/32 dev cali4 scope link
ip -n p4 link set lo up
ip -n p4 addr add 10.244.1.5/32 dev eth0
ip -n p4 link set eth0 up
ip -n p4 route add 169.254.1.1 dev eth0 scope link
ip -n p4 route add default via 169.254.1.1 dev eth0

# Link-state changes (carrier, operstate, bridge port state, the "linkdown" flag on routes) reach
# the kernel's tables asynchronously (its linkwatch work, normally within milliseconds, at most
# about a second later); wait for them to settle before the dumps and probes.
sleep 1
# the tables
ip -n p1 addr show eth0
ip -n p1 route
ip -n node1 -br link show
ip -n node1 route
ip -n node2 route
ip netns exec node1 sysctl net.ipv4.conf.cali1.proxy_arp net.ipv4.conf.cali3.proxy_arp

# ---------- probes ----------
ip netns exec p1 ip route get 10.244.0.6
ip -n node1 route get 169.254.1.1 from 10.244.0.5 iif cali1
ip -n node1 route get 10.244.0.6 from 10.244.0.5 iif cali1
ip -n node2 route get 169.254.1.1 from 10.244.1.5 iif cali4 || true
ip netns exec p1 ping -c1 -W1 10.244.0.6
ip netns exec p1 traceroute -n -q1 -w1 -m 8 10.244.0.6
ip netns exec p1 ping -c1 -W1 192.168.50.11
ip netns exec p1 ping -c1 -W1 192.168.50.1
ip netns exec p1 traceroute -n -q1 -w1 -m 8 192.168.50.1
ip netns exec p3 ping -c1 -W4 10.244.0.5 || true
ip netns exec p1 ping -c1 -W1 10.244.0.7 || true
ip netns exec p4 ping -c1 -W4 192.168.50.12 || true

# ---------- state after the probes ----------
ip -n p1 neigh
ip -n p2 neigh
ip -n p3 neigh
ip -n node1 neigh
ip -n p4 neigh
ip -n node2 neigh
ip -n gw neigh
bridge -n lan fdb show br br0 | grep -v permanent
