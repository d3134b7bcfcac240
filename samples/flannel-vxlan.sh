#!/usr/bin/env bash
# flannel-vxlan.sh: the 3-node Kubernetes cluster of seed 001, flannel backend vxlan.
#
#   net-conf.json: { "Network": "10.10.0.0/16", "Backend": { "Type": "vxlan" } }
#
#   node     enp0s5           cni0 (pod subnet)   flannel.1 (VTEP)                   pods
#   master   192.168.2.17/24  10.10.0.1/24        10.10.0.0/32  0e:f1:00:00:00:17   -
#   worker1  192.168.2.16/24  10.10.1.1/24        10.10.1.0/32  0e:f1:00:00:00:16   busybox-sgf8v 10.10.1.5, busybox-jpnb6 10.10.1.6
#   worker2  192.168.2.15/24  10.10.2.1/24        10.10.2.0/32  0e:f1:00:00:00:15   busybox-zlxmm 10.10.2.3, busybox-pg7ps 10.10.2.4
#
# The same nodes and pods as flannel-host-gw.sh, with what flanneld's vxlan backend installs
# instead of host-gw routes (kernel-semantics.md 11.2):
#   * flannel.1: type vxlan id 1 local <node IP> dev enp0s5 dstport 8472 nolearning; its MTU is
#     enp0s5's minus the 50 bytes VXLAN adds (1450); address <pod subnet>.0/32. flanneld keeps
#     the VTEP MAC stable (it stores it in the node's annotations); here the MACs are fixed to
#     0e:f1:00:00:00:<last byte of the node IP> so that they read easily;
#   * per remote node: route <its pod subnet> via <its .0> dev flannel.1 onlink, a permanent
#     neighbour <its .0> lladdr <its flannel.1 MAC>, and an FDB entry <its flannel.1 MAC> dst <its
#     node IP>;
#   * the CNI bridge plugin gives cni0 and the pods' veths flannel's MTU, 1450.
#
# What you should see:
#   * busybox-jpnb6 (10.10.1.6, worker1) pings busybox-pg7ps (10.10.2.4, worker2): ttl=62; the
#     request leaves worker1 wrapped in UDP 192.168.2.16 -> 192.168.2.15:8472, VNI 1, outer TTL 64,
#     and worker2 unwraps it on flannel.1 (the inner TTL is decremented once per node);
#   * traceroute: 10.10.1.1 (cni0 of worker1), 10.10.2.0 (flannel.1 of worker2), 10.10.2.4;
#   * ping -s 1422 -M do (1450 bytes) passes; -s 1423 fails in the pod itself (mtu 1450);
#   * the lan bridge learns only the nodes' enp0s5 MACs; no node ARPs for a remote pod or for a
#     remote .0 (the neighbour entries are permanent).
#
# Run it in the kernel: sudo ./podpath verify samples/flannel-vxlan.sh --save-transcript FILE
set -e

# ---------- the L2 segment the nodes share ----------
ip netns add lan
ip -n lan link add br0 type bridge
ip -n lan link set br0 up

# ---------- the nodes: enp0s5 on the segment, a cni0 bridge (mtu 1450), forwarding on ----------
ip netns add master
ip -n lan link add lan-master type veth peer name enp0s5 netns master
ip -n lan link set lan-master master br0
ip -n lan link set lan-master up
ip -n master link set lo up
ip -n master addr add 192.168.2.17/24 dev enp0s5
ip -n master link set enp0s5 up
ip -n master link add cni0 mtu 1450 type bridge
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
ip -n worker1 link add cni0 mtu 1450 type bridge
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
ip -n worker2 link add cni0 mtu 1450 type bridge
ip -n worker2 addr add 10.10.2.1/24 dev cni0
ip -n worker2 link set cni0 up
ip netns exec worker2 sysctl -w net.ipv4.ip_forward=1

# ---------- flanneld (backend vxlan): flannel.1, then per remote node a route, a neighbour and an FDB entry ----------
ip -n master link add flannel.1 address 0e:f1:00:00:00:17 type vxlan id 1 local 192.168.2.17 dev enp0s5 dstport 8472 nolearning
ip -n master addr add 10.10.0.0/32 dev flannel.1
ip -n master link set flannel.1 up
ip -n master route add 10.10.1.0/24 via 10.10.1.0 dev flannel.1 onlink
ip -n master neigh add 10.10.1.0 lladdr 0e:f1:00:00:00:16 dev flannel.1 nud permanent
bridge -n master fdb append 0e:f1:00:00:00:16 dev flannel.1 dst 192.168.2.16 self permanent
ip -n master route add 10.10.2.0/24 via 10.10.2.0 dev flannel.1 onlink
ip -n master neigh add 10.10.2.0 lladdr 0e:f1:00:00:00:15 dev flannel.1 nud permanent
bridge -n master fdb append 0e:f1:00:00:00:15 dev flannel.1 dst 192.168.2.15 self permanent

ip -n worker1 link add flannel.1 address 0e:f1:00:00:00:16 type vxlan id 1 local 192.168.2.16 dev enp0s5 dstport 8472 nolearning
ip -n worker1 addr add 10.10.1.0/32 dev flannel.1
ip -n worker1 link set flannel.1 up
ip -n worker1 route add 10.10.0.0/24 via 10.10.0.0 dev flannel.1 onlink
ip -n worker1 neigh add 10.10.0.0 lladdr 0e:f1:00:00:00:17 dev flannel.1 nud permanent
bridge -n worker1 fdb append 0e:f1:00:00:00:17 dev flannel.1 dst 192.168.2.17 self permanent
ip -n worker1 route add 10.10.2.0/24 via 10.10.2.0 dev flannel.1 onlink
ip -n worker1 neigh add 10.10.2.0 lladdr 0e:f1:00:00:00:15 dev flannel.1 nud permanent
bridge -n worker1 fdb append 0e:f1:00:00:00:15 dev flannel.1 dst 192.168.2.15 self permanent

