iptables -A OUTPUT -j ACCEPT
iptables-restore < base.rules
ipset restore < sets.ipset
iptables-restore --noflush < more.rules
ipset create ports hash:ip,port
ipset add ports 10.96.0.10,udp:53
ipset add ports 10.96.0.10,80
ipset add -exist ports 10.96.0.10,80
ipset del ports 10.96.0.10,udp:53
iptables -A INPUT -m set --match-set ports dst,dst -j ACCEPT
