ip netns add a
ip -n a link set lo mtu $((1500 - 50))
