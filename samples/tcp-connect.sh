#!/usr/bin/env bash
# tcp-connect.sh: what `nc -zv` says when a TCP connect succeeds, is refused, times out, or is
# answered by an ICMP error, and who said it.
#
#   client [eth0 10.0.1.2/24]----[c-r 10.0.1.1/24]  router  [s-r 10.0.2.1/24]----[eth0 10.0.2.2/24] server
#                                          (ip_forward=1)
#
# The server listens on TCP 8080 (`nc -lk 8080 &`, started in the background).
#
# What you should see:
#   * 10.0.2.2:8080: "Connection to 10.0.2.2 8080 port [tcp/http-alt] succeeded!" (SYN, SYN-ACK);
#   * 10.0.2.2:8081, where nothing listens: "Connection refused" (the server's stack answers RST);
#   * 10.0.2.9, an address nobody has: the router's ARP for it fails after 3 s and the router
#     sends ICMP host unreachable: "No route to host" (nc -w5 waits long enough to hear it);
#     with -w2, nc gives up first: "timed out: Operation now in progress", after 2 SYNs;
#   * 10.9.0.1: the router has no route: ICMP network unreachable: "Network is unreachable";
#   * the client's own blackhole, prohibit and unreachable routes fail connect() at once, with
#     EINVAL, EACCES and EHOSTUNREACH: no packet leaves.
#
# A probe that fails makes nc exit 1: `|| true` keeps `set -e` from ending the script there.
#
# Run it in the kernel: sudo ./podpath verify samples/tcp-connect.sh --save-transcript FILE
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

# a server on TCP 8080 (netcat-openbsd; -k: keep listening after each connection)
ip netns exec server nc -lk 8080 &
sleep 0.3

# --- probes ---
ip netns exec client nc -zv -w2 10.0.2.2 8080
ip netns exec client nc -zv -w2 10.0.2.2 8081 || true
ip netns exec client nc -zv -w2 10.0.2.9 80 || true
ip netns exec client nc -zv -w5 10.0.2.9 80 || true
ip netns exec client nc -zv -w2 10.9.0.1 80 || true
ip -n client route add blackhole 10.5.0.0/16
ip -n client route add prohibit 10.6.0.0/16
ip -n client route add unreachable 10.7.0.0/16
ip netns exec client nc -zv -w1 10.5.0.1 80 || true
ip netns exec client nc -zv -w1 10.6.0.1 80 || true
ip netns exec client nc -zv -w1 10.7.0.1 80 || true
