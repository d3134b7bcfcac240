ip netns add a
for i in 1 2; do ip netns add "n$i"; done
