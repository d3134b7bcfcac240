# five lines that fail, each for its own reason, between lines that work
ip netns add a
ip link set veth1 up
ip -n a link add v0 type veth peer name v1
frobnicate --all
ip route add 10.0.0.0/8 via 10.9.9.9
ip netns add a
ip -n a link set v9 up
ip netns add c
ping -c1 -W1 10.9.9.9
