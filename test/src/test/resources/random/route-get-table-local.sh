# ip route get of a local or broadcast address prints "table local" once an ip rule was added in the
# namespace (the kernel splits its local and main tables at the first rule, fib_unmerge), and
# without it before. Reduced by podpath verify --reduce from random seed 120 (66 commands to 6: n3's
# rule and route get), then given the forms around it: n2 without a rule, n3 with one; an output
# lookup, a broadcast address, an input lookup (iif), an address that is not local.
ip netns add n2
ip netns add n3
ip -n n2 link add e1 type veth peer name e0 netns n3
ip -n n3 addr add 192.168.2.5/24 dev e0
ip -n n2 addr add 192.168.2.4/24 dev e1
ip -n n3 link set e0 up
ip -n n2 link set e1 up
ip -n n2 route get 192.168.2.4
ip -n n2 route get 192.168.2.255
ip -n n2 route get 192.168.2.4 from 192.168.2.5 iif e1
ip -n n3 rule add from 10.1.1.0/24 lookup 100 pref 100
ip -n n3 route get 192.168.2.5
ip -n n3 route get 192.168.2.255
ip -n n3 route get 192.168.2.5 from 192.168.2.4 iif e0
ip -n n3 route get 192.168.2.4
