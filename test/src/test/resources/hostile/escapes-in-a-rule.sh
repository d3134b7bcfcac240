# an iptables rule whose comment holds terminal escape sequences: traces cite the rule's text
ip netns add a
ip netns add b
ip link add va netns a type veth peer name vb netns b
ip -n a addr add 10.0.0.1/24 dev va
ip -n b addr add 10.0.0.2/24 dev vb
ip -n a link set va up
ip -n b link set vb up
ip netns exec b iptables -A INPUT -s 10.0.0.1 -m comment --comment "[2J]0;pwned 31m" -j ACCEPT
ip netns exec a ping -c1 -W1 10.0.0.2
