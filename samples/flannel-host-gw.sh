#!/usr/bin/env bash
# flannel-host-gw.sh: the 3-node Kubernetes cluster of seed 001, flannel backend host-gw.
#
#   net-conf.json: { "Network": "10.10.0.0/16", "Backend": { "Type": "host-gw" } }
#
#   node     enp0s5           cni0 (pod subnet)   pods
#   master   192.168.2.17/24  10.10.0.1/24        -
#   worker1  192.168.2.16/24  10.10.1.1/24        busybox-sgf8v 10.10.1.5, busybox-jpnb6 10.10.1.6
#   worker2  192.168.2.15/24  10.10.2.1/24        busybox-zlxmm 10.10.2.3, busybox-pg7ps 10.10.2.4
#
# Nodes and pods are namespaces. The three nodes share one L2 segment, a bridge (br0) in the
# namespace `lan`, which stands for the switch of the real cluster; host-gw needs that: every
# node must reach every other node's address directly, without a router in between.
# Pods are named after the seed's pods (busybox-8647b8666c-jpnb6 -> busybox-jpnb6).
#
# Routes, as in the seed's dumps:
#   pod busybox-jpnb6:  default via 10.10.1.1 dev eth0
#                       10.10.0.0/16 via 10.10.1.1 dev eth0
#                       10.10.1.0/24 dev eth0 scope link src 10.10.1.6   (the kernel's connected route)
#   node worker1:       10.10.0.0/24 via 192.168.2.17 dev enp0s5         (installed by flanneld)
#                       10.10.1.0/24 dev cni0 proto kernel scope link src 10.10.1.1
#                       10.10.2.0/24 via 192.168.2.15 dev enp0s5         (installed by flanneld)
#                       192.168.2.0/24 dev enp0s5 proto kernel scope link src 192.168.2.16
# Left out on purpose: the dhcp default route `default via 192.168.2.1 dev enp0s5` (with its
# `192.168.2.1 dev enp0s5 scope link` host route) and docker0 (172.17.0.0/16, linkdown). The
# router 192.168.2.1 does not exist in this sandbox, and pod-to-pod traffic never uses either.
# ip_forward=1 on every node, as on any Kubernetes node.
#
# What you should see:
#   * busybox-jpnb6 (10.10.1.6, worker1) pings busybox-pg7ps (10.10.2.4, worker2): reply with
#     ttl=62 (worker2 and worker1 each took one off the reply);
#   * traceroute: 10.10.1.1 (cni0 of worker1), 192.168.2.15 (worker2's enp0s5), 10.10.2.4;
#   * the lan bridge learned only the nodes' enp0s5 MACs; each node's ARP table has the other
#     node's address, never a remote pod's address;
#   * busybox-jpnb6 -> busybox-sgf8v (same node): ttl=64, switched by cni0, not routed;
#   * busybox-jpnb6 -> 10.10.0.1 (master's cni0): ttl=63 (the reply crosses one router, worker1;
#     master answers itself). master's cni0 has no ports (no pods); a bridge that never had a port
#     keeps its carrier (state UNKNOWN), so its connected route is not even flagged linkdown.
#
# Run it in the kernel: sudo ./podpath verify samples/flannel-host-gw.sh --save-transcript FILE
set -e

# ---------- the L2 segment the nodes share ----------
ip netns add lan
ip -n lan link add br0 type bridge
ip -n lan link set br0 up

# ---------- the nodes: enp0s5 on the segment, a cni0 bridge, forwarding on ----------
ip netns add master
ip -n lan link add lan-master type veth peer name enp0s5 netns master
ip -n lan link set lan-master master br0
ip -n lan link set lan-master up
ip -n master link set lo up
ip -n master addr add 192.168.2.17/24 dev enp0s5
ip -n master link set enp0s5 up
ip -n master link add cni0 type bridge
ip -n master addr add 10.10.0.1/24 dev cni0
ip -n master link set cni0 up
ip netns exec master sysctl -w net.ipv4.ip_forward=1

ip netns add worker1
ip -n lan link add lan-worker1 type veth peer name enp0s5 netns worker1
ip -n lan link set lan-worker1 master br0
ip -n lan link set lan-worker1 up
ip -n worker1 link set lo up
ip -n worker1 addr add 192.168.2.16/24 dev enp0s5
ip -n worker1 link set enp0s5 up
ip -n worker1 link add cni0 type bridge
ip -n worker1 addr add 10.10.1.1/24 dev cni0
ip -n worker1 link set cni0 up
ip netns exec worker1 sysctl -w net.ipv4.ip_forward=1

ip netns add worker2
ip -n lan link add lan-worker2 type veth peer name enp0s5 netns worker2
ip -n lan link set lan-worker2 master br0
ip -n lan link set lan-worker2 up
ip -n worker2 link set lo up
ip -n worker2 addr add 192.168.2.15/24 dev enp0s5
ip -n worker2 link set enp0s5 up
ip -n worker2 link add cni0 type bridge
ip -n worker2 addr add 10.10.2.1/24 dev cni0
ip -n worker2 link set cni0 up
ip netns exec worker2 sysctl -w net.ipv4.ip_forward=1

