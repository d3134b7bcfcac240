# Two hosts on a link, a Geneve tunnel between them (OVN's encapsulation; UDP 6081, VNI 42). This
# kernel has no geneve module: verify runs it in the VM (podpath verify --kernel=vm). podpath does
# not model Geneve devices yet: a probe through g0 ends NOT_MODELLED naming the device.
set -e
ip netns add a
ip netns add b
ip -n a link set lo up
ip -n b link set lo up
ip -n a link add eth0 type veth peer name eth0 netns b
ip -n a addr add 192.168.0.1/24 dev eth0
ip -n b addr add 192.168.0.2/24 dev eth0
ip -n a link set eth0 up
ip -n b link set eth0 up
ip -n a link add g0 type geneve id 42 remote 192.168.0.2
ip -n b link add g0 type geneve id 42 remote 192.168.0.1
ip -n a addr add 10.0.0.1/24 dev g0
ip -n b addr add 10.0.0.2/24 dev g0
ip -n a link set g0 up
ip -n b link set g0 up

ip netns exec a ping -c1 -W1 192.168.0.2
ip netns exec a ping -c1 -W2 10.0.0.2
ip netns exec a ping -c1 -W1 -s 1422 -M do 10.0.0.2 || true
ip netns exec a ping -c1 -W1 -s 1423 -M do 10.0.0.2 || true
