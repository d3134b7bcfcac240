# a scenario whose lines carry terminal escape sequences (clear screen, window title, colours, BEL, CR)
ip netns add a
ip link set [2J]0;pwnedveth9 up
ip -n a link set [31mred[0mup
