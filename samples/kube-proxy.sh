#!/usr/bin/env bash
# kube-proxy.sh: Services in kube-proxy's iptables mode on a 2-node flannel host-gw cluster.
#
#          ext 192.168.50.100 (a host outside the cluster, the nodes' default gateway)
#                 |
#   lan (br0) ----+------------------------------+
#        192.168.50.11 eth0                192.168.50.12 eth0
#        node n1, cni0 10.244.0.1/24            node n2, cni0 10.244.1.1/24
#          p1 10.244.0.2 (client)                 pc 10.244.1.2 (web)
#          pa 10.244.0.3 (web, solo)
#          pb 10.244.0.4 (web)
#
# Both nodes load the rules kube-proxy 1.29 and flannel write (kube-proxy/iptables.rules):
#   default/web    10.96.0.10:80 and NodePort 30080 -> pa, pb, pc :8080 (statistic 1/3, 1/2, rest)
#   default/solo   10.96.0.30:80 -> pa:8080 only
#   default/empty  10.96.0.20:80 and NodePort 30090: no endpoints, REJECTed
# pa, pb and pc serve TCP 8080 (`nc -lk 8080 &`); ext serves TCP 80.
#
# What you should see:
#   * p1 -> 10.96.0.10:80 succeeds: nat PREROUTING DNATs to one of the three endpoints, chosen at
#     random (`-m statistic`); the reply is un-DNATed by conntrack, p1 only ever sees 10.96.0.10;
#   * p1 -> 10.96.0.20:80 (no endpoints): "Connection refused", the REJECT in filter
#     KUBE-SERVICES (reached from FORWARD), answered by n1 from 10.96.0.20;
#   * p1 -> 10.96.0.10:81 (no such Service port): no rule matches, n1 routes it to ext, which does
#     not forward: timed out;
#   * ping 10.96.0.10: ClusterIPs do not answer ping in iptables mode (no reply);
#   * pa -> 10.96.0.30:80, its own Service: with hairpin off on veth-pa the DNATed packet would
#     have to leave cni0 through the port it came in on (bridged DNAT, br_netfilter): timed out;
#     with `hairpin on` it succeeds, and KUBE-SEP's `-s 10.244.0.3/32 -j KUBE-MARK-MASQ` makes n1
#     masquerade it to 10.244.0.1;
#   * ext -> 192.168.50.11:30080 (NodePort): DNAT and MASQUERADE on n1, succeeds;
#     p1 -> 192.168.50.11:30090: "Connection refused" (KUBE-EXTERNAL-SERVICES REJECT, from INPUT);
#   * p1 -> 192.168.50.100:80 (outside the cluster): flannel's MASQUERADE, ext sees 192.168.50.11;
#   * n1 itself -> 10.96.0.10:80: nat OUTPUT DNAT; the source (192.168.50.11) was picked by the
#     route before the DNAT, and KUBE-SVC's `! -s 10.244.0.0/16` rule marks it for MASQUERADE.
# Every connect uses a fixed source port (-p) so that the conntrack entries of both sides can be
# compared.
#
# Run it in the kernel: sudo ./podpath verify samples/kube-proxy.sh --save-transcript FILE
set -e

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

# ---------- kube-proxy's and flannel's rules, on both nodes ----------
ip netns exec n1 iptables-restore < kube-proxy/iptables.rules
ip netns exec n2 iptables-restore < kube-proxy/iptables.rules

# ---------- the servers ----------
ip netns exec pa nc -lk 8080 &
ip netns exec pb nc -lk 8080 &
ip netns exec pc nc -lk 8080 &
ip netns exec ext nc -lk 80 &
sleep 0.5

# ---------- probes ----------
ip netns exec p1 nc -zv -w2 -p 41001 10.96.0.10 80
ip netns exec p1 nc -zv -w2 -p 41002 10.96.0.20 80 || true
ip netns exec p1 nc -zv -w2 -p 41003 10.96.0.10 81 || true
ip netns exec p1 ping -c1 -W1 10.96.0.10 || true
ip netns exec pa nc -zv -w2 -p 41004 10.96.0.30 80 || true
ip -n n1 link set veth-pa type bridge_slave hairpin on
ip netns exec pa nc -zv -w2 -p 41005 10.96.0.30 80
ip netns exec ext nc -zv -w2 -p 41006 192.168.50.11 30080
ip netns exec p1 nc -zv -w2 -p 41007 192.168.50.11 30090 || true
ip netns exec p1 nc -zv -w2 -p 41008 192.168.50.100 80
ip netns exec n1 nc -zv -w2 -p 41009 10.96.0.10 80

# ---------- state after the probes ----------
ip netns exec n1 iptables -t nat -L KUBE-SVC-CDGGSHYLG3RE2FKL -v -n -x
ip netns exec n1 conntrack -L
ip netns exec n2 conntrack -L
