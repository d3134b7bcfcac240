ip netns add a
case "$MODE" in
  vxlan) ip link add vx0 type vxlan id 1 dstport 4789 ;;
esac
