# A scenario padded around one ping, for ReduceKernelTest (podpath verify --reduce): a -- r -- b,
# with a second router r2 beside b, a bridge in lan, an iptables rule and other probes that the
# disagreement the test makes (podpath reads ip_forward=1 as 0) does not need.
ip netns add a
ip netns add r
ip netns add b
ip netns add r2
ip netns add lan
ip -n lan link add br0 type bridge
ip -n lan link set br0 up
ip -n a link add eth0 type veth peer name ra netns r
ip -n b link add eth0 type veth peer name rb netns r
ip -n r2 link add eth0 type veth peer name p-r2 netns lan
ip -n lan link set p-r2 master br0 up
ip -n a addr add 10.0.1.2/24 dev eth0
ip -n a link set eth0 up && ip -n a link set lo up
ip -n r addr add 10.0.1.1/24 dev ra
ip -n r addr add 10.0.2.1/24 dev rb
ip -n r link set ra up; ip -n r link set rb up
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip -n b addr add 10.0.2.2/24 dev eth0
ip -n b link set eth0 up
ip -n r2 addr add 10.0.3.1/24 dev eth0
ip -n r2 link set eth0 up
ip netns exec r2 sysctl -w net.ipv4.ip_forward=1
ip -n a route add default via 10.0.1.1
ip -n b route add default via 10.0.2.1
ip netns exec b iptables -A INPUT -p tcp --dport 22 -j DROP
ip netns exec a ip route get 10.0.2.2
ip netns exec r2 ping -c 1 -W1 10.0.3.1
ip netns exec a ping -c 1 -W1 10.0.2.2
ip netns exec a traceroute -n -q1 -w1 -m 3 10.0.1.1
ip netns exec b ping -c 1 -W1 10.0.2.1
ip -n a neigh
