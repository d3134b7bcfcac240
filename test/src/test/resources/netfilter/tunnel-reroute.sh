# A VXLAN tunnel's outer packet is a locally generated packet: it crosses mangle OUTPUT, and a new
# mark there routes it again (ip_route_me_harder), here into a table whose route refuses it: echo
# requests and replies through the tunnel are lost, the underlay's own ping is not marked.
# Test-only scenario: NetfilterKernelAgreementTest.
ip netns add a
ip netns add b
ip -n a link add eth0 type veth peer name eth0 netns b
ip -n a addr add 192.168.0.1/24 dev eth0
ip -n b addr add 192.168.0.2/24 dev eth0
ip -n a link set eth0 up
ip -n b link set eth0 up
ip -n a link set lo up
ip -n b link set lo up
ip -n a link add vx0 type vxlan id 42 local 192.168.0.1 remote 192.168.0.2 dstport 4789 dev eth0
ip -n b link add vx0 type vxlan id 42 local 192.168.0.2 remote 192.168.0.1 dstport 4789 dev eth0
ip -n a addr add 10.9.0.1/24 dev vx0
ip -n b addr add 10.9.0.2/24 dev vx0
ip -n a link set vx0 up
ip -n b link set vx0 up
ip netns exec a ping -c1 -W1 10.9.0.2
ip -n a rule add fwmark 0x1 lookup 100
ip -n a route add unreachable 192.168.0.2 table 100
ip netns exec a iptables -t mangle -A OUTPUT -p udp --dport 4789 -j MARK --set-mark 0x1
ip netns exec a ping -c1 -W1 10.9.0.2 || true
ip netns exec b ping -c1 -W1 10.9.0.1 || true
ip netns exec a ping -c1 -W1 192.168.0.2
ip -n a route replace 192.168.0.2 dev eth0 table 100
ip netns exec a ping -c1 -W1 10.9.0.2
ip netns exec b ping -c1 -W1 10.9.0.1
