# Two nodes with kube-proxy-like rules (kernel-semantics.md 9.4, experiment 09): ClusterIP from a pod
# and from the node (source chosen before DNAT; no covering route: Network is unreachable), NodePort,
# pod egress through flannel's MASQUERADE and without it. The outcomes do not depend on the endpoint
# the statistic match picks. Test-only scenario: NetfilterKernelAgreementTest.
ip netns add lan
ip -n lan link set lo up
ip -n lan link add br50 type bridge
ip -n lan link set br50 up
ip netns add n1
ip -n n1 link set lo up
ip -n n1 link add cni0 type bridge
ip -n n1 addr add 10.244.0.1/24 dev cni0
ip -n n1 link set cni0 up
ip netns exec n1 sysctl -w net.ipv4.ip_forward=1
ip netns add n2
ip -n n2 link set lo up
ip -n n2 link add cni0 type bridge
ip -n n2 addr add 10.244.1.1/24 dev cni0
ip -n n2 link set cni0 up
ip netns exec n2 sysctl -w net.ipv4.ip_forward=1
ip netns add ext
ip -n ext link set lo up
ip -n n1 link add eth0 type veth peer name br50-n1 netns lan
ip -n lan link set br50-n1 master br50 up
ip -n n1 addr add 192.168.50.11/24 dev eth0
ip -n n1 link set eth0 up
ip -n n2 link add eth0 type veth peer name br50-n2 netns lan
ip -n lan link set br50-n2 master br50 up
ip -n n2 addr add 192.168.50.12/24 dev eth0
ip -n n2 link set eth0 up
ip -n ext link add eth0 type veth peer name br50-ext netns lan
ip -n lan link set br50-ext master br50 up
ip -n ext addr add 192.168.50.100/24 dev eth0
ip -n ext link set eth0 up
ip -n n1 route add 10.244.1.0/24 via 192.168.50.12 dev eth0
ip -n n2 route add 10.244.0.0/24 via 192.168.50.11 dev eth0
ip -n n1 route add default via 192.168.50.100
ip -n n2 route add default via 192.168.50.100
ip netns add p1
ip -n p1 link set lo up
ip -n p1 link add eth0 type veth peer name veth-p1 netns n1
ip -n n1 link set veth-p1 master cni0 up
ip -n p1 addr add 10.244.0.2/24 dev eth0
ip -n p1 link set eth0 up
ip -n p1 route add default via 10.244.0.1
ip netns add pa
ip -n pa link set lo up
ip -n pa link add eth0 type veth peer name veth-pa netns n1
ip -n n1 link set veth-pa master cni0 up
ip -n pa addr add 10.244.0.3/24 dev eth0
ip -n pa link set eth0 up
ip -n pa route add default via 10.244.0.1
ip netns add pb
ip -n pb link set lo up
ip -n pb link add eth0 type veth peer name veth-pb netns n1
ip -n n1 link set veth-pb master cni0 up
ip -n pb addr add 10.244.0.4/24 dev eth0
ip -n pb link set eth0 up
ip -n pb route add default via 10.244.0.1
ip netns add pc
ip -n pc link set lo up
ip -n pc link add eth0 type veth peer name veth-pc netns n2
ip -n n2 link set veth-pc master cni0 up
ip -n pc addr add 10.244.1.2/24 dev eth0
ip -n pc link set eth0 up
ip -n pc route add default via 10.244.1.1
ip netns exec pa nc -lk 8080 &
ip netns exec pb nc -lk 8080 &
ip netns exec pc nc -lk 8080 &
ip netns exec ext nc -lk 80 &
ip netns exec n1 iptables-restore --noflush kube-proxy.rules
ip netns exec n2 iptables-restore --noflush flannel.rules
ip netns exec p1 nc -zv -w2 -p 45006 10.96.0.10 80
ip netns exec p1 nc -zv -w2 -p 45007 10.96.0.10 81 || true
ip netns exec ext nc -zv -w2 -p 45008 192.168.50.11 30080
ip netns exec p1 nc -zv -w2 -p 45009 192.168.50.100 80
ip netns exec pc nc -zv -w2 -p 45010 192.168.50.100 80
ip netns exec n1 nc -zv -w2 -p 45011 10.96.0.10 80
ip netns exec p1 ping -c1 -W1 10.244.1.2
ip netns exec n1 ping -c1 -W1 10.244.1.2
ip -n n1 route del default
ip netns exec n1 nc -zv -w2 -p 45012 10.96.0.10 80 || true
ip netns exec p1 nc -zv -w2 -p 45013 10.96.0.10 80
ip netns exec n1 iptables -t nat -D FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4 -m comment --comment "flanneld masq" -j MASQUERADE
ip netns exec p1 nc -zv -w2 -p 45014 192.168.50.100 80 || true
