# rp_filter's route back ignores a mark set in PREROUTING unless src_valid_mark is on: n1 marks
# everything for 192.168.0.0/24 in mangle PREROUTING, and the mark leads to a table whose route for
# that prefix is unreachable. n0's ping to n1's own address is answered (the input lookup finds the
# local table first; fib_validate_source looks the route back up with mark 0, in main); with
# src_valid_mark=1 the route back is the unreachable one and the echo is dropped as a martian
# source. Found by the random comparison (seed 178: podpath looked the route back up with the mark
# and dropped the echo for rp_filter=2), reduced by hand. Test-only scenario:
# RandomDisagreementsTest (issue 15).
ip netns add n0
ip -n n0 link set lo up
ip netns add n1
ip -n n1 link set lo up
ip -n n0 link add e0 type veth peer name e0 netns n1
ip -n n0 addr add 192.168.0.3/24 dev e0
ip -n n0 link set e0 up
ip -n n1 addr add 192.168.0.6/24 dev e0
ip -n n1 link set e0 up
ip netns exec n1 sysctl -w net.ipv4.conf.all.rp_filter=2
ip netns exec n1 iptables -t mangle -A PREROUTING -d 192.168.0.0/24 -j MARK --set-mark 0x9
ip -n n1 rule add fwmark 0x9 lookup 209 pref 50
ip -n n1 route add unreachable 192.168.0.0/24 table 209
ip netns exec n0 ping -c1 -W1 192.168.0.6 || true
ip netns exec n1 sysctl -w net.ipv4.conf.all.src_valid_mark=1
ip netns exec n0 ping -c1 -W1 192.168.0.6 || true
ip netns exec n1 sysctl -w net.ipv4.conf.all.rp_filter=0
ip netns exec n0 ping -c1 -W1 192.168.0.6 || true