# ---------- host-gw: flanneld routes every other node's pod subnet via that node ----------
ip -n master route add 10.10.1.0/24 via 192.168.2.16 dev enp0s5
ip -n master route add 10.10.2.0/24 via 192.168.2.15 dev enp0s5
ip -n worker1 route add 10.10.0.0/24 via 192.168.2.17 dev enp0s5
ip -n worker1 route add 10.10.2.0/24 via 192.168.2.15 dev enp0s5
ip -n worker2 route add 10.10.0.0/24 via 192.168.2.17 dev enp0s5
ip -n worker2 route add 10.10.1.0/24 via 192.168.2.16 dev enp0s5

# ---------- the pods (what the CNI bridge plugin does for each) ----------
ip netns add busybox-sgf8v
ip -n worker1 link add veth-sgf8v type veth peer name eth0 netns busybox-sgf8v
ip -n worker1 link set veth-sgf8v master cni0
ip -n worker1 link set veth-sgf8v up
ip -n busybox-sgf8v link set lo up
ip -n busybox-sgf8v addr add 10.10.1.5/24 dev eth0
ip -n busybox-sgf8v link set eth0 up
ip -n busybox-sgf8v route add 10.10.0.0/16 via 10.10.1.1 dev eth0
ip -n busybox-sgf8v route add default via 10.10.1.1 dev eth0

ip netns add busybox-jpnb6
ip -n worker1 link add veth-jpnb6 type veth peer name eth0 netns busybox-jpnb6
ip -n worker1 link set veth-jpnb6 master cni0
ip -n worker1 link set veth-jpnb6 up
ip -n busybox-jpnb6 link set lo up
ip -n busybox-jpnb6 addr add 10.10.1.6/24 dev eth0
ip -n busybox-jpnb6 link set eth0 up
ip -n busybox-jpnb6 route add 10.10.0.0/16 via 10.10.1.1 dev eth0
ip -n busybox-jpnb6 route add default via 10.10.1.1 dev eth0

ip netns add busybox-zlxmm
ip -n worker2 link add veth-zlxmm type veth peer name eth0 netns busybox-zlxmm
ip -n worker2 link set veth-zlxmm master cni0
ip -n worker2 link set veth-zlxmm up
ip -n busybox-zlxmm link set lo up
ip -n busybox-zlxmm addr add 10.10.2.3/24 dev eth0
ip -n busybox-zlxmm link set eth0 up
ip -n busybox-zlxmm route add 10.10.0.0/16 via 10.10.2.1 dev eth0
ip -n busybox-zlxmm route add default via 10.10.2.1 dev eth0

ip netns add busybox-pg7ps
ip -n worker2 link add veth-pg7ps type veth peer name eth0 netns busybox-pg7ps
ip -n worker2 link set veth-pg7ps master cni0
ip -n worker2 link set veth-pg7ps up
ip -n busybox-pg7ps link set lo up
ip -n busybox-pg7ps addr add 10.10.2.4/24 dev eth0
ip -n busybox-pg7ps link set eth0 up
ip -n busybox-pg7ps route add 10.10.0.0/16 via 10.10.2.1 dev eth0
ip -n busybox-pg7ps route add default via 10.10.2.1 dev eth0

# the tables, to compare with the seed's `ip route` dumps
ip -n busybox-jpnb6 route
ip -n worker1 route
ip -n worker2 route
ip -n master route

# ---------- probes ----------
ip netns exec busybox-jpnb6 ip route get 10.10.2.4
ip -n worker1 route get 10.10.2.4 from 10.10.1.6 iif cni0
ip -n worker2 route get 10.10.2.4 from 10.10.1.6 iif enp0s5
ip netns exec busybox-jpnb6 ping -c1 -W1 10.10.2.4
ip netns exec busybox-jpnb6 traceroute -n -q1 -w1 -m 8 10.10.2.4
ip netns exec busybox-pg7ps ping -c1 -W1 10.10.1.6
ip netns exec busybox-pg7ps traceroute -n -q1 -w1 -m 8 10.10.1.6
ip netns exec busybox-jpnb6 ping -c1 -W1 10.10.1.5
ip netns exec busybox-jpnb6 ping -c1 -W1 10.10.0.1

# ---------- state after the probes ----------
ip -n busybox-jpnb6 neigh
ip -n worker1 neigh
ip -n worker2 neigh
ip -n busybox-pg7ps neigh
ip -n master neigh
bridge -n lan fdb show br br0 | grep -v permanent
bridge -n worker1 fdb show br cni0 | grep -v permanent
bridge -n worker2 fdb show br cni0 | grep -v permanent
