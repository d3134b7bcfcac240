# A traceroute answer delivered to another namespace that owns the sender's address: r routes
# 10.1.1.2 (h1's address) to x, which has the same address. r's time-exceeded and h2's port
# unreachable reach x, not h1: h1's traceroute sees no hop. Overlapping address pools make this in
# random networks. Test-only scenario: RandomDisagreementsTest (issue 15).
ip netns add h1
ip netns add x
ip netns add r
ip netns add h2
ip -n h1 link set lo up
ip -n x link set lo up
ip -n r link set lo up
ip -n h2 link set lo up
ip -n r link add to-h1 type veth peer name eth0 netns h1
ip -n r link add to-x type veth peer name eth0 netns x
ip -n r link add to-h2 type veth peer name eth0 netns h2
ip -n h1 addr add 10.1.1.2/24 dev eth0
ip -n x addr add 10.1.1.2/24 dev eth0
ip -n r addr add 10.1.1.1/24 dev to-h1
ip -n r addr add 10.3.0.1/24 dev to-x
ip -n x addr add 10.3.0.2/24 dev eth0
ip -n r addr add 10.2.2.1/24 dev to-h2
ip -n h2 addr add 10.2.2.2/24 dev eth0
ip -n h1 link set eth0 up
ip -n x link set eth0 up
ip -n h2 link set eth0 up
ip -n r link set to-h1 up
ip -n r link set to-x up
ip -n r link set to-h2 up
ip -n h1 route add default via 10.1.1.1
ip -n h2 route add default via 10.2.2.1
ip -n r route add 10.1.1.2/32 via 10.3.0.2
ip netns exec r sysctl -w net.ipv4.ip_forward=1
sleep 1
ip -n r route get 10.1.1.2
ip netns exec h1 traceroute -n -q1 -w1 -m 3 10.2.2.2 || true
ip netns exec h1 traceroute -n -q1 -w1 -m 3 -I 10.2.2.2 || true
ip netns exec h1 ping -c1 -W1 10.2.2.2 || true
