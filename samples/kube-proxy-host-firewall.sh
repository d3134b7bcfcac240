#!/usr/bin/env bash
# kube-proxy-host-firewall.sh: a real cluster's "coredns cannot reach the API server", replayed
# with the iptables-save dumps its user posted (kube-proxy-host-firewall/README.md).
#
#   coredns-5b8bf7b657-5gjrq 10.1.0.55/25 ---- cni0 10.1.0.1/25  master-01  eth0 192.168.1.5/24
#                                                                (also docker0, virbr0)
#
# The API server listens on the node itself, TCP 6443 (`nc -lk 6443 &` stands in for it). The
# Service default/kubernetes is 10.2.0.1:443 -> 192.168.1.5:6443; kube-dns (10.2.0.10) has no
# endpoints, since coredns is not ready.
#
# What you should see:
#   * BEFORE: coredns -> 10.2.0.1:443 fails with "No route to host": nat PREROUTING DNATs it to
#     192.168.1.5:6443, a local address, so it goes to filter INPUT, where none of CentOS's ACCEPT
#     rules match and `-A INPUT -j REJECT --reject-with icmp-host-prohibited` rejects it (ICMP
#     3/10, which connect() reports as EHOSTUNREACH);
#   * BEFORE: coredns -> 10.2.0.10:53 (TCP) is refused: kube-proxy's "has no endpoints" REJECT
#     in filter KUBE-SERVICES, reached from FORWARD;
#   * AFTER (the rules once the user flushed them and restarted kubelet and Docker): the same
#     connect to 10.2.0.1:443 succeeds.
#
# Run it in the kernel: sudo ./podpath verify samples/kube-proxy-host-firewall.sh --save-transcript FILE
set -e

ip netns add gw
ip netns add master-01
ip netns add coredns-5b8bf7b657-5gjrq
ip -n gw link set lo up
ip -n master-01 link set lo up
ip -n coredns-5b8bf7b657-5gjrq link set lo up

ip -n master-01 link add eth0 type veth peer name eth0 netns gw
ip -n master-01 addr add 192.168.1.5/24 dev eth0
ip -n master-01 link set eth0 up
ip -n gw addr add 192.168.1.1/24 dev eth0
ip -n gw link set eth0 up
ip -n master-01 route add default via 192.168.1.1

# libvirt's and Docker's bridges, which the rules mention
ip -n master-01 link add virbr0 type bridge
ip -n master-01 addr add 192.168.122.1/24 dev virbr0
ip -n master-01 link set virbr0 up
ip -n master-01 link add docker0 type bridge
ip -n master-01 addr add 172.17.0.1/16 dev docker0

# flannel's bridge and the coredns pod
ip -n master-01 link add cni0 type bridge
ip -n master-01 addr add 10.1.0.1/25 dev cni0
ip -n master-01 link set cni0 up
ip netns exec master-01 sysctl -w net.ipv4.ip_forward=1
ip -n master-01 link add veth-5gjrq type veth peer name eth0 netns coredns-5b8bf7b657-5gjrq
ip -n master-01 link set veth-5gjrq master cni0
ip -n master-01 link set veth-5gjrq up
ip -n coredns-5b8bf7b657-5gjrq addr add 10.1.0.55/25 dev eth0
ip -n coredns-5b8bf7b657-5gjrq link set eth0 up
ip -n coredns-5b8bf7b657-5gjrq route add default via 10.1.0.1

# the API server (host network)
ip netns exec master-01 nc -lk 6443 &
sleep 0.3

# ---------- BEFORE ----------
ip netns exec master-01 iptables-restore < kube-proxy-host-firewall/before.rules
ip netns exec coredns-5b8bf7b657-5gjrq nc -zv -w2 -p 43001 10.2.0.1 443 || true
ip netns exec coredns-5b8bf7b657-5gjrq nc -zv -w2 -p 43002 10.2.0.10 53 || true

# ---------- AFTER ----------
ip netns exec master-01 iptables-restore < kube-proxy-host-firewall/after.rules
ip netns exec coredns-5b8bf7b657-5gjrq nc -zv -w2 -p 43003 10.2.0.1 443
