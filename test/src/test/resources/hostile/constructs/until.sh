ip netns add a
until ip -n a link show v0; do sleep 1; done
