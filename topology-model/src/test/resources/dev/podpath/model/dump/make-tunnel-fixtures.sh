#!/bin/bash
# How tunnels-6.1.0/ was recorded (not run by the build): VXLAN devices with the settings
# iproute2 prints differently (remote, group, ttl N/auto/inherit, dstport 0 and 4789, learning and
# nolearning, VNI 2^24-1), a TUN device as flanneld's UDP backend holds it, and a TAP device.
# As root, in a throwaway network + mount namespace, with this machine's iproute2 (6.1.0):
#   OUT=/tmp/tunnels unshare --net --mount --propagation private bash make-tunnel-fixtures.sh
set -eu
mount -t tmpfs none /run/netns
mount -t sysfs none /sys
ip link set lo up
ip link add eth0 type veth peer name eth0p
ip addr add 192.168.1.10/24 dev eth0
ip link set eth0 up
ip link add flannel.1 address 0e:f1:00:00:00:17 type vxlan id 1 local 192.168.1.10 dev eth0 dstport 8472 nolearning
ip addr add 10.10.0.0/32 dev flannel.1
ip link set flannel.1 up
ip link add vx0 type vxlan id 42 local 192.168.1.10 remote 192.168.1.20 dev eth0 dstport 4789
ip link add vx1 type vxlan id 16777215 group 239.1.1.1 dev eth0 dstport 0 ttl 10
ip link add vx2 type vxlan id 7 ttl inherit dstport 4789
ip link add vx3 type vxlan id 8 dstport 4789 ttl auto local 192.168.1.10
ip tuntap add dev flannel0 mode tun
ip link set flannel0 mtu 1472 up
ip addr add 10.10.1.0/32 dev flannel0
ip tuntap add dev tap0 mode tap
bridge fdb append 00:00:00:00:00:00 dev flannel.1 dst 192.168.1.20 self permanent
ip -j -d link show > "$OUT"/ip-d-link.json
ip -d link show > "$OUT"/ip-d-link.txt
ip -o -d link show > "$OUT"/ip-o-d-link.txt
bridge -j fdb show > "$OUT"/bridge-fdb.json
bridge fdb show > "$OUT"/bridge-fdb.txt
