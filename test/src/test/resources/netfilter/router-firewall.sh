# A router with a stateful FORWARD firewall, every REJECT variant, a DNAT, and a REJECT in INPUT
# (kernel-semantics.md 9.2-9.4, experiment 08). Test-only scenario: NetfilterKernelAgreementTest.
ip netns add r
ip netns add h
ip netns add s
ip -n r link add eth0 type veth peer name eth0 netns h
ip -n r link add eth1 type veth peer name eth0 netns s
ip -n r addr add 10.1.0.254/24 dev eth0
ip -n r addr add 10.2.0.254/24 dev eth1
ip -n r link set eth0 up
ip -n r link set eth1 up
ip -n r link set lo up
ip -n h link set lo up
ip -n s link set lo up
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip -n h addr add 10.1.0.1/24 dev eth0
ip -n h link set eth0 up
ip -n h route add default via 10.1.0.254
ip -n s addr add 10.2.0.1/24 dev eth0
ip -n s link set eth0 up
ip -n s route add default via 10.2.0.254
ip netns exec s nc -lk 80 &
ip netns exec r iptables -P FORWARD DROP
ip netns exec r iptables -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
ip netns exec r iptables -A FORWARD -i eth0 -o eth1 -m conntrack --ctstate NEW -j ACCEPT
ip netns exec h ping -c1 -W1 10.2.0.1
ip netns exec h nc -zv -w2 -p 45015 10.2.0.1 80
ip netns exec s ping -c1 -W1 10.1.0.1 || true
ip netns exec r iptables -I FORWARD 1 -p icmp -d 10.2.0.1 -j REJECT
ip netns exec h ping -c1 -W1 10.2.0.1 || true
ip netns exec r iptables -R FORWARD 1 -p icmp -d 10.2.0.1 -j REJECT --reject-with icmp-host-prohibited
ip netns exec h ping -c1 -W1 10.2.0.1 || true
ip netns exec r iptables -R FORWARD 1 -p icmp -d 10.2.0.1 -j REJECT --reject-with icmp-admin-prohibited
ip netns exec h ping -c1 -W1 10.2.0.1 || true
ip netns exec r iptables -R FORWARD 1 -p tcp -d 10.2.0.1 --dport 80 -j REJECT --reject-with tcp-reset
ip netns exec h nc -zv -w2 -p 45016 10.2.0.1 80 || true
ip netns exec r iptables -D FORWARD 1
ip netns exec r iptables -t nat -A PREROUTING -d 10.1.0.254 -p tcp --dport 8080 -j DNAT --to-destination 10.2.0.1:80
ip netns exec h nc -zv -w2 -p 45017 10.1.0.254 8080
ip netns exec s iptables -A INPUT -p icmp -j REJECT
ip netns exec h ping -c1 -W1 10.2.0.1 || true
