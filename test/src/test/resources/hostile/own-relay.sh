# The relay of the scenario's folder is not run: podpath runs its own copy.
ip netns add n
ip -n n link set lo up
ip -n n addr add 192.168.0.1/24 dev lo
ip netns exec n python3 flanneld-udp.py --tun flannel0 --port 8285 --for 5 10.1.0.0/24=192.168.0.2 >/dev/null 2>&1 &
sleep 1
ip netns exec n ping -c1 -W1 192.168.0.1
