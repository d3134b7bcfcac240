# An ICMP redirect (kernel-semantics.md): r forwards h1's packet for 10.2.0.1 back out of the
# device it came in on (lan, toward h2 on the same segment) with send_redirects on (the default),
# so it sends h1 a redirect and still forwards the packet; ping prints the redirect line before
# the reply. Test-only scenario: RandomDisagreementsTest (found by the random comparison, issue 15).
ip netns add lan
ip -n lan link add br0 type bridge
ip -n lan link set br0 up
ip netns add h1
ip netns add h2
ip netns add r
ip -n lan link add p-h1 type veth peer name eth0 netns h1
ip -n lan link add p-h2 type veth peer name eth0 netns h2
ip -n lan link add p-r type veth peer name eth0 netns r
ip -n lan link set p-h1 master br0 up
ip -n lan link set p-h2 master br0 up
ip -n lan link set p-r master br0 up
ip -n h1 link set lo up
ip -n h1 addr add 10.1.0.2/24 dev eth0
ip -n h1 link set eth0 up
ip -n h1 route add 10.2.0.0/24 via 10.1.0.1
ip -n r link set lo up
ip -n r addr add 10.1.0.1/24 dev eth0
ip -n r link set eth0 up
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip -n r route add 10.2.0.0/24 via 10.1.0.3
ip -n h2 link set lo up
ip -n h2 addr add 10.1.0.3/24 dev eth0
ip -n h2 addr add 10.2.0.1/32 dev lo
ip -n h2 link set eth0 up
sleep 1
ip -n r route get 10.2.0.1 from 10.1.0.2 iif eth0
ip netns exec h1 ping -c1 -W1 10.2.0.1
ip netns exec h1 traceroute -n -q1 -w1 -m 8 10.2.0.1
ip -n h1 neigh
ip -n r neigh
