echo b > /proc/sysrq-trigger
