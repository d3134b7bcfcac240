#!/usr/bin/env bash
# calico-ipip.sh: Calico's IPIP mode on two nodes of seed 001's segment (kernel-semantics.md 4, 11.4).
#
#   node     enp0s5           IPAM block      tunl0           pod (host side veth)
#   worker1  192.168.2.16/24  10.244.1.0/26   10.244.1.0/32   busybox-sgf8v 10.244.1.5 (calia1b2c3)
#   worker2  192.168.2.15/24  10.244.2.0/26   10.244.2.0/32   busybox-pg7ps 10.244.2.7 (calid4e5f6)
#
# What Calico (felix, bird, the CNI plugin) sets up, without a bridge:
#   * each pod has its /32, a route to 169.254.1.1 (an address nobody owns) and its default via
#     it; the host side of its veth is cali<id> with MAC ee:ee:ee:ee:ee:ee, proxy_arp=1 and
#     proxy_delay=0, so the node answers the pod's ARP for 169.254.1.1 (the node needs a route to
#     169.254.1.1 through another interface: its default route, gotcha 14);
#   * the node routes each local pod's /32 to its cali device, has a blackhole route for its own
#     block (addresses not in use go nowhere), and routes every other node's block
#     via <node IP> dev tunl0 onlink (bird's routes, proto bird);
#   * tunl0 is the fallback IPIP device (remote any local any, ttl inherit), MTU 1480, with a /32
#     from the node's block. Calico's iptables rules are left out here.
#
# NOT kernel-verified: this machine's kernel has no ipip module (CONFIG_NET_IPIP is not set), so
# `podpath verify` declines to run it. podpath follows the kernel source (11.4):
#   * busybox-sgf8v -> 10.244.2.7: worker1 routes it into tunl0 (ttl 64 -> 63); tunl0 has no fixed
#     remote, so the outer destination is the route's gateway 192.168.2.15; outer TTL = inner TTL
#     (63, ttl inherit), DF copied; worker2's tunl0 takes the protocol-4 packet (no more specific
#     tunnel) and receives the inner one on tunl0: routed to calid4e5f6 (63 -> 62): ttl=62;
#   * traceroute: 10.244.1.0, 10.244.2.0, 10.244.2.7. The first hop's ICMP error leaves worker1
#     from an address of another device (cali devices have none): inet_select_addr takes the first
#     device, in ifindex order, with a global address; that is tunl0 (ifindex 2: the ipip module
#     was loaded before the namespace was made, so tunl0 came right after lo). The second is
#     worker2's tunl0 address, the source of its route back to the pod;
#   * an unused address of worker2's block (10.244.2.9) hits its blackhole route: silently dropped;
#   * worker2 with tunl0 down: nothing takes the protocol-4 packet; worker2 answers ICMP port
#     unreachable to worker1, whose tunnel takes it (ipip_err): the pod sees no reply. (The
#     kernel then answers further packets into worker1's tunl0 with host unreachable for 30 s:
#     podpath does not model that and says so.) Down took the routes through tunl0 with it: bird
#     puts the route back once tunl0 is up again, and the pods talk again.
#
# Run it with podpath: podpath probes samples/calico-ipip.sh; podpath trace samples/calico-ipip.sh --from busybox-sgf8v --to 10.244.2.7
set -e

# ---------- the L2 segment the nodes share ----------
ip netns add lan
ip -n lan link add br0 type bridge
ip -n lan link set br0 up

# ---------- the nodes: the ipip module gives each a tunl0 ----------
modprobe ipip

ip netns add worker1
ip -n lan link add lan-worker1 type veth peer name enp0s5 netns worker1
ip -n lan link set lan-worker1 master br0
ip -n lan link set lan-worker1 up
ip -n worker1 link set lo up
ip -n worker1 addr add 192.168.2.16/24 dev enp0s5
ip -n worker1 link set enp0s5 up
ip -n worker1 route add default via 192.168.2.1 dev enp0s5
ip netns exec worker1 sysctl -w net.ipv4.ip_forward=1
ip -n worker1 link set tunl0 mtu 1480 up
ip -n worker1 addr add 10.244.1.0/32 dev tunl0
ip -n worker1 route add blackhole 10.244.1.0/26 proto bird

