# The source of a REJECT's ICMP error for a bridged packet whose destination is an address of the
# bridging namespace (br_netfilter): p1 routes 10.9.0.1 (an address on n1's lo) via p2, so the
# packet is bridged by n1 (to p2's MAC) and meets FORWARD's REJECT. br_netfilter's route is not a
# local one, so the error's source comes from the route back to p1 (cni0's 10.244.0.1), not the
# packet's destination. Test-only scenario: RandomDisagreementsTest (issue 15).
ip netns add n1
ip -n n1 link set lo up
ip -n n1 addr add 10.9.0.1/32 dev lo
ip -n n1 link add cni0 type bridge
ip -n n1 addr add 10.244.0.1/24 dev cni0
ip -n n1 link set cni0 up
ip netns exec n1 sysctl -w net.ipv4.ip_forward=1
ip netns add p1
ip -n p1 link set lo up
ip -n p1 link add eth0 type veth peer name veth-p1 netns n1
ip -n n1 link set veth-p1 master cni0 up
ip -n p1 addr add 10.244.0.2/24 dev eth0
ip -n p1 link set eth0 up
ip -n p1 route add 10.9.0.1/32 via 10.244.0.3
ip netns add p2
ip -n p2 link set lo up
ip -n p2 link add eth0 type veth peer name veth-p2 netns n1
ip -n n1 link set veth-p2 master cni0 up
ip -n p2 addr add 10.244.0.3/24 dev eth0
ip -n p2 link set eth0 up
ip netns exec n1 sysctl -w net.bridge.bridge-nf-call-iptables=1
ip netns exec n1 iptables -A FORWARD -d 10.9.0.1/32 -j REJECT
sleep 1
ip netns exec p1 ping -c1 -W1 10.9.0.1 || true
ip netns exec p1 traceroute -n -q1 -w1 -m 4 10.9.0.1 || true
ip netns exec p1 ping -c1 -W1 10.244.0.1
ip -n p1 neigh
