# bridge-storm.sh: two bridges joined twice (a bridge loop, no STP), a host on each (test-only
# scenario for LoopsTest). a's ARP request for b is a broadcast: each bridge floods it into both
# links to the other, which floods it back, and so on: a broadcast storm that never ends by itself.
# The kernel (6.18) forwarded some 400,000 frames a second over l1a, and b answered thousands of
# copies of the request; a's ping got no reply (its echo request went round the loop too). Bringing
# l1a down breaks the loop and ends the storm.
#
#   a [eth0 10.0.0.1] -- va  br0  l1a ==== l1b  br1  vb -- [eth0 10.0.0.2] b
#                            (sw)  l2a ==== l2b  (sw)
ip netns add sw
ip -n sw link set lo up
ip -n sw link add br0 type bridge
ip -n sw link add br1 type bridge
ip -n sw link set br0 up
ip -n sw link set br1 up
ip -n sw link add l1a type veth peer name l1b
ip -n sw link add l2a type veth peer name l2b
ip -n sw link set l1a master br0 up
ip -n sw link set l2a master br0 up
ip -n sw link set l1b master br1 up
ip -n sw link set l2b master br1 up
ip netns add a
ip netns add b
ip -n a link set lo up
ip -n b link set lo up
ip -n a link add eth0 type veth peer name va netns sw
ip -n b link add eth0 type veth peer name vb netns sw
ip -n sw link set va master br0 up
ip -n sw link set vb master br1 up
ip -n a addr add 10.0.0.1/24 dev eth0
ip -n b addr add 10.0.0.2/24 dev eth0
ip -n a link set eth0 up
ip -n b link set eth0 up
ip netns exec a ping -c1 -W1 10.0.0.2 || true
ip -s -n sw link show l1a
ip -n sw link set l1a down
