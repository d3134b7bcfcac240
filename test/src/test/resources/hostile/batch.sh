ip -batch /etc/passwd
