# traceroute through NAT, on samples/kube-proxy.sh's two nodes (test-only scenario for
# NetfilterKernelAgreementTest; rules: traceroute-nat.rules, one endpoint per Service). The kernel
# showed (6.18, traceroute 2.1.2):
#   * an ICMP error about a DNATed packet leaves the DNATing node, or passes it, with its outer
#     source rewritten to the address the probe was sent to (nf_nat_icmp_reply_translation): every
#     hop behind a ClusterIP, a NodePort or a 1:1 DNAT prints that address;
#   * a time-exceeded from the destination's own address does not end traceroute (only a reply
#     from the destination, or an unreachable, does), so such hops repeat;
#   * -U sends every probe to port 53 (the UDP Service), the default method to 33434 and up (no
#     Service port): only -U is DNATed;
#   * through a MASQUERADE the errors come back un-NATed from the router that sent them;
#   * through a bridged DNAT (endpoint behind the same bridge) the first probe already arrives.

# ---------- the L2 segment the nodes share, and a host outside the cluster ----------
ip netns add lan
ip -n lan link add br0 type bridge
ip -n lan link set br0 up

ip netns add ext
ip -n lan link add lan-ext type veth peer name eth0 netns ext
ip -n lan link set lan-ext master br0
ip -n lan link set lan-ext up
ip -n ext link set lo up
ip -n ext addr add 192.168.50.100/24 dev eth0
ip -n ext link set eth0 up

# ---------- the nodes ----------
ip netns add n1
ip -n lan link add lan-n1 type veth peer name eth0 netns n1
ip -n lan link set lan-n1 master br0
ip -n lan link set lan-n1 up
ip -n n1 link set lo up
ip -n n1 addr add 192.168.50.11/24 dev eth0
ip -n n1 link set eth0 up
ip -n n1 link add cni0 type bridge
ip -n n1 addr add 10.244.0.1/24 dev cni0
ip -n n1 link set cni0 up
ip netns exec n1 sysctl -w net.ipv4.ip_forward=1

ip netns add n2
ip -n lan link add lan-n2 type veth peer name eth0 netns n2
ip -n lan link set lan-n2 master br0
ip -n lan link set lan-n2 up
ip -n n2 link set lo up
ip -n n2 addr add 192.168.50.12/24 dev eth0
ip -n n2 link set eth0 up
ip -n n2 link add cni0 type bridge
ip -n n2 addr add 10.244.1.1/24 dev cni0
ip -n n2 link set cni0 up
ip netns exec n2 sysctl -w net.ipv4.ip_forward=1

# host-gw routes, and the way out of the cluster
ip -n n1 route add 10.244.1.0/24 via 192.168.50.12 dev eth0
ip -n n2 route add 10.244.0.0/24 via 192.168.50.11 dev eth0
ip -n n1 route add default via 192.168.50.100
ip -n n2 route add default via 192.168.50.100

# ---------- the pods ----------
ip netns add p1
ip -n n1 link add veth-p1 type veth peer name eth0 netns p1
ip -n n1 link set veth-p1 master cni0
ip -n n1 link set veth-p1 up
ip -n p1 link set lo up
ip -n p1 addr add 10.244.0.2/24 dev eth0
ip -n p1 link set eth0 up
ip -n p1 route add default via 10.244.0.1

ip netns add pa
ip -n n1 link add veth-pa type veth peer name eth0 netns pa
ip -n n1 link set veth-pa master cni0
ip -n n1 link set veth-pa up
ip -n pa link set lo up
ip -n pa addr add 10.244.0.3/24 dev eth0
ip -n pa link set eth0 up
ip -n pa route add default via 10.244.0.1

ip netns add pb
ip -n n1 link add veth-pb type veth peer name eth0 netns pb
ip -n n1 link set veth-pb master cni0
ip -n n1 link set veth-pb up
ip -n pb link set lo up
ip -n pb addr add 10.244.0.4/24 dev eth0
ip -n pb link set eth0 up
ip -n pb route add default via 10.244.0.1

ip netns add pc
ip -n n2 link add veth-pc type veth peer name eth0 netns pc
ip -n n2 link set veth-pc master cni0
ip -n n2 link set veth-pc up
ip -n pc link set lo up
ip -n pc addr add 10.244.1.2/24 dev eth0
ip -n pc link set eth0 up
ip -n pc route add default via 10.244.1.1

ip netns exec n1 iptables-restore < traceroute-nat.rules
ip netns exec n2 iptables-restore < traceroute-nat.rules

ip netns exec pa nc -lk 8080 &
ip netns exec pc nc -lk 8080 &
ip netns exec ext nc -lk 80 &
sleep 0.5

# a ClusterIP whose endpoint shares the pod's bridge (bridged, TTL kept), and one on the other node
ip netns exec p1 traceroute -n -q1 -w1 -m5 -T -p 80 10.96.0.30
ip netns exec pc traceroute -n -q1 -w1 -m5 -T -p 80 10.96.0.30
ip netns exec p1 traceroute -n -q1 -w1 -m5 -T -p 80 10.96.0.40
# a UDP Service: -U probes its port 53, the default method does not
ip netns exec p1 traceroute -n -q1 -w1 -m5 -U 10.96.0.10
ip netns exec p1 traceroute -n -q1 -w1 -m5 10.96.0.10
# every method through a 1:1 DNAT to a pod on the other node
ip netns exec p1 traceroute -n -q1 -w1 -m5 -I 10.96.0.99
ip netns exec p1 traceroute -n -q1 -w1 -m5 10.96.0.99
ip netns exec p1 traceroute -n -q1 -w1 -m5 -U 10.96.0.99
ip netns exec p1 traceroute -n -q1 -w1 -m5 -T -p 8080 10.96.0.99
# from the nodes themselves (nat OUTPUT, then KUBE-MARK-MASQ's MASQUERADE)
ip netns exec n1 traceroute -n -q1 -w1 -m5 -T -p 80 10.96.0.30
ip netns exec n1 traceroute -n -q1 -w1 -m5 -T -p 80 10.96.0.40
ip netns exec n2 traceroute -n -q1 -w1 -m5 -T -p 80 10.96.0.30
ip netns exec n2 traceroute -n -q1 -w1 -m5 -U 10.96.0.10
# a NodePort: DNAT and MASQUERADE on n1, the endpoint on n2
ip netns exec ext traceroute -n -q1 -w1 -m5 -T -p 30040 192.168.50.11
# out of the cluster through flannel's MASQUERADE
ip netns exec p1 traceroute -n -q1 -w1 -m5 -I 192.168.50.100
ip netns exec p1 traceroute -n -q1 -w1 -m5 -T -p 80 192.168.50.100
ip netns exec p1 traceroute -n -q1 -w1 -m5 192.168.50.100
ip netns exec p1 traceroute -n -q1 -w1 -m5 -U 192.168.50.12
# several queries per hop: stars and answers as the tool prints them
ip netns exec p1 traceroute -n -q2 -w1 -m3 10.96.0.10
ip netns exec p1 traceroute -n -q3 -w1 -m5 -I 10.96.0.99
# every method through a 1:1 DNAT to a pod behind the same bridge (bridged DNAT: the TTL is kept)
ip netns exec p1 traceroute -n -q1 -w1 -m5 -I 10.96.0.98
ip netns exec p1 traceroute -n -q1 -w1 -m5 10.96.0.98
ip netns exec p1 traceroute -n -q1 -w1 -m5 -U 10.96.0.98
ip netns exec p1 traceroute -n -q1 -w1 -m5 -T -p 8080 10.96.0.98
