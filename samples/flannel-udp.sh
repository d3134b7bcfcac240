#!/usr/bin/env bash
# flannel-udp.sh: worker1 and worker2 of seed 001's cluster with flannel's UDP backend
# (kernel-semantics.md 11.3).
#
#   net-conf.json: { "Network": "10.10.0.0/16", "Backend": { "Type": "udp" } }
#
#   node     enp0s5           cni0           flannel0 (TUN)   pod
#   worker1  192.168.2.16/24  10.10.1.1/24   10.10.1.0/32     busybox-jpnb6 10.10.1.6
#   worker2  192.168.2.15/24  10.10.2.1/24   10.10.2.0/32     busybox-pg7ps 10.10.2.4
#
# flanneld's UDP backend holds a TUN device, flannel0 (no link-layer header, NOARP, MTU = 1500 -
# 28 = 1472), with the node's lease .0/32 and a route for the whole cluster network
# (10.10.0.0/16 dev flannel0; the node's own /24 on cni0 is more specific). The kernel routes a
# pod's packet into flannel0; flanneld reads it, finds the node whose subnet lease holds the
# destination, and sends the bare packet in a UDP datagram from :8285 to <node>:8285 (through
# the node's own routing). The peer's flanneld writes it into its flannel0, where it is received.
#
# Here flanneld is samples/flanneld-udp.py, a small relay doing exactly that over a real TUN
# device; podpath recognises it and models it (the lease map is its argument list).
#
# What you should see:
#   * ping busybox-jpnb6 -> busybox-pg7ps: ttl=62 (once per node, as with VXLAN);
#   * traceroute: 10.10.1.1, 10.10.2.0 (worker2's flannel0 address), 10.10.2.4;
#   * MTU 1472: ping -s 1444 -M do passes, -s 1445 fails in the pod itself (the pod has 1472);
#   * a destination without a lease (10.10.7.7, inside 10.10.0.0/16): flanneld drops it.
#
# Run it in the kernel: sudo ./podpath verify samples/flannel-udp.sh --save-transcript FILE
set -e

# ---------- the L2 segment the nodes share ----------
ip netns add lan
ip -n lan link add br0 type bridge
ip -n lan link set br0 up

# ---------- the nodes: enp0s5 on the segment, a cni0 bridge (mtu 1472), forwarding on ----------

ip netns add worker1
ip -n lan link add lan-worker1 type veth peer name enp0s5 netns worker1
ip -n lan link set lan-worker1 master br0
ip -n lan link set lan-worker1 up
ip -n worker1 link set lo up
ip -n worker1 addr add 192.168.2.16/24 dev enp0s5
ip -n worker1 link set enp0s5 up
ip -n worker1 link add cni0 mtu 1472 type bridge
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
ip -n worker2 link add cni0 mtu 1472 type bridge
ip -n worker2 addr add 10.10.2.1/24 dev cni0
ip -n worker2 link set cni0 up
ip netns exec worker2 sysctl -w net.ipv4.ip_forward=1

# ---------- flanneld (backend udp): flannel0, its lease address, the cluster route ----------
ip -n worker1 tuntap add dev flannel0 mode tun
ip netns exec worker1 python3 flanneld-udp.py --tun flannel0 --port 8285 --for 40 10.10.2.0/24=192.168.2.15 >/dev/null 2>&1 &
ip -n worker1 addr add 10.10.1.0/32 dev flannel0
ip -n worker1 link set flannel0 mtu 1472 up
ip -n worker1 route add 10.10.0.0/16 dev flannel0

ip -n worker2 tuntap add dev flannel0 mode tun
ip netns exec worker2 python3 flanneld-udp.py --tun flannel0 --port 8285 --for 40 10.10.1.0/24=192.168.2.16 >/dev/null 2>&1 &
ip -n worker2 addr add 10.10.2.0/32 dev flannel0
ip -n worker2 link set flannel0 mtu 1472 up
ip -n worker2 route add 10.10.0.0/16 dev flannel0
sleep 1

# ---------- the pods (what the CNI bridge plugin does for each; flannel's MTU 1450) ----------

ip netns add busybox-jpnb6
ip -n worker1 link add veth-jpnb6 mtu 1472 type veth peer name eth0 mtu 1472 netns busybox-jpnb6
ip -n worker1 link set veth-jpnb6 master cni0
ip -n worker1 link set veth-jpnb6 up
ip -n busybox-jpnb6 link set lo up
ip -n busybox-jpnb6 addr add 10.10.1.6/24 dev eth0
ip -n busybox-jpnb6 link set eth0 up
ip -n busybox-jpnb6 route add 10.10.0.0/16 via 10.10.1.1 dev eth0
ip -n busybox-jpnb6 route add default via 10.10.1.1 dev eth0


ip netns add busybox-pg7ps
ip -n worker2 link add veth-pg7ps mtu 1472 type veth peer name eth0 mtu 1472 netns busybox-pg7ps
ip -n worker2 link set veth-pg7ps master cni0
ip -n worker2 link set veth-pg7ps up
ip -n busybox-pg7ps link set lo up
ip -n busybox-pg7ps addr add 10.10.2.4/24 dev eth0
ip -n busybox-pg7ps link set eth0 up
ip -n busybox-pg7ps route add 10.10.0.0/16 via 10.10.2.1 dev eth0
ip -n busybox-pg7ps route add default via 10.10.2.1 dev eth0

# ---------- probes ----------
ip -n worker1 route get 10.10.2.4 from 10.10.1.6 iif cni0
ip netns exec busybox-jpnb6 ping -c1 -W1 10.10.2.4
ip netns exec busybox-jpnb6 traceroute -n -q1 -w1 -m 8 10.10.2.4
ip netns exec busybox-pg7ps ping -c1 -W1 10.10.1.6
ip netns exec busybox-jpnb6 ping -c1 -W1 -s 1444 -M do 10.10.2.4
ip netns exec busybox-jpnb6 ping -c1 -W1 -s 1445 -M do 10.10.2.4 || true
ip netns exec busybox-jpnb6 ping -c1 -W1 10.10.7.7 || true

# ---------- state after the probes ----------
ip -n busybox-jpnb6 neigh
ip -n worker1 neigh
ip -n worker2 neigh
bridge -n lan fdb show br br0 | grep -v permanent
