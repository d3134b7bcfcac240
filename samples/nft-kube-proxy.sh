#!/usr/bin/env bash
# nft-kube-proxy.sh: kube-proxy's nftables mode (GA since Kubernetes 1.33) on one node: a Service
# with two endpoints (numgen random mod 2 vmap), a Service without endpoints (reject), a NodePort
# reached from outside (masquerade), and the ClusterIP from the node itself.
#
#   p1 10.244.0.2 (client) -+
#   p2 10.244.0.3 :8080    -+- cni0 10.244.0.1/24  node  eth0 192.168.1.10/24 ---- ext 192.168.1.100
#   p3 10.244.0.4 :8080    -+   (ip_forward=1, br_netfilter: bridge-nf-call-iptables=1)
#
# The ruleset (nft-kube-proxy/kube-proxy.nft) is loaded with `nft -f`, as kube-proxy sends it.
#
# What you should see:
#   * p1 -> web 10.96.0.10:80 succeeds: the services chain's verdict map finds the Service, numgen
#     picks one of the two endpoints, its chain DNATs to 10.244.0.x:8080 (verify replays the
#     kernel's pick, read from conntrack);
#   * the node -> 10.96.0.10:80 succeeds too, masqueraded (not from the pod CIDR: marked 0x4000);
#   * ext -> the NodePort 192.168.1.10:30080 succeeds, masqueraded to 10.244.0.1;
#   * p1 -> empty 10.96.0.20:80: `Connection refused` (no-endpoint-services -> reject-chain);
#   * p1 -> an unallocated ClusterIP 10.96.0.99:80: no answer (cluster-ips-check drops it);
#   * ping p1 -> 10.96.0.10: rejected as a port of a ClusterIP that no Service serves.
#
# Run it in the kernel: sudo ./podpath verify samples/nft-kube-proxy.sh --save-transcript FILE
set -e

ip netns add node
ip netns add ext
ip netns add p1
ip netns add p2
ip netns add p3
ip -n node link set lo up
ip -n ext link set lo up
ip -n p1 link set lo up
ip -n p2 link set lo up
ip -n p3 link set lo up

ip -n node link add eth0 type veth peer name eth0 netns ext
ip -n node addr add 192.168.1.10/24 dev eth0
ip -n node link set eth0 up
ip -n ext addr add 192.168.1.100/24 dev eth0
ip -n ext link set eth0 up

ip -n node link add cni0 type bridge
ip -n node addr add 10.244.0.1/24 dev cni0
ip -n node link set cni0 up
ip netns exec node sysctl -w net.ipv4.ip_forward=1
ip -n node route add default via 192.168.1.100

ip -n node link add veth-p1 type veth peer name eth0 netns p1
ip -n node link set veth-p1 master cni0
ip -n node link set veth-p1 up
ip -n p1 addr add 10.244.0.2/24 dev eth0
ip -n p1 link set eth0 up
ip -n p1 route add default via 10.244.0.1

ip -n node link add veth-p2 type veth peer name eth0 netns p2
ip -n node link set veth-p2 master cni0
ip -n node link set veth-p2 up
ip -n p2 addr add 10.244.0.3/24 dev eth0
ip -n p2 link set eth0 up
ip -n p2 route add default via 10.244.0.1

ip -n node link add veth-p3 type veth peer name eth0 netns p3
ip -n node link set veth-p3 master cni0
ip -n node link set veth-p3 up
ip -n p3 addr add 10.244.0.4/24 dev eth0
ip -n p3 link set eth0 up
ip -n p3 route add default via 10.244.0.1

ip netns exec p2 nc -lk 8080 &
ip netns exec p3 nc -lk 8080 &
sleep 0.3

ip netns exec node nft -f nft-kube-proxy/kube-proxy.nft

ip netns exec p1 nc -zv -w2 -p 41001 10.96.0.10 80
ip netns exec p1 nc -zv -w2 -p 41002 10.96.0.10 80
ip netns exec p1 nc -zv -w2 -p 41003 10.96.0.10 80
ip netns exec node nc -zv -w2 -p 41004 10.96.0.10 80
ip netns exec ext nc -zv -w2 -p 41005 192.168.1.10 30080
ip netns exec p1 nc -zv -w2 -p 41006 10.96.0.20 80 || true
ip netns exec p1 nc -zv -w2 -p 41007 10.96.0.99 80 || true
ip netns exec p1 ping -c1 -W1 10.96.0.10 || true

ip netns exec node conntrack -L
ip netns exec node nft list ruleset
