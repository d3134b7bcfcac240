# A changes file for `podpath diff samples/snapshots/kube-proxy-before --assume-cni-pods
#   --apply samples/changes/kube-proxy-open-input.sh` (docs/diff.md): what the host firewall of
# master-01 would need so that its pods reach the API server behind the Service default/kubernetes
# (DNAT to 192.168.1.5:6443, then filter INPUT's last rule, -j REJECT, master-01/iptables-save.txt:91).
# The user's own fix flushed every table; these lines open only what the pods need, above the REJECT.
ip netns exec master-01 iptables -I INPUT -p tcp -m tcp --dport 6443 -j ACCEPT
ip netns exec master-01 iptables -I INPUT -i cni0 -j ACCEPT
