#!/usr/bin/env bash
# flannel-across-router.sh: two nodes on different subnets, joined only by a router. flannel's
# host-gw backend cannot work there; its vxlan backend can (kernel-semantics.md 11.1, 11.2).
#
#   node     enp0s5           default via     cni0 (pod subnet)   pod
#   worker1  192.168.2.16/24  192.168.2.1     10.10.1.1/24        busybox-jpnb6 10.10.1.6
#   worker2  192.168.3.15/24  192.168.3.1     10.10.2.1/24        busybox-pg7ps 10.10.2.4
#   router   192.168.2.1/24 on its eth2, 192.168.3.1/24 on its eth3; it knows nothing of pods
#
# Each subnet is a bridge (seg2, seg3) in the namespace `lan`, as two switches would be.
#
# What you should see:
#   1. host-gw: `ip route add 10.10.2.0/24 via 192.168.3.15 dev enp0s5` is refused ("Nexthop has
#      invalid gateway": 192.168.3.15 is not on a connected subnet of worker1). Forced with
#      `onlink`, the route is taken, worker1 ARPs for 192.168.3.15 on its own segment, nobody
#      answers, and the pod gets "Destination Host Unreachable" from 10.10.1.1 after three tries.
#   2. vxlan: flannel.1 on both nodes, FDB entries pointing at the other node's address. The
#      outer UDP packet 192.168.2.16 -> 192.168.3.15:8472 is ordinary node traffic, routed by the
#      router; the pods see one hop per node: ttl=62, traceroute 10.10.1.1, 10.10.2.0, 10.10.2.4.
#
# Run it in the kernel: sudo ./podpath verify samples/flannel-across-router.sh --save-transcript FILE
set -e

# ---------- two segments and a router between them ----------
ip netns add lan
ip -n lan link add seg2 type bridge
ip -n lan link set seg2 up
ip -n lan link add seg3 type bridge
ip -n lan link set seg3 up
ip netns add router
ip -n lan link add lan-router2 type veth peer name eth2 netns router
ip -n lan link set lan-router2 master seg2
ip -n lan link set lan-router2 up
ip -n lan link add lan-router3 type veth peer name eth3 netns router
ip -n lan link set lan-router3 master seg3
ip -n lan link set lan-router3 up
ip -n router link set lo up
ip -n router addr add 192.168.2.1/24 dev eth2
ip -n router addr add 192.168.3.1/24 dev eth3
ip -n router link set eth2 up
ip -n router link set eth3 up
ip netns exec router sysctl -w net.ipv4.ip_forward=1

# ---------- the nodes ----------
ip netns add worker1
ip -n lan link add lan-worker1 type veth peer name enp0s5 netns worker1
ip -n lan link set lan-worker1 master seg2
ip -n lan link set lan-worker1 up
ip -n worker1 link set lo up
ip -n worker1 addr add 192.168.2.16/24 dev enp0s5
ip -n worker1 link set enp0s5 up
ip -n worker1 route add default via 192.168.2.1 dev enp0s5
ip -n worker1 link add cni0 mtu 1450 type bridge
ip -n worker1 addr add 10.10.1.1/24 dev cni0
ip -n worker1 link set cni0 up
ip netns exec worker1 sysctl -w net.ipv4.ip_forward=1

ip netns add worker2
ip -n lan link add lan-worker2 type veth peer name enp0s5 netns worker2
ip -n lan link set lan-worker2 master seg3
ip -n lan link set lan-worker2 up
ip -n worker2 link set lo up
ip -n worker2 addr add 192.168.3.15/24 dev enp0s5
ip -n worker2 link set enp0s5 up
ip -n worker2 route add default via 192.168.3.1 dev enp0s5
ip -n worker2 link add cni0 mtu 1450 type bridge
ip -n worker2 addr add 10.10.2.1/24 dev cni0
ip -n worker2 link set cni0 up
ip netns exec worker2 sysctl -w net.ipv4.ip_forward=1

