#!/usr/bin/env bash
# geneve.sh: OVN's encapsulation without OVN. Three hosts on one underlay segment (a bridge in the
# namespace sw), a Geneve device g0 (UDP 6081, VNI 42) on each, and a pod behind hosts a and b
# routed through the tunnel:
#
#   pa 10.1.1.2 --- a 10.1.1.1 | g0 10.0.0.1 id 42 remote 192.168.0.2 | eth0 192.168.0.1 ---+
#   pb 10.1.2.2 --- b 10.1.2.1 | g0 10.0.0.2 id 42 remote 192.168.0.1 | eth0 192.168.0.2 ---+ sw br0
#                   c          | g0 10.0.0.3 id 42 remote 192.168.0.1 | eth0 192.168.0.3 ---+
#
# A Geneve device without `external` has one remote: every frame sent on it goes there, wrapped in
# Geneve/UDP/IPv4 (50 bytes with the inner Ethernet header), so g0's MTU is the underlay's 1500 less
# 50 (the kernel sets it from the route to the remote when the device is made). A datagram to UDP
# 6081 is taken by the device whose VNI and remote match the outer packet: c's frames reach a, whose
# g0 has the remote 192.168.0.2, and are dropped there without an answer.
#
# Kernel-verified in a VM (Debian's kernel has the geneve module, this machine's has not):
#   sudo ./podpath verify samples/geneve.sh --kernel=vm
# Run it with podpath: ./podpath trace samples/geneve.sh --from pa --to 10.1.2.2
set -e

ip netns add sw
ip netns add a
ip netns add b
ip netns add c
ip netns add pa
ip netns add pb
ip -n sw link add br0 type bridge
ip -n sw link set br0 up
ip -n a link add eth0 type veth peer name a0 netns sw
ip -n b link add eth0 type veth peer name b0 netns sw
ip -n c link add eth0 type veth peer name c0 netns sw
ip -n sw link set a0 master br0
ip -n sw link set b0 master br0
ip -n sw link set c0 master br0
ip -n sw link set a0 up
ip -n sw link set b0 up
ip -n sw link set c0 up
ip -n a addr add 192.168.0.1/24 dev eth0
ip -n b addr add 192.168.0.2/24 dev eth0
ip -n c addr add 192.168.0.3/24 dev eth0
ip -n a link set eth0 up
ip -n b link set eth0 up
ip -n c link set eth0 up

ip -n a link add g0 type geneve id 42 remote 192.168.0.2
ip -n b link add g0 type geneve id 42 remote 192.168.0.1
ip -n c link add g0 type geneve id 42 remote 192.168.0.1
ip -n a addr add 10.0.0.1/24 dev g0
ip -n b addr add 10.0.0.2/24 dev g0
ip -n c addr add 10.0.0.3/24 dev g0
ip -n a link set g0 up
ip -n b link set g0 up
ip -n c link set g0 up

ip -n pa link add eth0 type veth peer name pa0 netns a
ip -n pb link add eth0 type veth peer name pb0 netns b
ip -n pa addr add 10.1.1.2/24 dev eth0
ip -n pb addr add 10.1.2.2/24 dev eth0
ip -n a addr add 10.1.1.1/24 dev pa0
ip -n b addr add 10.1.2.1/24 dev pb0
ip -n pa link set eth0 up
ip -n pb link set eth0 up
ip -n a link set pa0 up
ip -n b link set pb0 up
ip -n pa route add default via 10.1.1.1
ip -n pb route add default via 10.1.2.1
ip -n a route add 10.1.2.0/24 via 10.0.0.2 dev g0
ip -n b route add 10.1.1.0/24 via 10.0.0.1 dev g0
ip netns exec a sysctl -w net.ipv4.ip_forward=1
ip netns exec b sysctl -w net.ipv4.ip_forward=1

# the underlay, then the pods through the tunnel (each host forwards: TTL 62 at the far pod)
ip netns exec a ping -c1 -W1 192.168.0.2
ip netns exec pa ping -c1 -W2 10.1.2.2
ip netns exec pa traceroute -n -q1 -w1 10.1.2.2
# g0's MTU is 1450: 1422 bytes of ICMP data fit, 1423 do not (a local error on a, a forwarded
# packet's "Frag needed" from a for pa)
ip netns exec a ping -c1 -W1 -s 1422 -M do 10.0.0.2
ip netns exec a ping -c1 -W1 -s 1423 -M do 10.0.0.2 || true
ip netns exec pa ping -c1 -W1 -s 1423 -M do 10.1.2.2 || true
# c's tunnel is not a's: a has no Geneve device with remote 192.168.0.3, and drops what c sends
ip netns exec c ping -c1 -W1 10.0.0.1 || true
