ip netns add a
MAC=$(ip -n a link show lo | awk '/ether/ {print $2}')
