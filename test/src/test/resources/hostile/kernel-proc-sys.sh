echo pwned > /proc/sys/kernel/hostname
