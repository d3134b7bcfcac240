#!/usr/bin/env bash
# flannel-vxlan-broken.sh: the three tables flannel's VXLAN forwarding depends on, broken one at a
# time (kernel-semantics.md 11.2, gotcha 21), and the underlay port blocked.
#
# worker1 and worker2 of flannel-vxlan.sh (seed 001's addresses, flannel backend vxlan, MTU 1450
# everywhere). busybox-jpnb6 (10.10.1.6, worker1) pings busybox-pg7ps (10.10.2.4, worker2):
#   1. as flanneld set it up: ttl=62;
#   2. worker1's FDB entry for worker2's VTEP MAC is gone: flannel.1 has no remote for the frame,
#      drops it silently and counts it as TX dropped; ping gets no reply;
#   3. worker2's flannel.1 came back with another MAC (flanneld lost the MAC it had published;
#      changing a MAC also flushes the device's neighbour entries, permanent ones included, so
#      flanneld on worker2 re-installs its own): worker1 still wraps frames for the old MAC (its
#      neighbour and FDB entries name it); they reach worker2, whose flannel.1 drops a frame that
#      is not for its address; no reply. With the neighbour entry updated but not the FDB, the
#      new MAC has no VTEP: dropped on worker1. With both updated: ttl=62 again;
#   4. worker1's permanent neighbour entry for 10.10.2.0 is gone: the node ARPs on flannel.1, but
#      a broadcast has no FDB destination either (no all-zero entry, nolearning): after three
#      tries the pod gets "Destination Host Unreachable" from its gateway 10.10.1.1;
#   5. worker1's FDB entry sends to 192.168.2.99, which nobody has: worker1's ARP for it fails; the
#      "host unreachable" it then sends itself about the outer packet is taken by the VXLAN socket,
#      so the pod sees no reply at all (not "Destination Host Unreachable");
#   6. worker2 drops UDP 8472 in its INPUT chain (a firewall on the underlay port): no reply.
#      podpath does not evaluate iptables rules yet: it stops at the netfilter hook and says "not
#      modelled" instead of guessing.
#
# Run it in the kernel: sudo ./podpath verify samples/flannel-vxlan-broken.sh --save-transcript FILE
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
ip -n worker1 link add veth-jpnb6 mtu 1450 type veth peer name eth0 mtu 1450 netns busybox-jpnb6
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

# ---------- 1. as flanneld set it up ----------
ip netns exec busybox-jpnb6 ping -c1 -W1 10.10.2.4

# ---------- 2. no FDB entry for worker2's VTEP MAC ----------
bridge -n worker1 fdb del 0e:f1:00:00:00:15 dev flannel.1 dst 192.168.2.15 self
ip netns exec busybox-jpnb6 ping -c1 -W1 10.10.2.4 || true
bridge -n worker1 fdb append 0e:f1:00:00:00:15 dev flannel.1 dst 192.168.2.15 self permanent
ip netns exec busybox-jpnb6 ping -c1 -W1 10.10.2.4

# ---------- 3. worker2's VTEP MAC changed; worker1's neighbour and FDB entries are stale ----------
ip -n worker2 link set flannel.1 address 0e:f1:00:00:00:25
ip -n worker2 neigh show dev flannel.1
ip -n worker2 neigh replace 10.10.1.0 lladdr 0e:f1:00:00:00:16 dev flannel.1 nud permanent
ip netns exec busybox-jpnb6 ping -c1 -W1 10.10.2.4 || true
ip -n worker1 neigh replace 10.10.2.0 lladdr 0e:f1:00:00:00:25 dev flannel.1 nud permanent
ip netns exec busybox-jpnb6 ping -c1 -W1 10.10.2.4 || true
bridge -n worker1 fdb append 0e:f1:00:00:00:25 dev flannel.1 dst 192.168.2.15 self permanent
bridge -n worker1 fdb del 0e:f1:00:00:00:15 dev flannel.1 self
ip netns exec busybox-jpnb6 ping -c1 -W1 10.10.2.4

# ---------- 4. no neighbour entry for worker2's 10.10.2.0 ----------
ip -n worker1 neigh del 10.10.2.0 dev flannel.1
ip netns exec busybox-jpnb6 ping -c1 -W5 10.10.2.4 || true
ip -n worker1 neigh replace 10.10.2.0 lladdr 0e:f1:00:00:00:25 dev flannel.1 nud permanent
ip netns exec busybox-jpnb6 ping -c1 -W1 10.10.2.4

# ---------- 5. the FDB entry names a node address nobody has ----------
bridge -n worker1 fdb replace 0e:f1:00:00:00:25 dev flannel.1 dst 192.168.2.99 self permanent
ip netns exec busybox-jpnb6 ping -c1 -W5 10.10.2.4 || true
bridge -n worker1 fdb replace 0e:f1:00:00:00:25 dev flannel.1 dst 192.168.2.15 self permanent
ip netns exec busybox-jpnb6 ping -c1 -W1 10.10.2.4

# ---------- 6. worker2 drops UDP 8472 ----------
ip netns exec worker2 iptables -A INPUT -p udp --dport 8472 -j DROP
ip netns exec busybox-jpnb6 ping -c1 -W1 10.10.2.4 || true

# ---------- state after the probes ----------
ip -n busybox-jpnb6 neigh
ip -n worker2 neigh
bridge -n lan fdb show br br0 | grep -v permanent
