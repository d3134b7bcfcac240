# A program given by path runs as the system's program of that name.
ip netns add a
ip netns exec a ./ip link set lo up
ip netns exec a ping -c1 -W1 127.0.0.1
