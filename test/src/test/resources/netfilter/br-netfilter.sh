# br_netfilter on one node (kernel-semantics.md section 10, experiment 11): FORWARD policy DROP
# stops same-bridge pod-to-pod traffic only with bridge-nf-call-iptables=1; a ClusterIP DNAT to
# a pod on the same bridge is bridged (call-iptables=1) or routed (0), and then the reply misses
# conntrack; a pod calling its own Service needs hairpin with br_netfilter.
# Test-only scenario: NetfilterKernelAgreementTest.
ip netns add n1
ip -n n1 link set lo up
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
ip -n p1 route add default via 10.244.0.1
ip netns add p2
ip -n p2 link set lo up
ip -n p2 link add eth0 type veth peer name veth-p2 netns n1
ip -n n1 link set veth-p2 master cni0 up
ip -n p2 addr add 10.244.0.3/24 dev eth0
ip -n p2 link set eth0 up
ip -n p2 route add default via 10.244.0.1
ip netns exec p2 nc -lk 8080 &
ip netns exec n1 iptables -P FORWARD DROP
ip netns exec n1 sysctl -w net.bridge.bridge-nf-call-iptables=0
ip netns exec p1 ping -c1 -W1 10.244.0.3
ip netns exec n1 sysctl -w net.bridge.bridge-nf-call-iptables=1
ip netns exec p1 ping -c1 -W1 10.244.0.3 || true
ip netns exec n1 iptables -P FORWARD ACCEPT
ip netns exec n1 iptables -t nat -A PREROUTING -d 10.96.0.20/32 -p tcp --dport 80 -j DNAT --to-destination 10.244.0.3:8080
ip netns exec n1 iptables -t nat -A POSTROUTING -s 10.244.0.3/32 -d 10.244.0.3/32 -j MASQUERADE
ip netns exec p1 nc -zv -w2 -p 45001 10.96.0.20 80
ip netns exec p2 nc -zv -w2 -p 45002 10.96.0.20 80 || true
ip netns exec n1 sysctl -w net.bridge.bridge-nf-call-iptables=0
ip netns exec p1 nc -zv -w2 -p 45003 10.96.0.20 80 || true
ip netns exec p2 nc -zv -w2 -p 45004 10.96.0.20 80
ip netns exec n1 sysctl -w net.bridge.bridge-nf-call-iptables=1
ip -n n1 link set veth-p2 type bridge_slave hairpin on
ip netns exec p2 nc -zv -w2 -p 45005 10.96.0.20 80
