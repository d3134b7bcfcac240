#!/usr/bin/env bash
# firewall.sh: the iptables rules users meet when pods cannot talk: Docker's FORWARD policy DROP,
# a REJECT in INPUT, a DROP for one tenant's CIDR.
#
#   p1 10.244.0.2 ---+                                  
#                    cni0 10.244.0.1/24  node  eth0 192.168.1.10/24 ---- ext 192.168.1.100
#   p2 10.244.0.130 -+   (ip_forward=1; br_netfilter: bridge-nf-call-iptables=1, the default)
#
# p2 belongs to tenant "team-b", whose pods get 10.244.0.128/25. ext routes 10.244.0.0/24 back
# via the node. The node serves TCP 10250 (the kubelet's port; `nc -lk 10250 &`).
#
# What you should see:
#   * before any rule: p1 -> p2 and p1 -> ext answer;
#   * `iptables -P FORWARD DROP` (what Docker sets when it starts): p1 -> ext gets no reply, and
#     p1 -> p2 neither, although p2 is on the same bridge: with br_netfilter, bridged frames cross
#     iptables FORWARD (in=out=cni0), where the policy drops them. The policy counter counts them;
#   * the usual fix, ACCEPT in and out of cni0: both answer again;
#   * a REJECT for the kubelet port in INPUT: p1 -> 10.244.0.1:10250 "No route to host"
#     (icmp-host-prohibited, sent by the node from 10.244.0.1); ping still answers;
#   * a DROP for team-b's 10.244.0.128/25 inserted first in FORWARD: p2 -> ext and p2 -> p1 get
#     no reply (bridged traffic too), p1 -> ext still answers.
#
# Run it in the kernel: sudo ./podpath verify samples/firewall.sh --save-transcript FILE
set -e

ip netns add node
ip netns add ext
ip netns add p1
ip netns add p2
ip -n node link set lo up
ip -n ext link set lo up
ip -n p1 link set lo up
ip -n p2 link set lo up

ip -n node link add eth0 type veth peer name eth0 netns ext
ip -n node addr add 192.168.1.10/24 dev eth0
ip -n node link set eth0 up
ip -n ext addr add 192.168.1.100/24 dev eth0
ip -n ext link set eth0 up
ip -n ext route add 10.244.0.0/24 via 192.168.1.10

ip -n node link add cni0 type bridge
ip -n node addr add 10.244.0.1/24 dev cni0
ip -n node link set cni0 up
ip netns exec node sysctl -w net.ipv4.ip_forward=1

ip -n node link add veth-p1 type veth peer name eth0 netns p1
ip -n node link set veth-p1 master cni0
ip -n node link set veth-p1 up
ip -n p1 addr add 10.244.0.2/24 dev eth0
ip -n p1 link set eth0 up
ip -n p1 route add default via 10.244.0.1

ip -n node link add veth-p2 type veth peer name eth0 netns p2
ip -n node link set veth-p2 master cni0
ip -n node link set veth-p2 up
ip -n p2 addr add 10.244.0.130/24 dev eth0
ip -n p2 link set eth0 up
ip -n p2 route add default via 10.244.0.1

ip netns exec node nc -lk 10250 &
sleep 0.3

# ---------- no rules ----------
ip netns exec p1 ping -c1 -W1 10.244.0.130
ip netns exec p1 ping -c1 -W1 192.168.1.100

# ---------- Docker starts: FORWARD policy DROP ----------
ip netns exec node iptables -P FORWARD DROP
ip netns exec p1 ping -c1 -W1 192.168.1.100 || true
ip netns exec p1 ping -c1 -W1 10.244.0.130 || true
ip netns exec node iptables -L FORWARD -v -n -x

# ---------- the usual fix ----------
ip netns exec node iptables -A FORWARD -i cni0 -j ACCEPT
ip netns exec node iptables -A FORWARD -o cni0 -j ACCEPT
ip netns exec p1 ping -c1 -W1 192.168.1.100
ip netns exec p1 ping -c1 -W1 10.244.0.130

# ---------- a REJECT in INPUT for the kubelet port ----------
ip netns exec p1 nc -zv -w2 -p 42001 10.244.0.1 10250
ip netns exec node iptables -A INPUT -p tcp --dport 10250 -j REJECT --reject-with icmp-host-prohibited
ip netns exec p1 nc -zv -w2 -p 42002 10.244.0.1 10250 || true
ip netns exec p1 ping -c1 -W1 10.244.0.1

# ---------- a DROP for one tenant's CIDR ----------
ip netns exec node iptables -I FORWARD 1 -s 10.244.0.128/25 -m comment --comment "team-b egress blocked" -j DROP
ip netns exec p2 ping -c1 -W1 192.168.1.100 || true
ip netns exec p2 ping -c1 -W1 10.244.0.2 || true
ip netns exec p1 ping -c1 -W1 192.168.1.100

ip netns exec node iptables-save -c
