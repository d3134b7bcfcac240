#!/bin/bash
# How the listings beside this script were captured: the same rules set in a network namespace of
# its own (nothing of the host is touched), then listed by iptables -L in each of its forms and by
# iptables-save. Run as root: unshare --net --mount --propagation private bash capture.sh OUTDIR
# Captured with iptables v1.8.9 (nf_tables) on Linux 6.x; IptablesListOutputTest reads them.
set -eu
out=${1:-.}
iptables -P FORWARD DROP
iptables -N KUBE-FORWARD
iptables -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
iptables -A INPUT -i lo -j ACCEPT
iptables -A INPUT -p tcp --dport 22 -j ACCEPT
iptables -A INPUT -s 10.244.0.0/16 -p udp -m multiport --dports 53,8472 -j ACCEPT
iptables -A INPUT -p icmp --icmp-type 8 -j ACCEPT
iptables -A INPUT -m limit --limit 5/min --limit-burst 5 -j LOG --log-prefix "iptables INPUT denied: " --log-level 7
iptables -A INPUT -j REJECT --reject-with icmp-host-prohibited
iptables -A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
iptables -A FORWARD -i cni0 ! -o cni0 -j ACCEPT
iptables -A FORWARD -o docker0 -m state --state RELATED,ESTABLISHED -j ACCEPT
iptables -A FORWARD ! -s 10.0.0.0/8 -d 192.168.1.10 -p tcp -m tcp --sport 1024:65535 --dport 6443 -j ACCEPT
iptables -A FORWARD -m mark --mark 0x8000/0x8000 -j DROP
iptables -A FORWARD -m addrtype --dst-type LOCAL -j RETURN
iptables -A FORWARD -m pkttype --pkt-type unicast -j DROP
iptables -A FORWARD -f -j DROP
iptables -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j ACCEPT
iptables -A FORWARD -j REJECT --reject-with icmp-port-unreachable
iptables -A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP
iptables -A KUBE-FORWARD -m mark --mark 0x4000/0x4000 -m comment --comment "kubernetes forwarding rules" -j ACCEPT
iptables -t nat -N KUBE-MARK-MASQ
iptables -t nat -A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
iptables -t nat -A POSTROUTING -s 10.244.0.0/16 ! -o cni0 -j MASQUERADE --random-fully
iptables -t nat -A PREROUTING -d 10.96.0.10/32 -p udp --dport 53 -j DNAT --to-destination 10.244.1.5:53
iptables -nvL >"$out/filter-nvL.txt"
iptables -vL >"$out/filter-vL.txt"
iptables -L >"$out/filter-L.txt"
iptables -nL --line-numbers >"$out/filter-nL-num.txt"
iptables -t nat -nvL >"$out/nat-nvL.txt"
iptables-save | grep -v '^#' >"$out/save.txt"
