# traceroute whose first probe OUTPUT drops or rejects: sendto fails with EPERM, traceroute prints
# "send: Operation not permitted" and stops with no hop line. Test-only scenario:
# RandomDisagreementsTest (issue 15).
ip netns add h1
ip netns add h2
ip -n h1 link set lo up
ip -n h2 link set lo up
ip -n h1 link add eth0 type veth peer name eth0 netns h2
ip -n h1 addr add 10.1.1.1/24 dev eth0
ip -n h2 addr add 10.1.1.2/24 dev eth0
ip -n h1 link set eth0 up
ip -n h2 link set eth0 up
sleep 1
ip netns exec h1 iptables -A OUTPUT -p udp -j DROP
ip netns exec h1 traceroute -n -q1 -w1 -m 4 10.1.1.2 || true
ip netns exec h1 traceroute -n -q1 -w1 -m 4 -I 10.1.1.2 || true
ip netns exec h1 iptables -F OUTPUT
ip netns exec h1 iptables -A OUTPUT -p icmp -j REJECT
ip netns exec h1 traceroute -n -q1 -w1 -m 4 -I 10.1.1.2 || true
ip netns exec h1 traceroute -n -q1 -w1 -m 4 10.1.1.2 || true
