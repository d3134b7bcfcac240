ip netns add a
while ! ip -n a link show v0; do sleep 1; done
