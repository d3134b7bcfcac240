ip netns add a
if [ -d /run/netns ]; then
  ip netns add b
fi
