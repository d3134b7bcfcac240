# Two hosts on a link, a WireGuard tunnel between them (flannel's wireguard backend and Calico's
# encryption build the same: a wg device per node, a peer per other node, allowed-ips its pod
# CIDR, the endpoint its node address). The keys are a.key and b.key beside this file (test keys,
# made with wg genkey). This kernel has no wireguard module: verify runs it in the VM
# (podpath verify --kernel=vm). podpath does not model WireGuard devices yet: a probe through wg0
# ends NOT_MODELLED naming the device; a probe beside it is modelled.
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
ip -n a link add wg0 type wireguard
ip -n b link add wg0 type wireguard
ip netns exec a wg set wg0 listen-port 51820 private-key a.key peer 4XBXjAqk/bVjAhPwCqpmrZb8EGirTY8kBKhknpeksFE= allowed-ips 10.0.2.0/24 endpoint 192.168.0.2:51820
ip netns exec b wg set wg0 listen-port 51820 private-key b.key peer TptPhf/IRNZfKImmpqxITQu/C5OqMAhj9tTQ7534zDw= allowed-ips 10.0.1.0/24 endpoint 192.168.0.1:51820
ip -n a addr add 10.0.1.1/24 dev wg0
ip -n b addr add 10.0.2.1/24 dev wg0
ip -n a link set wg0 up
ip -n b link set wg0 up
ip -n a route add 10.0.2.0/24 dev wg0
ip -n b route add 10.0.1.0/24 dev wg0

ip netns exec a ping -c1 -W1 192.168.0.2
ip netns exec a ping -c1 -W2 10.0.2.1
ip netns exec a ping -c1 -W1 -s 1392 -M do 10.0.2.1 || true
ip netns exec a ping -c1 -W1 -s 1393 -M do 10.0.2.1 || true
