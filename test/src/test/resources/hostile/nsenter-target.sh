nsenter --target 1 --net ip link set lo down
