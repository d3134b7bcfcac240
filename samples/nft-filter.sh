#!/usr/bin/env bash
# nft-filter.sh: a router that filters with native nftables (an inet table, as firewalld and
# distributions write them), next to an iptables rule in the same hook.
#
#   h1 10.1.1.2 ---- v1 10.1.1.1  r  10.1.2.1 v2 ---- h2 10.1.2.2   (r: ip_forward=1)
#
# h2 serves TCP 80, 22 and 8080 (`nc -lk`).
#
# What you should see:
#   * before any rule: h1 -> h2 answers;
#   * table inet fw, chain forward (filter, priority 0, policy drop): established and related
#     packets pass, ping passes, h1 -> h2:80 passes (iifname "v1"), h1 -> h2:22 is refused with a
#     TCP reset (`Connection refused`), h1 -> h2:443 gets no answer (the policy drops the SYN);
#   * chain input (priority 0, policy accept) drops pings to the router itself: silent loss;
#   * an iptables-nft rule in filter FORWARD dropping TCP 8080, and an nft rule accepting it in the
#     forward chain: the kernel runs both base chains (nft's `accept` ends only its own chain), so
#     the SYN is dropped;
#   * a second nft chain at priority -10 dropping h1 -> h2:80 before the chain at 0 can accept it.
#
# Run it in the kernel: sudo ./podpath verify samples/nft-filter.sh --save-transcript FILE
set -e

ip netns add r
ip netns add h1
ip netns add h2
ip -n r link set lo up
ip -n h1 link set lo up
ip -n h2 link set lo up

ip -n r link add v1 type veth peer name eth0 netns h1
ip -n r link add v2 type veth peer name eth0 netns h2
ip -n r addr add 10.1.1.1/24 dev v1
ip -n r addr add 10.1.2.1/24 dev v2
ip -n r link set v1 up
ip -n r link set v2 up
ip -n h1 addr add 10.1.1.2/24 dev eth0
ip -n h1 link set eth0 up
ip -n h1 route add default via 10.1.1.1
ip -n h2 addr add 10.1.2.2/24 dev eth0
ip -n h2 link set eth0 up
ip -n h2 route add default via 10.1.2.1
ip netns exec r sysctl -w net.ipv4.ip_forward=1

ip netns exec h2 nc -lk 80 &
ip netns exec h2 nc -lk 22 &
ip netns exec h2 nc -lk 8080 &
sleep 0.3

# ---------- no rules ----------
ip netns exec h1 ping -c1 -W1 10.1.2.2

# ---------- an inet table: forward policy drop ----------
ip netns exec r nft add table inet fw
ip netns exec r nft add chain inet fw forward '{ type filter hook forward priority 0; policy drop; }'
ip netns exec r nft add rule inet fw forward ct state established,related accept
ip netns exec r nft add rule inet fw forward icmp type echo-request accept
ip netns exec r nft add rule inet fw forward iifname "v1" tcp dport 80 accept
ip netns exec r nft add rule inet fw forward tcp dport 22 reject with tcp reset
ip netns exec h1 ping -c1 -W1 10.1.2.2
ip netns exec h1 nc -zv -w2 -p 42001 10.1.2.2 80
ip netns exec h1 nc -zv -w2 -p 42002 10.1.2.2 22 || true
ip netns exec h1 nc -zv -w2 -p 42003 10.1.2.2 443 || true

# ---------- the router's own input ----------
ip netns exec r nft add chain inet fw input '{ type filter hook input priority 0; policy accept; }'
ip netns exec r nft add rule inet fw input icmp type echo-request counter drop
ip netns exec h1 ping -c1 -W1 10.1.1.1 || true

# ---------- iptables and nft in the same hook ----------
ip netns exec r iptables -A FORWARD -p tcp --dport 8080 -j DROP
ip netns exec r nft add rule inet fw forward tcp dport 8080 accept
ip netns exec h1 nc -zv -w2 -p 42004 10.1.2.2 8080 || true

# ---------- an earlier chain decides first ----------
ip netns exec r nft add chain inet fw early '{ type filter hook forward priority -10; policy accept; }'
ip netns exec r nft add rule inet fw early ip daddr 10.1.2.2 tcp dport 80 drop
ip netns exec h1 nc -zv -w2 -p 42005 10.1.2.2 80 || true

ip netns exec r nft list ruleset
ip netns exec r iptables-save -c
