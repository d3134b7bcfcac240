#!/usr/bin/env bash
# The cluster planned in docs/examples/plan-calico-vxlan.yaml, built by podpath plan: every node, 2 pods per node,
# and what Calico VXLAN CrossSubnet (VNI 4096, UDP 4789) installs. Run it in the kernel: sudo podpath verify FILE
set -e

# ---------- the underlay: segment rack1 ----------
ip netns add seg-rack1
ip -n seg-rack1 link add br0 type bridge
ip -n seg-rack1 link set br0 up
# ---------- the underlay: segment rack2 ----------
ip netns add seg-rack2
ip -n seg-rack2 link add br0 type bridge
ip -n seg-rack2 link set br0 up

# ---------- node1: 192.168.1.10/24, pods 10.244.0.0/26 ----------
ip netns add node1
ip -n seg-rack1 link add u0 type veth peer name eth0 netns node1
ip -n seg-rack1 link set u0 master br0
ip -n seg-rack1 link set u0 up
ip -n node1 link set lo up
ip -n node1 addr add 192.168.1.10/24 dev eth0
ip -n node1 link set eth0 up
ip netns exec node1 sysctl -w net.ipv4.ip_forward=1

# ---------- node2: 192.168.1.11/24, pods 10.244.0.64/26 ----------
ip netns add node2
ip -n seg-rack1 link add u1 type veth peer name eth0 netns node2
ip -n seg-rack1 link set u1 master br0
ip -n seg-rack1 link set u1 up
ip -n node2 link set lo up
ip -n node2 addr add 192.168.1.11/24 dev eth0
ip -n node2 link set eth0 up
ip netns exec node2 sysctl -w net.ipv4.ip_forward=1

# ---------- node3: 192.168.2.10/24, pods 10.244.0.128/26 ----------
ip netns add node3
ip -n seg-rack2 link add u2 type veth peer name eth0 netns node3
ip -n seg-rack2 link set u2 master br0
ip -n seg-rack2 link set u2 up
ip -n node3 link set lo up
ip -n node3 addr add 192.168.2.10/24 dev eth0
ip -n node3 link set eth0 up
ip netns exec node3 sysctl -w net.ipv4.ip_forward=1

# ---------- Calico: vxlan.calico, the blocks and felix's routes (Calico VXLAN CrossSubnet (VNI 4096, UDP 4789)) ----------
ip -n node1 link add vxlan.calico address 66:ca:00:00:00:00 type vxlan id 4096 local 192.168.1.10 dev eth0 dstport 4789 nolearning
ip -n node1 link set vxlan.calico mtu 1450 up
ip -n node1 addr add 10.244.0.0/32 dev vxlan.calico
ip -n node1 route add blackhole 10.244.0.0/26 proto 80
ip -n node1 route add 10.244.0.64/26 via 192.168.1.11 dev eth0 proto 80
ip -n node1 route add 10.244.0.128/26 via 10.244.0.128 dev vxlan.calico proto 80 onlink
ip -n node1 neigh add 10.244.0.128 lladdr 66:ca:00:00:00:02 dev vxlan.calico nud permanent
bridge -n node1 fdb append 66:ca:00:00:00:02 dev vxlan.calico dst 192.168.2.10 self permanent
ip -n node2 link add vxlan.calico address 66:ca:00:00:00:01 type vxlan id 4096 local 192.168.1.11 dev eth0 dstport 4789 nolearning
ip -n node2 link set vxlan.calico mtu 1450 up
ip -n node2 addr add 10.244.0.64/32 dev vxlan.calico
ip -n node2 route add blackhole 10.244.0.64/26 proto 80
ip -n node2 route add 10.244.0.0/26 via 192.168.1.10 dev eth0 proto 80
ip -n node2 route add 10.244.0.128/26 via 10.244.0.128 dev vxlan.calico proto 80 onlink
ip -n node2 neigh add 10.244.0.128 lladdr 66:ca:00:00:00:02 dev vxlan.calico nud permanent
bridge -n node2 fdb append 66:ca:00:00:00:02 dev vxlan.calico dst 192.168.2.10 self permanent
ip -n node3 link add vxlan.calico address 66:ca:00:00:00:02 type vxlan id 4096 local 192.168.2.10 dev eth0 dstport 4789 nolearning
ip -n node3 link set vxlan.calico mtu 1450 up
ip -n node3 addr add 10.244.0.128/32 dev vxlan.calico
ip -n node3 route add blackhole 10.244.0.128/26 proto 80
ip -n node3 route add 10.244.0.0/26 via 10.244.0.0 dev vxlan.calico proto 80 onlink
ip -n node3 neigh add 10.244.0.0 lladdr 66:ca:00:00:00:00 dev vxlan.calico nud permanent
bridge -n node3 fdb append 66:ca:00:00:00:00 dev vxlan.calico dst 192.168.1.10 self permanent
ip -n node3 route add 10.244.0.64/26 via 10.244.0.64 dev vxlan.calico proto 80 onlink
ip -n node3 neigh add 10.244.0.64 lladdr 66:ca:00:00:00:01 dev vxlan.calico nud permanent
bridge -n node3 fdb append 66:ca:00:00:00:01 dev vxlan.calico dst 192.168.1.11 self permanent

