ip netns add a
( ip netns add b )
