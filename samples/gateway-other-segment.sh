#!/usr/bin/env bash
# gateway-other-segment.sh: flannel host-gw with a node on ANOTHER subnet (behind a router).
#
#   busybox-jpnb6 10.10.1.6                              busybox-k7q2d 10.10.3.2
#        | cni0 10.10.1.1/24                                  | cni0 10.10.3.1/24
#   worker1  enp0s5 192.168.2.16/24                      worker3  enp0s5 192.168.3.14/24
#        |                                                    |
#   [ seg2 192.168.2.0/24 ]--eth0 192.168.2.1  gw  192.168.3.1 eth1--[ seg3 192.168.3.0/24 ]
#
# host-gw routes a node's pod subnet "via" that node's address, which only works when the node is
# on the same L2 segment. Here worker3 is on 192.168.3.0/24, one router (gw) away, so:
#   * `ip route add 10.10.3.0/24 via 192.168.3.14 dev enp0s5` is refused by the kernel with
#     "Error: Nexthop has invalid gateway." (192.168.3.14 is not on any connected subnet of
#     worker1). The script runs it to show the error and goes on (`|| true`);
#   * a user then forces the route with `onlink` ("the gateway is on this link, trust me"),
#     and the kernel accepts it;
#   * now worker1 ARPs on seg2 for 192.168.3.14, which is not there. Nobody answers; after
#     3 requests 1 s apart worker1 gives up and tells the pod: ping prints
#     "From 10.10.1.1 icmp_seq=1 Destination Host Unreachable" after about 3 s (hence -W4), and
#     worker1's neighbour entry for 192.168.3.14 stays INCOMPLETE/FAILED.
#   * traceroute shows 10.10.1.1 and then only stars.
# The nodes reach each other fine through gw (default routes); only the pod routes are broken.
#
# Run it in the kernel: sudo ./podpath verify samples/gateway-other-segment.sh --save-transcript FILE
set -e

# ---------- two L2 segments and the router between them ----------
ip netns add lan
ip -n lan link add seg2 type bridge
ip -n lan link set seg2 up
ip -n lan link add seg3 type bridge
ip -n lan link set seg3 up

ip netns add gw
ip -n lan link add seg2-gw type veth peer name eth0 netns gw
ip -n lan link set seg2-gw master seg2
ip -n lan link set seg2-gw up
ip -n lan link add seg3-gw type veth peer name eth1 netns gw
ip -n lan link set seg3-gw master seg3
ip -n lan link set seg3-gw up
ip -n gw link set lo up
ip -n gw addr add 192.168.2.1/24 dev eth0
ip -n gw addr add 192.168.3.1/24 dev eth1
ip -n gw link set eth0 up
ip -n gw link set eth1 up
ip netns exec gw sysctl -w net.ipv4.ip_forward=1

# ---------- worker1 on seg2, worker3 on seg3 ----------
ip netns add worker1
ip -n lan link add seg2-worker1 type veth peer name enp0s5 netns worker1
ip -n lan link set seg2-worker1 master seg2
ip -n lan link set seg2-worker1 up
ip -n worker1 link set lo up
ip -n worker1 addr add 192.168.2.16/24 dev enp0s5
ip -n worker1 link set enp0s5 up
ip -n worker1 route add default via 192.168.2.1
ip -n worker1 link add cni0 type bridge
ip -n worker1 addr add 10.10.1.1/24 dev cni0
ip -n worker1 link set cni0 up
ip netns exec worker1 sysctl -w net.ipv4.ip_forward=1

ip netns add worker3
ip -n lan link add seg3-worker3 type veth peer name enp0s5 netns worker3
ip -n lan link set seg3-worker3 master seg3
ip -n lan link set seg3-worker3 up
ip -n worker3 link set lo up
ip -n worker3 addr add 192.168.3.14/24 dev enp0s5
ip -n worker3 link set enp0s5 up
ip -n worker3 route add default via 192.168.3.1
ip -n worker3 link add cni0 type bridge
ip -n worker3 addr add 10.10.3.1/24 dev cni0
ip -n worker3 link set cni0 up
ip netns exec worker3 sysctl -w net.ipv4.ip_forward=1

# ---------- one pod on each ----------
ip netns add busybox-jpnb6
ip -n worker1 link add veth-jpnb6 type veth peer name eth0 netns busybox-jpnb6
ip -n worker1 link set veth-jpnb6 master cni0
ip -n worker1 link set veth-jpnb6 up
ip -n busybox-jpnb6 link set lo up
ip -n busybox-jpnb6 addr add 10.10.1.6/24 dev eth0
ip -n busybox-jpnb6 link set eth0 up
ip -n busybox-jpnb6 route add 10.10.0.0/16 via 10.10.1.1 dev eth0
ip -n busybox-jpnb6 route add default via 10.10.1.1 dev eth0

ip netns add busybox-k7q2d
ip -n worker3 link add veth-k7q2d type veth peer name eth0 netns busybox-k7q2d
ip -n worker3 link set veth-k7q2d master cni0
ip -n worker3 link set veth-k7q2d up
ip -n busybox-k7q2d link set lo up
ip -n busybox-k7q2d addr add 10.10.3.2/24 dev eth0
ip -n busybox-k7q2d link set eth0 up
ip -n busybox-k7q2d route add 10.10.0.0/16 via 10.10.3.1 dev eth0
ip -n busybox-k7q2d route add default via 10.10.3.1 dev eth0

# ---------- the host-gw routes ----------
# what flanneld would add; the kernel refuses it ("Error: Nexthop has invalid gateway.")
ip -n worker1 route add 10.10.3.0/24 via 192.168.3.14 dev enp0s5 || true
# forced with onlink, in both directions
ip -n worker1 route add 10.10.3.0/24 via 192.168.3.14 dev enp0s5 onlink
ip -n worker3 route add 10.10.1.0/24 via 192.168.2.16 dev enp0s5 onlink
ip -n worker1 route

# ---------- probes ----------
ip netns exec worker1 ping -c1 -W1 192.168.3.14
ip -n worker1 route get 10.10.3.2 from 10.10.1.6 iif cni0
ip netns exec busybox-jpnb6 ping -c1 -W4 10.10.3.2 || true
ip netns exec busybox-jpnb6 traceroute -n -q1 -w1 -m 8 10.10.3.2 || true

# ---------- state after the probes ----------
ip -n busybox-jpnb6 neigh
ip -n worker1 neigh
ip -n gw neigh
bridge -n lan fdb show br seg2 | grep -v permanent
