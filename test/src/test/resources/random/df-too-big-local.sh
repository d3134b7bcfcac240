# A ping with DF larger than its own route's MTU: the kernel refuses it in ip_append_data, before
# the packet is built, so OUTPUT never sees it and conntrack makes no entry ("ping: local error:
# message too long, mtu=1400"). podpath had let it through OUTPUT (a conntrack entry, counters)
# and refused it at the device. Found by the random comparison (seed 130), reduced by hand to the
# sender alone. Test-only scenario: RandomDisagreementsTest (issue 15).
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
ip -n c link set e0 mtu 1400
ip -n r link set e0 mtu 1400
ip -n c link set e0 up
ip -n r link set e0 up
ip -n r link set e1 up
ip -n s link set e0 up
ip -n c route add default via 10.0.0.1
ip -n s route add default via 10.0.1.1
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip netns exec c iptables -A OUTPUT -m conntrack --ctstate NEW -p icmp -j ACCEPT
ip netns exec c ping -c1 -W1 -M do -s 1472 10.0.1.2 || true
ip netns exec c ping -c1 -W1 -M do -s 1372 10.0.1.2 || true
ip netns exec c ping -c1 -W1 -M do -s 1472 10.0.0.1 || true