# ---------- the router edge (the nodes' default gateway, between the segments) and the networks already there behind it ----------
ip netns add edge
ip -n edge link set lo up
ip netns exec edge sysctl -w net.ipv4.ip_forward=1
ip -n seg-rack1 link add ue type veth peer name eth0 netns edge
ip -n seg-rack1 link set ue master br0
ip -n seg-rack1 link set ue up
ip -n edge addr add 192.168.1.254/24 dev eth0
ip -n edge link set eth0 up
ip -n node1 route add default via 192.168.1.254 dev eth0
ip -n node2 route add default via 192.168.1.254 dev eth0
ip -n seg-rack2 link add ue1 type veth peer name eth1 netns edge
ip -n seg-rack2 link set ue1 master br0
ip -n seg-rack2 link set ue1 up
ip -n edge addr add 192.168.2.254/24 dev eth1
ip -n edge link set eth1 up
ip -n node3 route add default via 192.168.2.254 dev eth0
# network office-lan: 192.168.10.0/24, a host at 192.168.10.254
ip netns add net-office-lan
ip -n edge link add n0 type veth peer name eth0 netns net-office-lan
ip -n edge addr add 192.168.10.253/24 dev n0
ip -n edge link set n0 up
ip -n net-office-lan link set lo up
ip -n net-office-lan addr add 192.168.10.254/24 dev eth0
ip -n net-office-lan link set eth0 up
ip -n net-office-lan route add default via 192.168.10.253
ip -n node1 route add 192.168.10.0/24 via 192.168.1.254 dev eth0
ip -n node2 route add 192.168.10.0/24 via 192.168.1.254 dev eth0
ip -n node3 route add 192.168.10.0/24 via 192.168.2.254 dev eth0
# Calico's natOutgoing (the IPPool's default), without its ipsets: from the pool to outside it
ip netns exec node1 iptables -t nat -A POSTROUTING -s 10.244.0.0/16 ! -d 10.244.0.0/16 -j MASQUERADE
ip netns exec node2 iptables -t nat -A POSTROUTING -s 10.244.0.0/16 ! -d 10.244.0.0/16 -j MASQUERADE
ip netns exec node3 iptables -t nat -A POSTROUTING -s 10.244.0.0/16 ! -d 10.244.0.0/16 -j MASQUERADE

# ---------- the pods of node1 ----------
ip netns add node1-pod1
ip -n node1 link add cali20a2ad68006 mtu 1450 type veth peer name eth0 mtu 1450 netns node1-pod1
ip -n node1 link set cali20a2ad68006 address ee:ee:ee:ee:ee:ee up
ip netns exec node1 sysctl -w net.ipv4.conf.cali20a2ad68006.proxy_arp=1
ip netns exec node1 sysctl -w net.ipv4.neigh.cali20a2ad68006.proxy_delay=0
ip -n node1 route add 10.244.0.1/32 dev cali20a2ad68006 scope link
ip -n node1-pod1 link set lo up
ip -n node1-pod1 addr add 10.244.0.1/32 dev eth0
ip -n node1-pod1 link set eth0 up
ip -n node1-pod1 route add 169.254.1.1 dev eth0 scope link
ip -n node1-pod1 route add default via 169.254.1.1 dev eth0
ip netns add node1-pod2
ip -n node1 link add califa484282849 mtu 1450 type veth peer name eth0 mtu 1450 netns node1-pod2
ip -n node1 link set califa484282849 address ee:ee:ee:ee:ee:ee up
ip netns exec node1 sysctl -w net.ipv4.conf.califa484282849.proxy_arp=1
ip netns exec node1 sysctl -w net.ipv4.neigh.califa484282849.proxy_delay=0
ip -n node1 route add 10.244.0.2/32 dev califa484282849 scope link
ip -n node1-pod2 link set lo up
ip -n node1-pod2 addr add 10.244.0.2/32 dev eth0
ip -n node1-pod2 link set eth0 up
ip -n node1-pod2 route add 169.254.1.1 dev eth0 scope link
ip -n node1-pod2 route add default via 169.254.1.1 dev eth0

