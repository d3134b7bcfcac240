# traceroute to an address the sender has no route to: connect() fails, traceroute prints
# "connect: Network is unreachable" and no hop line (found by the random comparison, seed 1).
# Test-only scenario: RandomDisagreementsTest (issue 15).
ip netns add h1
ip netns add h2
ip -n h1 link set lo up
ip -n h2 link set lo up
ip -n h1 link add eth0 type veth peer name eth0 netns h2
ip -n h1 addr add 10.1.1.1/24 dev eth0
ip -n h2 addr add 10.1.1.2/24 dev eth0
ip -n h1 link set eth0 up
ip -n h2 link set eth0 up
ip -n h1 route add unreachable 10.7.0.0/16
sleep 1
ip netns exec h1 traceroute -n -q1 -w1 -m 5 10.9.0.1 || true
ip netns exec h1 traceroute -n -q1 -w1 -m 5 -I 10.9.0.1 || true
ip netns exec h1 traceroute -n -q1 -w1 -m 5 -T 10.9.0.1 || true
ip netns exec h1 traceroute -n -q1 -w1 -m 5 10.7.0.1 || true
ip netns exec h1 traceroute -n -q1 -w1 -m 5 10.1.1.2