ip netns add worker2
ip -n lan link add lan-worker2 type veth peer name enp0s5 netns worker2
ip -n lan link set lan-worker2 master br0
ip -n lan link set lan-worker2 up
ip -n worker2 link set lo up
ip -n worker2 addr add 192.168.2.15/24 dev enp0s5
ip -n worker2 link set enp0s5 up
ip -n worker2 route add default via 192.168.2.1 dev enp0s5
ip netns exec worker2 sysctl -w net.ipv4.ip_forward=1
ip -n worker2 link set tunl0 mtu 1480 up
ip -n worker2 addr add 10.244.2.0/32 dev tunl0
ip -n worker2 route add blackhole 10.244.2.0/26 proto bird

# ---------- bird: every other node's block via that node, through tunl0 ----------
ip -n worker1 route add 10.244.2.0/26 via 192.168.2.15 dev tunl0 proto bird onlink
ip -n worker2 route add 10.244.1.0/26 via 192.168.2.16 dev tunl0 proto bird onlink

# ---------- the pods (what the Calico CNI plugin does for each) ----------
ip netns add busybox-sgf8v
ip -n worker1 link add calia1b2c3 mtu 1480 type veth peer name eth0 mtu 1480 netns busybox-sgf8v
ip -n worker1 link set calia1b2c3 address ee:ee:ee:ee:ee:ee up
ip netns exec worker1 sysctl -w net.ipv4.conf.calia1b2c3.proxy_arp=1
ip netns exec worker1 sysctl -w net.ipv4.neigh.calia1b2c3.proxy_delay=0
ip -n worker1 route add 10.244.1.5/32 dev calia1b2c3 scope link
ip -n busybox-sgf8v link set lo up
ip -n busybox-sgf8v addr add 10.244.1.5/32 dev eth0
ip -n busybox-sgf8v link set eth0 up
ip -n busybox-sgf8v route add 169.254.1.1 dev eth0 scope link
ip -n busybox-sgf8v route add default via 169.254.1.1 dev eth0

ip netns add busybox-pg7ps
ip -n worker2 link add calid4e5f6 mtu 1480 type veth peer name eth0 mtu 1480 netns busybox-pg7ps
ip -n worker2 link set calid4e5f6 address ee:ee:ee:ee:ee:ee up
ip netns exec worker2 sysctl -w net.ipv4.conf.calid4e5f6.proxy_arp=1
ip netns exec worker2 sysctl -w net.ipv4.neigh.calid4e5f6.proxy_delay=0
ip -n worker2 route add 10.244.2.7/32 dev calid4e5f6 scope link
ip -n busybox-pg7ps link set lo up
ip -n busybox-pg7ps addr add 10.244.2.7/32 dev eth0
ip -n busybox-pg7ps link set eth0 up
ip -n busybox-pg7ps route add 169.254.1.1 dev eth0 scope link
ip -n busybox-pg7ps route add default via 169.254.1.1 dev eth0

ip -n worker1 route

# ---------- probes ----------
ip -n worker1 route get 10.244.2.7 from 10.244.1.5 iif calia1b2c3
ip netns exec busybox-sgf8v ping -c1 -W1 10.244.2.7
ip netns exec busybox-sgf8v traceroute -n -q1 -w1 -m 6 10.244.2.7
ip netns exec busybox-pg7ps ping -c1 -W1 10.244.1.5
ip netns exec busybox-sgf8v ping -c1 -W1 10.244.2.9 || true
ip -n worker2 link set tunl0 down
ip netns exec busybox-sgf8v ping -c1 -W1 10.244.2.7 || true
ip -n worker2 link set tunl0 up
ip -n worker2 route add 10.244.1.0/26 via 192.168.2.16 dev tunl0 proto bird onlink
ip netns exec busybox-pg7ps ping -c1 -W1 10.244.1.5

# ---------- state after the probes ----------
ip -n busybox-sgf8v neigh
ip -n worker1 neigh
ip -n worker2 neigh
