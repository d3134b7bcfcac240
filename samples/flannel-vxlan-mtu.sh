#!/usr/bin/env bash
# flannel-vxlan-mtu.sh: a pod whose MTU is 1500 on a flannel VXLAN path of 1450 (kernel-semantics.md 8, 11.2).
#
# worker1 and worker2 of flannel-vxlan.sh (seed 001's addresses, flannel backend vxlan), with one
# mistake: busybox-jpnb6's veth pair was left at MTU 1500 while flannel.1 (enp0s5 - 50) is 1450.
# busybox-pg7ps on worker2 has flannel's 1450, as the CNI bridge plugin would give it.
#
# What you should see:
#   * a 1500-byte ping with DF (ping -s 1472 -M do) reaches worker1, which cannot put it into
#     flannel.1: it answers "fragmentation needed, next-hop MTU 1450" from its cni0 address
#     10.10.1.1 (the preferred source of its route back to the pod);
#   * the pod's kernel caches the path MTU 1450 for 10.10.2.4 (ip route get shows
#     "cache expires 5xxsec mtu 1450"); the next DF send of that size fails in the pod itself:
#     "ping: local error: message too long, mtu=1450", and no packet leaves;
#   * a 1450-byte ping (-s 1422) passes; the cache only concerns 10.10.2.4, so a 1500-byte ping to
#     worker2's cni0 address 10.10.2.1 gets its own "fragmentation needed" first.
#   * without DF (-M dont) the node fragments the inner packet, then wraps each fragment: the
#     kernel answers "1480 bytes from 10.10.2.0" (worker2's flannel.1 address); podpath does not
#     model fragmentation and says "not modelled" at that point instead of guessing.
#
# Run it in the kernel: sudo ./podpath verify samples/flannel-vxlan-mtu.sh --save-transcript FILE
set -e

# ---------- the L2 segment the nodes share ----------
ip netns add lan
ip -n lan link add br0 type bridge
ip -n lan link set br0 up

# ---------- the nodes: enp0s5 on the segment, a cni0 bridge (mtu 1450), forwarding on ----------

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

ip -n worker1 link add flannel.1 address 0e:f1:00:00:00:16 type vxlan id 1 local 192.168.2.16 dev enp0s5 dstport 8472 nolearning
ip -n worker1 addr add 10.10.1.0/32 dev flannel.1
ip -n worker1 link set flannel.1 up
ip -n worker1 route add 10.10.2.0/24 via 10.10.2.0 dev flannel.1 onlink
ip -n worker1 neigh add 10.10.2.0 lladdr 0e:f1:00:00:00:15 dev flannel.1 nud permanent
bridge -n worker1 fdb append 0e:f1:00:00:00:15 dev flannel.1 dst 192.168.2.15 self permanent

ip -n worker2 link add flannel.1 address 0e:f1:00:00:00:15 type vxlan id 1 local 192.168.2.15 dev enp0s5 dstport 8472 nolearning
ip -n worker2 addr add 10.10.2.0/32 dev flannel.1
ip -n worker2 link set flannel.1 up
ip -n worker2 route add 10.10.1.0/24 via 10.10.1.0 dev flannel.1 onlink
ip -n worker2 neigh add 10.10.1.0 lladdr 0e:f1:00:00:00:16 dev flannel.1 nud permanent
bridge -n worker2 fdb append 0e:f1:00:00:00:16 dev flannel.1 dst 192.168.2.16 self permanent


# ---------- the pods (what the CNI bridge plugin does for each; flannel's MTU 1450) ----------

ip netns add busybox-jpnb6
ip -n worker1 link add veth-jpnb6 type veth peer name eth0 netns busybox-jpnb6
ip -n worker1 link set veth-jpnb6 master cni0
ip -n worker1 link set veth-jpnb6 up
ip -n busybox-jpnb6 link set lo up
ip -n busybox-jpnb6 addr add 10.10.1.6/24 dev eth0
ip -n busybox-jpnb6 link set eth0 up
ip -n busybox-jpnb6 route add 10.10.0.0/16 via 10.10.1.1 dev eth0
ip -n busybox-jpnb6 route add default via 10.10.1.1 dev eth0


ip netns add busybox-pg7ps
ip -n worker2 link add veth-pg7ps mtu 1450 type veth peer name eth0 mtu 1450 netns busybox-pg7ps
ip -n worker2 link set veth-pg7ps master cni0
ip -n worker2 link set veth-pg7ps up
ip -n busybox-pg7ps link set lo up
ip -n busybox-pg7ps addr add 10.10.2.4/24 dev eth0
ip -n busybox-pg7ps link set eth0 up
ip -n busybox-pg7ps route add 10.10.0.0/16 via 10.10.2.1 dev eth0
ip -n busybox-pg7ps route add default via 10.10.2.1 dev eth0

# ---------- probes ----------
ip netns exec busybox-jpnb6 ping -c1 -W1 -s 1472 -M do 10.10.2.4 || true
ip netns exec busybox-jpnb6 ip route get 10.10.2.4
ip netns exec busybox-jpnb6 ping -c1 -W1 -s 1472 -M do 10.10.2.4 || true
ip netns exec busybox-jpnb6 ping -c1 -W1 -s 1422 -M do 10.10.2.4
ip netns exec busybox-jpnb6 ping -c1 -W1 -s 1472 -M do 10.10.2.1 || true
ip netns exec busybox-jpnb6 ping -c1 -W1 -s 1472 -M do 10.10.2.1 || true
ip netns exec busybox-jpnb6 ping -c1 -W1 10.10.2.4
ip netns exec busybox-jpnb6 ping -c1 -W1 -s 1472 -M dont 10.10.2.0 || true

# ---------- state after the probes ----------
ip -n busybox-jpnb6 neigh
ip -n worker1 neigh
ip -n worker2 neigh
bridge -n lan fdb show br br0 | grep -v permanent
