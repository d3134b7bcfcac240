#!/usr/bin/env bash
# wireguard-pods.sh: flannel's wireguard backend by hand, for the kernel's answers the WireGuard
# model is to match (docs/kernel-agreement.md, "WireGuard": the transcript beside this file,
# wireguard-pods.kernel.txt, from Debian's 6.1 kernel in a VM). Hosts a and b on a veth, a wg0 on
# each with a /32 (flannel's 10.244.N.0), one peer whose allowed-ips is the other's pod CIDR, a
# pod behind each host. The keys are a.key and b.key beside this file (test keys).
#   - the first ping is queued until the handshake ends, and answered (ttl=62: two forwards);
#   - wg0's MTU is 1420 (1392 bytes of ICMP data fit, 1393 do not);
#   - a route into wg0 for which no peer's allowed-ips holds the destination (10.99.0.0/24):
#     no reply and no error printed;
#   - b's ping from 192.168.0.2 through wg0: a drops it, the source is not in b's allowed-ips.
set -e
ip netns add a
ip netns add b
ip netns add pa
ip netns add pb
ip -n a link add eth0 type veth peer name eth0 netns b
ip -n a addr add 192.168.0.1/24 dev eth0
ip -n b addr add 192.168.0.2/24 dev eth0
ip -n a link set eth0 up
ip -n b link set eth0 up
ip -n a link add wg0 type wireguard
ip -n b link add wg0 type wireguard
ip netns exec a wg set wg0 listen-port 51820 private-key a.key peer 4XBXjAqk/bVjAhPwCqpmrZb8EGirTY8kBKhknpeksFE= allowed-ips 10.244.2.0/24 endpoint 192.168.0.2:51820
ip netns exec b wg set wg0 listen-port 51820 private-key b.key peer TptPhf/IRNZfKImmpqxITQu/C5OqMAhj9tTQ7534zDw= allowed-ips 10.244.1.0/24 endpoint 192.168.0.1:51820
ip -n a addr add 10.244.1.0/32 dev wg0
ip -n b addr add 10.244.2.0/32 dev wg0
ip -n a link set wg0 up
ip -n b link set wg0 up
ip -n a route add 10.244.2.0/24 dev wg0
ip -n b route add 10.244.1.0/24 dev wg0
ip -n a route add 10.99.0.0/24 dev wg0
ip -n pa link add eth0 type veth peer name pa0 netns a
ip -n pb link add eth0 type veth peer name pb0 netns b
ip -n pa addr add 10.244.1.2/24 dev eth0
ip -n pb addr add 10.244.2.2/24 dev eth0
ip -n a addr add 10.244.1.1/24 dev pa0
ip -n b addr add 10.244.2.1/24 dev pb0
ip -n pa link set eth0 up
ip -n pb link set eth0 up
ip -n a link set pa0 up
ip -n b link set pb0 up
ip -n pa route add default via 10.244.1.1
ip -n pb route add default via 10.244.2.1
ip netns exec a sysctl -w net.ipv4.ip_forward=1
ip netns exec b sysctl -w net.ipv4.ip_forward=1

ip netns exec a ping -c1 -W1 192.168.0.2
ip netns exec pa ping -c1 -W2 10.244.2.2
ip netns exec pa ping -c1 -W1 10.244.2.2
ip netns exec pa traceroute -n -q1 -w1 10.244.2.2
ip netns exec a ping -c1 -W1 10.244.2.0
ip netns exec a ping -c1 -W1 -s 1392 -M do 10.244.2.2 || true
ip netns exec a ping -c1 -W1 -s 1393 -M do 10.244.2.2 || true
ip netns exec pa ping -c1 -W1 -s 1393 -M do 10.244.2.2 || true
ip netns exec a ping -c1 -W1 10.99.0.1 || true
ip netns exec b ping -c1 -W1 -I 192.168.0.2 10.244.1.1 || true
ip -n a neigh show
ip netns exec a wg show
