iptables-restore < ../../../../../../etc/passwd
