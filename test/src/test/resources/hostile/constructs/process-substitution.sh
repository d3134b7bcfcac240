ip netns add a
diff <(ip -n a route) <(ip route)
