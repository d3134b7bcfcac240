# The sender's side of an ICMP redirect whose new next hop does not answer ARP: r forwards s's
# traceroute probe back out of e0 (its route to 10.0.7.0/24 is via 10.0.0.6, on the same link) and
# sends s a redirect (new next hop 10.0.0.6). s takes it (accept_redirects) but, 10.0.0.6 not being
# resolved, only sends an ARP request for it (__ip_do_redirect's neigh_event_send), which fails: no
# route exception, so `ip route get` still shows the route via 10.0.0.4. The redirect goes through
# r's OUTPUT like any ICMP error (the mangle counter: the time exceeded and the redirect, 88 bytes
# each). Found by the random comparison (seed 113), reduced by hand. Test-only scenario:
# RandomDisagreementsTest (issue 15).
ip netns add s
ip -n s link set lo up
ip netns add r
ip -n r link set lo up
ip -n s link add e0 type veth peer name e0 netns r
ip -n s addr add 10.0.0.3/24 dev e0
ip -n s link set e0 up
ip -n r addr add 10.0.0.4/24 dev e0
ip -n r link set e0 up
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip -n s route add default via 10.0.0.4
ip -n r route add 10.0.7.0/24 via 10.0.0.6
ip netns exec r iptables -t mangle -A OUTPUT -d 10.0.0.0/24 -j MARK --set-mark 0x6
ip netns exec s traceroute -n -q1 -w1 -m 5 10.0.7.5 || true
ip -n s route get 10.0.7.5 || true
ip netns exec s ping -c1 -W1 10.0.0.4 || true
