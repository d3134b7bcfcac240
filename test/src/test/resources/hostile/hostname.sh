# Accepted as a display command; the kernel side never runs it.
hostname pwned
ip link set lo up
ping -c1 -W1 127.0.0.1
