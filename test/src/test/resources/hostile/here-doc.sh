iptables-restore <<EOF
*filter
COMMIT
EOF
