# Two bridges joined twice: a broadcast loops between them until the sandbox ends.
ip link add b1 type bridge
ip link add b2 type bridge
ip link add x1 type veth peer name y1
ip link add x2 type veth peer name y2
ip link set x1 master b1
ip link set x2 master b1
ip link set y1 master b2
ip link set y2 master b2
ip link set b1 up
ip link set b2 up
ip link set x1 up
ip link set x2 up
ip link set y1 up
ip link set y2 up
ip addr add 10.9.0.1/24 dev b1
ping -c1 -W1 10.9.0.2 || true