# ---------- the pods of node2 ----------
ip netns add node2-pod1
ip -n node2 link add cali99936f9ec5d mtu 1450 type veth peer name eth0 mtu 1450 netns node2-pod1
ip -n node2 link set cali99936f9ec5d address ee:ee:ee:ee:ee:ee up
ip netns exec node2 sysctl -w net.ipv4.conf.cali99936f9ec5d.proxy_arp=1
ip netns exec node2 sysctl -w net.ipv4.neigh.cali99936f9ec5d.proxy_delay=0
ip -n node2 route add 10.244.0.65/32 dev cali99936f9ec5d scope link
ip -n node2-pod1 link set lo up
ip -n node2-pod1 addr add 10.244.0.65/32 dev eth0
ip -n node2-pod1 link set eth0 up
ip -n node2-pod1 route add 169.254.1.1 dev eth0 scope link
ip -n node2-pod1 route add default via 169.254.1.1 dev eth0
ip netns add node2-pod2
ip -n node2 link add cali6e7a551b653 mtu 1450 type veth peer name eth0 mtu 1450 netns node2-pod2
ip -n node2 link set cali6e7a551b653 address ee:ee:ee:ee:ee:ee up
ip netns exec node2 sysctl -w net.ipv4.conf.cali6e7a551b653.proxy_arp=1
ip netns exec node2 sysctl -w net.ipv4.neigh.cali6e7a551b653.proxy_delay=0
ip -n node2 route add 10.244.0.66/32 dev cali6e7a551b653 scope link
ip -n node2-pod2 link set lo up
ip -n node2-pod2 addr add 10.244.0.66/32 dev eth0
ip -n node2-pod2 link set eth0 up
ip -n node2-pod2 route add 169.254.1.1 dev eth0 scope link
ip -n node2-pod2 route add default via 169.254.1.1 dev eth0

# ---------- the pods of node3 ----------
ip netns add node3-pod1
ip -n node3 link add calif4f5362d9f2 mtu 1450 type veth peer name eth0 mtu 1450 netns node3-pod1
ip -n node3 link set calif4f5362d9f2 address ee:ee:ee:ee:ee:ee up
ip netns exec node3 sysctl -w net.ipv4.conf.calif4f5362d9f2.proxy_arp=1
ip netns exec node3 sysctl -w net.ipv4.neigh.calif4f5362d9f2.proxy_delay=0
ip -n node3 route add 10.244.0.129/32 dev calif4f5362d9f2 scope link
ip -n node3-pod1 link set lo up
ip -n node3-pod1 addr add 10.244.0.129/32 dev eth0
ip -n node3-pod1 link set eth0 up
ip -n node3-pod1 route add 169.254.1.1 dev eth0 scope link
ip -n node3-pod1 route add default via 169.254.1.1 dev eth0
ip netns add node3-pod2
ip -n node3 link add cali0157593ae14 mtu 1450 type veth peer name eth0 mtu 1450 netns node3-pod2
ip -n node3 link set cali0157593ae14 address ee:ee:ee:ee:ee:ee up
ip netns exec node3 sysctl -w net.ipv4.conf.cali0157593ae14.proxy_arp=1
ip netns exec node3 sysctl -w net.ipv4.neigh.cali0157593ae14.proxy_delay=0
ip -n node3 route add 10.244.0.130/32 dev cali0157593ae14 scope link
ip -n node3-pod2 link set lo up
ip -n node3-pod2 addr add 10.244.0.130/32 dev eth0
ip -n node3-pod2 link set eth0 up
ip -n node3-pod2 route add 169.254.1.1 dev eth0 scope link
ip -n node3-pod2 route add default via 169.254.1.1 dev eth0