# ---------- the pods ----------
ip netns add busybox-jpnb6
ip -n worker1 link add veth-jpnb6 mtu 1450 type veth peer name eth0 mtu 1450 netns busybox-jpnb6
ip -n worker1 link set veth-jpnb6 master cni0
ip -n worker1 link set veth-jpnb6 up
ip -n busybox-jpnb6 link set lo up
ip -n busybox-jpnb6 addr add 10.10.1.6/24 dev eth0
ip -n busybox-jpnb6 link set eth0 up
ip -n busybox-jpnb6 route add default via 10.10.1.1 dev eth0

ip netns add busybox-pg7ps
ip -n worker2 link add veth-pg7ps mtu 1450 type veth peer name eth0 mtu 1450 netns busybox-pg7ps
ip -n worker2 link set veth-pg7ps master cni0
ip -n worker2 link set veth-pg7ps up
ip -n busybox-pg7ps link set lo up
ip -n busybox-pg7ps addr add 10.10.2.4/24 dev eth0
ip -n busybox-pg7ps link set eth0 up
ip -n busybox-pg7ps route add default via 10.10.2.1 dev eth0

# the nodes reach each other through the router
ip netns exec worker1 ping -c1 -W1 192.168.3.15

# ---------- 1. host-gw: the peer node is not on a connected subnet ----------
ip -n worker1 route add 10.10.2.0/24 via 192.168.3.15 dev enp0s5 || true
ip -n worker1 route add 10.10.2.0/24 via 192.168.3.15 dev enp0s5 onlink
ip -n worker2 route add 10.10.1.0/24 via 192.168.2.16 dev enp0s5 onlink
ip -n worker1 route get 10.10.2.4 from 10.10.1.6 iif cni0
ip netns exec busybox-jpnb6 ping -c1 -W5 10.10.2.4 || true
ip -n worker1 route del 10.10.2.0/24
ip -n worker2 route del 10.10.1.0/24

# ---------- 2. vxlan between the same nodes ----------
ip -n worker1 link add flannel.1 address 0e:f1:00:00:00:16 type vxlan id 1 local 192.168.2.16 dev enp0s5 dstport 8472 nolearning
ip -n worker1 addr add 10.10.1.0/32 dev flannel.1
ip -n worker1 link set flannel.1 up
ip -n worker1 route add 10.10.2.0/24 via 10.10.2.0 dev flannel.1 onlink
ip -n worker1 neigh add 10.10.2.0 lladdr 0e:f1:00:00:00:15 dev flannel.1 nud permanent
bridge -n worker1 fdb append 0e:f1:00:00:00:15 dev flannel.1 dst 192.168.3.15 self permanent

ip -n worker2 link add flannel.1 address 0e:f1:00:00:00:15 type vxlan id 1 local 192.168.3.15 dev enp0s5 dstport 8472 nolearning
ip -n worker2 addr add 10.10.2.0/32 dev flannel.1
ip -n worker2 link set flannel.1 up
ip -n worker2 route add 10.10.1.0/24 via 10.10.1.0 dev flannel.1 onlink
ip -n worker2 neigh add 10.10.1.0 lladdr 0e:f1:00:00:00:16 dev flannel.1 nud permanent
bridge -n worker2 fdb append 0e:f1:00:00:00:16 dev flannel.1 dst 192.168.2.16 self permanent

ip -n worker1 route get 10.10.2.4 from 10.10.1.6 iif cni0
ip -n worker1 route get 192.168.3.15
ip netns exec busybox-jpnb6 ping -c1 -W1 10.10.2.4
ip netns exec busybox-jpnb6 traceroute -n -q1 -w1 -m 8 10.10.2.4
ip netns exec busybox-pg7ps ping -c1 -W1 10.10.1.6

# ---------- state after the probes ----------
ip -n worker1 neigh
ip -n worker2 neigh
ip -n router neigh
bridge -n lan fdb show | grep -v permanent
