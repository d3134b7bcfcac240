sysctl -w kernel.hostname=pwned