# ---------- the Services: the API server, CoreDNS and kube-proxy's rules ----------
ip netns add node3-dns
ip -n node3 link add cali4583395b59c mtu 1450 type veth peer name eth0 mtu 1450 netns node3-dns
ip -n node3 link set cali4583395b59c address ee:ee:ee:ee:ee:ee up
ip netns exec node3 sysctl -w net.ipv4.conf.cali4583395b59c.proxy_arp=1
ip netns exec node3 sysctl -w net.ipv4.neigh.cali4583395b59c.proxy_delay=0
ip -n node3 route add 10.244.0.131/32 dev cali4583395b59c scope link
ip -n node3-dns link set lo up
ip -n node3-dns addr add 10.244.0.131/32 dev eth0
ip -n node3-dns link set eth0 up
ip -n node3-dns route add 169.254.1.1 dev eth0 scope link
ip -n node3-dns route add default via 169.254.1.1 dev eth0
ip netns exec node1 nc -lk 6443 &
ip netns exec node3-dns nc -lku 53 &
ip netns exec node3-dns nc -lk 53 &
ip netns exec node1 iptables -t nat -N KUBE-SERVICES
ip netns exec node1 iptables -t nat -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
ip netns exec node1 iptables -t nat -A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
ip netns exec node1 iptables -t nat -N KUBE-SVC-NPX46M4PTMTKRN6Y
ip netns exec node1 iptables -t nat -N KUBE-SEP-APISERVER
ip netns exec node1 iptables -t nat -A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y
ip netns exec node1 iptables -t nat -A KUBE-SVC-NPX46M4PTMTKRN6Y -j KUBE-SEP-APISERVER
ip netns exec node1 iptables -t nat -A KUBE-SEP-APISERVER -p tcp -m tcp -j DNAT --to-destination 192.168.1.10:6443
ip netns exec node1 iptables -t nat -N KUBE-SVC-TCOU7JCQXEZGVUNU
ip netns exec node1 iptables -t nat -N KUBE-SEP-COREDNS-UDP
ip netns exec node1 iptables -t nat -A KUBE-SERVICES -d 10.96.0.10/32 -p udp -m udp --dport 53 -j KUBE-SVC-TCOU7JCQXEZGVUNU
ip netns exec node1 iptables -t nat -A KUBE-SVC-TCOU7JCQXEZGVUNU -j KUBE-SEP-COREDNS-UDP
ip netns exec node1 iptables -t nat -A KUBE-SEP-COREDNS-UDP -p udp -m udp -j DNAT --to-destination 10.244.0.131:53
ip netns exec node1 iptables -t nat -N KUBE-SVC-ERIFXISQEP7F7OF4
ip netns exec node1 iptables -t nat -N KUBE-SEP-COREDNS-TCP
ip netns exec node1 iptables -t nat -A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m tcp --dport 53 -j KUBE-SVC-ERIFXISQEP7F7OF4
ip netns exec node1 iptables -t nat -A KUBE-SVC-ERIFXISQEP7F7OF4 -j KUBE-SEP-COREDNS-TCP
ip netns exec node1 iptables -t nat -A KUBE-SEP-COREDNS-TCP -p tcp -m tcp -j DNAT --to-destination 10.244.0.131:53
ip netns exec node2 iptables -t nat -N KUBE-SERVICES
ip netns exec node2 iptables -t nat -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
ip netns exec node2 iptables -t nat -A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
ip netns exec node2 iptables -t nat -N KUBE-SVC-NPX46M4PTMTKRN6Y
ip netns exec node2 iptables -t nat -N KUBE-SEP-APISERVER
ip netns exec node2 iptables -t nat -A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y
ip netns exec node2 iptables -t nat -A KUBE-SVC-NPX46M4PTMTKRN6Y -j KUBE-SEP-APISERVER
ip netns exec node2 iptables -t nat -A KUBE-SEP-APISERVER -p tcp -m tcp -j DNAT --to-destination 192.168.1.10:6443
ip netns exec node2 iptables -t nat -N KUBE-SVC-TCOU7JCQXEZGVUNU
ip netns exec node2 iptables -t nat -N KUBE-SEP-COREDNS-UDP
ip netns exec node2 iptables -t nat -A KUBE-SERVICES -d 10.96.0.10/32 -p udp -m udp --dport 53 -j KUBE-SVC-TCOU7JCQXEZGVUNU
ip netns exec node2 iptables -t nat -A KUBE-SVC-TCOU7JCQXEZGVUNU -j KUBE-SEP-COREDNS-UDP
ip netns exec node2 iptables -t nat -A KUBE-SEP-COREDNS-UDP -p udp -m udp -j DNAT --to-destination 10.244.0.131:53
ip netns exec node2 iptables -t nat -N KUBE-SVC-ERIFXISQEP7F7OF4
ip netns exec node2 iptables -t nat -N KUBE-SEP-COREDNS-TCP
ip netns exec node2 iptables -t nat -A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m tcp --dport 53 -j KUBE-SVC-ERIFXISQEP7F7OF4
ip netns exec node2 iptables -t nat -A KUBE-SVC-ERIFXISQEP7F7OF4 -j KUBE-SEP-COREDNS-TCP
ip netns exec node2 iptables -t nat -A KUBE-SEP-COREDNS-TCP -p tcp -m tcp -j DNAT --to-destination 10.244.0.131:53
ip netns exec node3 iptables -t nat -N KUBE-SERVICES
ip netns exec node3 iptables -t nat -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
ip netns exec node3 iptables -t nat -A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
ip netns exec node3 iptables -t nat -N KUBE-SVC-NPX46M4PTMTKRN6Y
ip netns exec node3 iptables -t nat -N KUBE-SEP-APISERVER
ip netns exec node3 iptables -t nat -A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y
ip netns exec node3 iptables -t nat -A KUBE-SVC-NPX46M4PTMTKRN6Y -j KUBE-SEP-APISERVER
ip netns exec node3 iptables -t nat -A KUBE-SEP-APISERVER -p tcp -m tcp -j DNAT --to-destination 192.168.1.10:6443
ip netns exec node3 iptables -t nat -N KUBE-SVC-TCOU7JCQXEZGVUNU
ip netns exec node3 iptables -t nat -N KUBE-SEP-COREDNS-UDP
ip netns exec node3 iptables -t nat -A KUBE-SERVICES -d 10.96.0.10/32 -p udp -m udp --dport 53 -j KUBE-SVC-TCOU7JCQXEZGVUNU
ip netns exec node3 iptables -t nat -A KUBE-SVC-TCOU7JCQXEZGVUNU -j KUBE-SEP-COREDNS-UDP
ip netns exec node3 iptables -t nat -A KUBE-SEP-COREDNS-UDP -p udp -m udp -j DNAT --to-destination 10.244.0.131:53
ip netns exec node3 iptables -t nat -N KUBE-SVC-ERIFXISQEP7F7OF4
ip netns exec node3 iptables -t nat -N KUBE-SEP-COREDNS-TCP
ip netns exec node3 iptables -t nat -A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m tcp --dport 53 -j KUBE-SVC-ERIFXISQEP7F7OF4
ip netns exec node3 iptables -t nat -A KUBE-SVC-ERIFXISQEP7F7OF4 -j KUBE-SEP-COREDNS-TCP
ip netns exec node3 iptables -t nat -A KUBE-SEP-COREDNS-TCP -p tcp -m tcp -j DNAT --to-destination 10.244.0.131:53

# ---------- probes: each pod to the next node's first pod ----------
ip netns exec node1-pod1 ping -c1 -W1 10.244.0.65
ip netns exec node2-pod1 ping -c1 -W1 10.244.0.129
ip netns exec node3-pod1 ping -c1 -W1 10.244.0.1
# ---------- the first pod of the first and of the last node to each Service ----------
ip netns exec node1-pod1 nc -zv -w1 10.96.0.1 443
ip netns exec node3-pod1 nc -zv -w1 10.96.0.1 443
ip netns exec node1-pod1 nc -u -zv -w1 10.96.0.10 53
ip netns exec node3-pod1 nc -u -zv -w1 10.96.0.10 53
ip netns exec node1-pod1 nc -zv -w1 10.96.0.10 53
ip netns exec node3-pod1 nc -zv -w1 10.96.0.10 53
# ---------- and the first pod to a host of each network already there ----------
ip netns exec node1-pod1 ping -c1 -W1 192.168.10.254