ip -n worker2 link add flannel.1 address 0e:f1:00:00:00:15 type vxlan id 1 local 192.168.2.15 dev enp0s5 dstport 8472 nolearning
ip -n worker2 addr add 10.10.2.0/32 dev flannel.1
ip -n worker2 link set flannel.1 up
ip -n worker2 route add 10.10.0.0/24 via 10.10.0.0 dev flannel.1 onlink
ip -n worker2 neigh add 10.10.0.0 lladdr 0e:f1:00:00:00:17 dev flannel.1 nud permanent
bridge -n worker2 fdb append 0e:f1:00:00:00:17 dev flannel.1 dst 192.168.2.17 self permanent
ip -n worker2 route add 10.10.1.0/24 via 10.10.1.0 dev flannel.1 onlink
ip -n worker2 neigh add 10.10.1.0 lladdr 0e:f1:00:00:00:16 dev flannel.1 nud permanent
bridge -n worker2 fdb append 0e:f1:00:00:00:16 dev flannel.1 dst 192.168.2.16 self permanent


# ---------- the pods (what the CNI bridge plugin does for each; flannel's MTU 1450) ----------
ip netns add busybox-sgf8v
ip -n worker1 link add veth-sgf8v mtu 1450 type veth peer name eth0 mtu 1450 netns busybox-sgf8v
ip -n worker1 link set veth-sgf8v master cni0
ip -n worker1 link set veth-sgf8v up
ip -n busybox-sgf8v link set lo up
ip -n busybox-sgf8v addr add 10.10.1.5/24 dev eth0
ip -n busybox-sgf8v link set eth0 up
ip -n busybox-sgf8v route add 10.10.0.0/16 via 10.10.1.1 dev eth0
ip -n busybox-sgf8v route add default via 10.10.1.1 dev eth0

ip netns add busybox-jpnb6
ip -n worker1 link add veth-jpnb6 mtu 1450 type veth peer name eth0 mtu 1450 netns busybox-jpnb6
ip -n worker1 link set veth-jpnb6 master cni0
ip -n worker1 link set veth-jpnb6 up
ip -n busybox-jpnb6 link set lo up
ip -n busybox-jpnb6 addr add 10.10.1.6/24 dev eth0
ip -n busybox-jpnb6 link set eth0 up
ip -n busybox-jpnb6 route add 10.10.0.0/16 via 10.10.1.1 dev eth0
ip -n busybox-jpnb6 route add default via 10.10.1.1 dev eth0

ip netns add busybox-zlxmm
ip -n worker2 link add veth-zlxmm mtu 1450 type veth peer name eth0 mtu 1450 netns busybox-zlxmm
ip -n worker2 link set veth-zlxmm master cni0
ip -n worker2 link set veth-zlxmm up
ip -n busybox-zlxmm link set lo up
ip -n busybox-zlxmm addr add 10.10.2.3/24 dev eth0
ip -n busybox-zlxmm link set eth0 up
ip -n busybox-zlxmm route add 10.10.0.0/16 via 10.10.2.1 dev eth0
ip -n busybox-zlxmm route add default via 10.10.2.1 dev eth0

ip netns add busybox-pg7ps
ip -n worker2 link add veth-pg7ps mtu 1450 type veth peer name eth0 mtu 1450 netns busybox-pg7ps
ip -n worker2 link set veth-pg7ps master cni0
ip -n worker2 link set veth-pg7ps up
ip -n busybox-pg7ps link set lo up
ip -n busybox-pg7ps addr add 10.10.2.4/24 dev eth0
ip -n busybox-pg7ps link set eth0 up
ip -n busybox-pg7ps route add 10.10.0.0/16 via 10.10.2.1 dev eth0
ip -n busybox-pg7ps route add default via 10.10.2.1 dev eth0

# the tables, to compare with the seed's `ip route` dumps
ip -n worker1 route
ip -n worker1 neigh show dev flannel.1
bridge -n worker1 fdb show dev flannel.1

# ---------- probes ----------
ip -n worker1 route get 10.10.2.4 from 10.10.1.6 iif cni0
ip -n worker2 route get 10.10.2.4 from 10.10.1.6 iif flannel.1
ip netns exec busybox-jpnb6 ping -c1 -W1 10.10.2.4
ip netns exec busybox-jpnb6 traceroute -n -q1 -w1 -m 8 10.10.2.4
ip netns exec busybox-pg7ps ping -c1 -W1 10.10.1.6
ip netns exec busybox-pg7ps traceroute -n -q1 -w1 -m 8 10.10.1.6
ip netns exec busybox-jpnb6 ping -c1 -W1 10.10.1.5
ip netns exec busybox-jpnb6 ping -c1 -W1 10.10.0.1
ip netns exec busybox-jpnb6 ping -c1 -W1 -s 1422 -M do 10.10.2.4
ip netns exec busybox-jpnb6 ping -c1 -W1 -s 1423 -M do 10.10.2.4 || true

# ---------- state after the probes ----------
ip -n busybox-jpnb6 neigh
ip -n worker1 neigh
ip -n worker2 neigh
ip -n master neigh
bridge -n lan fdb show br br0 | grep -v permanent
