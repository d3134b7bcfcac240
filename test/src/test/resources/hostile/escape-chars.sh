ip link set lo up
ping -c1 -W1 127.0.0.1 # ]0;pwned[2J
