#!/usr/bin/env bash
# wireguard.sh: flannel's wireguard backend by hand (Calico's and Cilium's WireGuard encryption work
# alike): hosts a and b on a veth, a wg0 on each with a /32 (flannel's 10.244.N.0) and one peer
# whose allowed-ips is the other's pod CIDR, a pod behind each host. Needs the wireguard module:
# `podpath verify wireguard.sh` runs it in the VM (docs/verify.md). The keys are test keys
# (wireguard/a.key, b.key).
#   - the first ping waits for the handshake (initiation and response), then is answered (ttl=62:
#     two forwards); it has -W2, since under the VM's emulation the handshake takes 0.8 s;
#   - wg0's MTU is 1420: 1392 bytes of ICMP data fit, 1393 do not;
#   - a route into wg0 for which no peer's allowed-ips hold the destination (10.99.0.0/24): the
#     kernel drops the packet (ENOKEY) and sends ICMP host unreachable back, which a pod sees;
#   - a peer without an endpoint (10.98.0.0/24): dropped (EDESTADDRREQ), host unreachable as well;
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
ip netns exec a wg set wg0 listen-port 51820 private-key wireguard/a.key peer 4XBXjAqk/bVjAhPwCqpmrZb8EGirTY8kBKhknpeksFE= allowed-ips 10.244.2.0/24 endpoint 192.168.0.2:51820
ip netns exec b wg set wg0 listen-port 51820 private-key wireguard/b.key peer TptPhf/IRNZfKImmpqxITQu/C5OqMAhj9tTQ7534zDw= allowed-ips 10.244.1.0/24 endpoint 192.168.0.1:51820
ip netns exec a wg set wg0 peer DpwJ/w+8OI1ftacJ7qxRN7TINZ5v0zWkIL9i+/1Yam4= allowed-ips 10.98.0.0/24
ip -n a addr add 10.244.1.0/32 dev wg0
ip -n b addr add 10.244.2.0/32 dev wg0
ip -n a link set wg0 up
ip -n b link set wg0 up
ip -n a route add 10.244.2.0/24 dev wg0
ip -n b route add 10.244.1.0/24 dev wg0
ip -n a route add 10.99.0.0/24 dev wg0
ip -n a route add 10.98.0.0/24 dev wg0
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
ip netns exec a ip route get 10.244.2.2
ip netns exec a ping -c1 -W1 -s 1392 -M do 10.244.2.2 || true
ip netns exec a ping -c1 -W1 -s 1393 -M do 10.244.2.2 || true
ip netns exec pa ping -c1 -W1 -s 1393 -M do 10.244.2.2 || true
ip netns exec a ping -c1 -W1 10.99.0.1 || true
ip netns exec pa ping -c1 -W1 10.99.0.1 || true
ip netns exec pa ping -c1 -W1 10.98.0.1 || true
ip netns exec b ping -c1 -W1 -I 192.168.0.2 10.244.1.1 || true
ip netns exec pb ping -c1 -W1 10.244.1.2
