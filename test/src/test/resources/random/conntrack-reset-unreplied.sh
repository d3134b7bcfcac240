# A connect refused by a reset: conntrack deletes a connection whose first answer is a RST at once
# (tcp_packet: "If only reply is a RST ... delete the conntrack immediately"), in the sender's
# namespace and in a router's, so `conntrack -L` shows no CLOSE entry for it. A connection that saw
# its SYN-ACK first and is then reset (traceroute -T's raw-socket SYNs) keeps CLOSE for 10 s.
# Found by the random comparison (seeds 12, 38, 43, 66). Test-only scenario: RandomDisagreementsTest
# (issue 15).
ip netns add c
ip -n c link set lo up
ip netns add r
ip -n r link set lo up
ip netns add s
ip -n s link set lo up
ip -n c link add e0 type veth peer name e0 netns r
ip -n r link add e1 type veth peer name e0 netns s
ip -n c addr add 10.0.0.2/24 dev e0
ip -n r addr add 10.0.0.1/24 dev e0
ip -n r addr add 10.0.1.1/24 dev e1
ip -n s addr add 10.0.1.2/24 dev e0
ip -n c link set e0 up
ip -n r link set e0 up
ip -n r link set e1 up
ip -n s link set e0 up
ip -n c route add default via 10.0.0.1
ip -n s route add default via 10.0.1.1
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip netns exec c iptables -A OUTPUT -p udp --dport 9 -j DROP
ip netns exec r iptables -t nat -A POSTROUTING -s 10.0.0.0/24 -o e1 -j MASQUERADE
ip netns exec s nc -lk 8080 &
sleep 1
ip netns exec c nc -zv -w2 -p 41956 10.0.1.2 8081 || true
ip netns exec c nc -zv -w2 -p 41957 10.0.1.1 8081 || true
ip netns exec c nc -zv -w2 -p 41958 10.0.1.2 8080 || true
