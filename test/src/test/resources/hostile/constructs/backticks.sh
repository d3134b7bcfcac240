ip netns add a
MAC=`ip -n a link show lo`
