# A node's own connection to a ClusterIP whose endpoint is the node itself (the API server's
# Service on a control-plane node): OUTPUT's DNAT sends it to the node's own address, so it loops
# through lo. The packet keeps the connection it was given at OUTPUT (the loopback keeps the skb's
# conntrack), PREROUTING makes no second entry, and the answer is un-DNATed: the socket connected to
# 10.96.0.1:443 sees it. One entry in `conntrack -L`. A port with no listener is refused the same way
# (the reset is un-DNATed too). Found building plan's cluster (issue 13); test-only scenario:
# RandomDisagreementsTest (issue 15).
ip netns add n1
ip netns add gw
ip -n n1 link set lo up
ip -n gw link set lo up
ip -n n1 link add eth0 type veth peer name eth0 netns gw
ip -n n1 addr add 192.168.50.11/24 dev eth0
ip -n gw addr add 192.168.50.1/24 dev eth0
ip -n n1 link set eth0 up
ip -n gw link set eth0 up
ip -n n1 route add default via 192.168.50.1
ip netns exec n1 iptables -t nat -A OUTPUT -d 10.96.0.1/32 -p tcp --dport 443 -j DNAT --to-destination 192.168.50.11:6443
ip netns exec n1 iptables -t nat -A OUTPUT -d 10.96.0.1/32 -p tcp --dport 444 -j DNAT --to-destination 192.168.50.11:6444
ip netns exec n1 nc -lk 6443 &
sleep 1
ip netns exec n1 nc -zv -w2 -p 41001 10.96.0.1 443
ip netns exec n1 nc -zv -w2 -p 41002 10.96.0.1 444 || true
ip netns exec n1 nc -zv -w2 -p 41003 192.168.50.11 6443
ip netns exec n1 ping -c1 -W1 192.168.50.1
