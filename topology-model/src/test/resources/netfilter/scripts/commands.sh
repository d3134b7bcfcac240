ip netns add fw
iptables -A INPUT -s 10.0.0.1,10.0.0.2 -p tcp --dport 22 -j ACCEPT
iptables -A INPUT -m comment --comment "second" -p udp --dport 53 -j ACCEPT
iptables -I INPUT -i lo -j ACCEPT
iptables -I INPUT 3 -p icmp --icmp-type echo-request -j ACCEPT
iptables -A INPUT -j LOG --log-prefix "in: "
iptables -R INPUT 5 -m comment --comment second -p udp --dport 5353 -j ACCEPT
iptables -D INPUT -s 10.0.0.2 -p tcp -m tcp --dport 22 -j ACCEPT
iptables -D INPUT 1
iptables -N SSH
iptables -N OLD
iptables -A SSH -m conntrack --ctstate NEW -m recent --set --name ssh
iptables -A SSH -m limit --limit 3/min -j ACCEPT
iptables -A INPUT -p tcp --dport 22 -g SSH
iptables -A OLD -j DROP
iptables -F OLD
iptables -X OLD
iptables -E SSH SSH-IN
iptables -P INPUT DROP
iptables -Z
iptables -w -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu
iptables -t mangle -A OUTPUT -j MARK --set-mark 0x10/0xff
iptables -t raw -A PREROUTING -p udp --dport 53 -j CT --notrack
iptables -t raw -A OUTPUT -j TRACE
ip netns exec fw iptables -P FORWARD DROP
ip netns exec fw iptables -A FORWARD -m physdev --physdev-is-bridged -m comment --comment bridged -j ACCEPT
ip netns exec fw iptables -t nat -A POSTROUTING -o eth0 -j SNAT --to-source 192.0.2.1
iptables -S
