nsenter --net=/proc/1/ns/net ip link set lo down
