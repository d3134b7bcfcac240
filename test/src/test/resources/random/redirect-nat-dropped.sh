# An ICMP redirect nf_nat drops: n1 forwards ext's packets for 10.244.1.0/24 back out of eth0 (to
# n2, on the same link), so ip_forward sends ext a redirect; the redirect carries the connection of
# the packet it is about, and nf_nat_icmp_reply_translation drops a redirect about a connection that
# is NATed (the NodePort connect, DNATed to 10.244.1.2) or whose NAT is not finished yet (the plain
# connect's SYN, redirected before POSTROUTING, once conntrack runs: the FORWARD rule's conntrack
# match; ext2's connect). mangle OUTPUT counts both redirects (88 bytes each), filter OUTPUT
# neither, and the senders, which never get them, keep their route via n1. n2 sends the answers back
# through n1 (/32 routes on the same link: n1 sends n2 no redirect, its source is not on-link). Two
# senders, since each has its own redirect back-off on n1 (podpath does not let a `sleep` pass
# time). Found by samples/kube-proxy.sh (ext's NodePort connect), whose filter OUTPUT counted no
# redirect. Test-only scenario: RandomDisagreementsTest (issue 15).
ip netns add lan
ip -n lan link add br0 type bridge
ip -n lan link set br0 up
ip netns add ext
ip netns add ext2
ip netns add n1
ip netns add n2
ip netns add pc
ip -n lan link add lan-ext type veth peer name eth0 netns ext
ip -n lan link add lan-ext2 type veth peer name eth0 netns ext2
ip -n lan link add lan-n1 type veth peer name eth0 netns n1
ip -n lan link add lan-n2 type veth peer name eth0 netns n2
ip -n lan link set lan-ext master br0
ip -n lan link set lan-ext2 master br0
ip -n lan link set lan-n1 master br0
ip -n lan link set lan-n2 master br0
ip -n lan link set lan-ext up
ip -n lan link set lan-ext2 up
ip -n lan link set lan-n1 up
ip -n lan link set lan-n2 up
ip -n ext addr add 192.168.50.100/24 dev eth0
ip -n ext link set eth0 up
ip -n ext2 addr add 192.168.50.101/24 dev eth0
ip -n ext2 link set eth0 up
ip -n n1 addr add 192.168.50.11/24 dev eth0
ip -n n1 link set eth0 up
ip -n n2 addr add 192.168.50.12/24 dev eth0
ip -n n2 link set eth0 up
ip -n n2 link add veth-pc type veth peer name eth0 netns pc
ip -n n2 addr add 10.244.1.1/24 dev veth-pc
ip -n n2 link set veth-pc up
ip -n pc addr add 10.244.1.2/24 dev eth0
ip -n pc link set eth0 up
ip -n pc route add default via 10.244.1.1
ip netns exec n1 sysctl -w net.ipv4.ip_forward=1
ip netns exec n2 sysctl -w net.ipv4.ip_forward=1
ip -n n1 route add 10.244.1.0/24 via 192.168.50.12 dev eth0
ip -n n2 route add default via 192.168.50.11
ip -n n2 route add 192.168.50.100/32 via 192.168.50.11 dev eth0
ip -n n2 route add 192.168.50.101/32 via 192.168.50.11 dev eth0
ip -n ext route add 10.244.0.0/16 via 192.168.50.11
ip -n ext2 route add 10.244.0.0/16 via 192.168.50.11
ip netns exec pc nc -lk 8080 &
sleep 0.5
ip netns exec n1 iptables -t mangle -A OUTPUT -p icmp
ip netns exec n1 iptables -A OUTPUT -p icmp
ip netns exec n1 iptables -A FORWARD -m conntrack --ctstate NEW
ip netns exec n1 iptables -t nat -A PREROUTING -p tcp --dport 30080 -j MARK --set-mark 0x4000
ip netns exec n1 iptables -t nat -A PREROUTING -d 192.168.50.11 -p tcp --dport 30080 -j DNAT --to-destination 10.244.1.2:8080
ip netns exec n1 iptables -t nat -A POSTROUTING -m mark --mark 0x4000 -j MASQUERADE
ip netns exec ext nc -zv -w2 -p 41006 192.168.50.11 30080
ip netns exec ext2 nc -zv -w2 -p 41007 10.244.1.2 8080
ip -n ext2 route get 10.244.1.2
ip netns exec n1 iptables -t mangle -L OUTPUT -v -n -x
ip netns exec n1 iptables -L OUTPUT -v -n -x
