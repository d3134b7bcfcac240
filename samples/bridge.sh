#!/usr/bin/env bash
# bridge.sh: two namespaces on a Linux bridge in the root namespace (seed 004, "Linux Bridge").
#
#   ns1 [veth0 10.1.1.2/24]--[br1-veth0]--+
#                                         br1  (root namespace, no IP address)
#   ns2 [veth1 10.1.1.3/24]--[br1-veth1]--+
#
# What you should see:
#   * ns2 pings 10.1.1.2: reply with ttl=64. The bridge switches frames, it does not route,
#     so the TTL is untouched and traceroute shows one hop;
#   * afterwards the bridge has learned both namespaces' MACs (bridge fdb), one per port;
#   * ns1 pings 10.1.1.1: nobody has that address (br1 has no IP here), so ns1's ARP requests go
#     unanswered (3 tries, 1 s apart) and its neighbour entry ends FAILED. ping prints only
#     "100% packet loss": the kernel reports a failed ARP to the sender with an ICMP "host
#     unreachable" addressed to the namespace itself, which travels through lo, and lo is down
#     (the seed never brings it up). With `ip -n ns1 link set lo up` the same probe would print
#     "From 10.1.1.2 icmp_seq=1 Destination Host Unreachable" after about 3 s (hence -W4).
#
# Run it in the kernel: sudo ./podpath verify samples/bridge.sh --save-transcript FILE
set -e

# the bridge, in the current (root) namespace
ip link add br1 type bridge
ip link set br1 up

# two namespaces and two veth pairs
ip netns add ns1
ip netns add ns2
ip link add veth0 type veth peer name br1-veth0
ip link add veth1 type veth peer name br1-veth1

# one end of each pair into a namespace, the other end into the bridge
ip link set veth0 netns ns1
ip link set veth1 netns ns2
ip link set br1-veth0 master br1
ip link set br1-veth1 master br1
ip link set br1-veth0 up
ip link set br1-veth1 up

# addresses inside the namespaces
ip netns exec ns1 ip addr add 10.1.1.2/24 dev veth0
ip netns exec ns2 ip addr add 10.1.1.3/24 dev veth1
ip netns exec ns1 ip link set veth0 up
ip netns exec ns2 ip link set veth1 up

# the seed lists the bridge with the legacy tool (package bridge-utils)
brctl show br1

# --- probes ---
ip netns exec ns2 ip route get 10.1.1.2
ip netns exec ns2 ping -c1 -W1 10.1.1.2
ip netns exec ns2 traceroute -n -q1 -w1 -m 8 10.1.1.2
ip netns exec ns1 ping -c1 -W1 10.1.1.3
# an address on the subnet that nobody owns
ip netns exec ns1 ping -c1 -W4 10.1.1.1 || true

# --- state after the probes ---
ip -n ns1 neigh
ip -n ns2 neigh
ip neigh show dev br1
bridge link show
bridge fdb show br br1 | grep -v permanent
