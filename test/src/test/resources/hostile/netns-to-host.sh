ip link add v0 type veth peer name v1
ip link set v1 netns 1
