ip netns add a
ip netns exec a sh -c "ip link set lo up; rm -rf @CANARY@"
