#!/usr/bin/env bash
# udp-dns.sh: what `nc -u -zv` says for a UDP datagram (cluster DNS on UDP 53), and what it cannot
# tell apart.
#
#   client [eth0 10.0.1.2/24]----[c-r 10.0.1.1/24]  router  [s-r 10.0.2.1/24]----[eth0 10.0.2.2/24] server
#                                          (ip_forward=1)
#
# The server listens on UDP 53 (`nc -lku 53 &`). The client carries kube-proxy-like nat rules: the
# Service 10.96.0.10:53/udp is DNATed to 10.0.2.2:53; the Service 10.96.0.11:53/udp has no
# endpoint and is REJECTed (icmp-port-unreachable), as kube-proxy does.
#
# nc -u -z sends one byte on a connected UDP socket and waits (-w, 3 s without it) for an error.
# What you should see (netcat-openbsd 1.219):
#   * 10.0.2.2:53 and the Service 10.96.0.10:53: "Connection to ... port [udp/domain] succeeded!"
#     after the wait, since no error came back;
#   * 10.0.2.2:54, where nothing listens, and the Service without endpoints: nothing, exit status 1
#     (an ICMP port unreachable came back: from the server, from the client's own REJECT);
#   * 10.9.0.1, which the router has no route for, and 10.0.2.9, which nobody answers ARP for:
#     "succeeded!" too: network and host unreachable are soft errors for a UDP socket, which the
#     kernel does not report to it (so "succeeded" means only "no hard error came back");
#   * the client's own unreachable route: connect() fails at once: "No route to host", and no
#     datagram leaves.
#
# Each probe binds its own source port (-p): the kernel's conntrack entries then name the same
# ports as podpath's (without -p the kernel picks one at random, and only the state comparison
# of those entries differs).
#
# A probe that fails makes nc exit 1: `|| true` keeps `set -e` from ending the script there.
#
# Run it in the kernel: sudo ./podpath verify samples/udp-dns.sh --save-transcript FILE
set -e

ip netns add client
ip netns add router
ip netns add server
ip link add eth0 netns client type veth peer name c-r netns router
ip link add eth0 netns server type veth peer name s-r netns router
ip -n client addr add 10.0.1.2/24 dev eth0
ip -n router addr add 10.0.1.1/24 dev c-r
ip -n router addr add 10.0.2.1/24 dev s-r
ip -n server addr add 10.0.2.2/24 dev eth0
ip -n client link set lo up
ip -n router link set lo up
ip -n server link set lo up
ip -n client link set eth0 up
ip -n router link set c-r up
ip -n router link set s-r up
ip -n server link set eth0 up
ip netns exec router sysctl -w net.ipv4.ip_forward=1
ip -n client route add default via 10.0.1.1
ip -n server route add default via 10.0.2.1

# the client's Services, as kube-proxy writes them (one with an endpoint, one without)
ip netns exec client iptables -t nat -A OUTPUT -d 10.96.0.10/32 -p udp --dport 53 -j DNAT --to-destination 10.0.2.2:53
ip netns exec client iptables -A OUTPUT -d 10.96.0.11/32 -p udp --dport 53 -j REJECT --reject-with icmp-port-unreachable

# a DNS server's port (netcat-openbsd; -k: keep its socket unconnected, for every client)
ip netns exec server nc -lku 53 &
sleep 0.3

# --- probes ---
ip netns exec client nc -u -zv -w1 -p 40001 10.0.2.2 53
ip netns exec client nc -u -zv -w1 -p 40002 10.0.2.2 54 || true
ip netns exec client nc -u -zv -w1 -p 40003 10.96.0.10 53
ip netns exec client nc -u -zv -w1 -p 40004 10.96.0.11 53 || true
ip netns exec client nc -u -zv -w1 -p 40005 10.9.0.1 53 || true
ip netns exec client nc -u -zv -w1 -p 40006 10.0.2.9 53 || true
ip -n client route add unreachable 10.7.0.0/16
ip netns exec client nc -u -zv -w1 -p 40007 10.7.0.1 53 || true
