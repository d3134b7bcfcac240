#!/usr/bin/env python3
"""flanneld-udp.py: a small stand-in for flanneld's UDP backend, for podpath's samples.

    flanneld-udp.py [--tun flannel0] [--port 8285] [--for SECONDS] SUBNET=NODE_IP ...

It attaches to the TUN device (IFF_TUN | IFF_NO_PI; created if it does not exist), reads the IP
packets the kernel routes into it, looks up the subnet lease that holds each destination and
sends the bare packet as the payload of a UDP datagram from its port to NODE_IP:port; datagrams
received on its port are written into the TUN device. That is flannel's UDP data path (no
headers besides the outer IP/UDP). It exits after --for seconds (default 30), so that a sandbox
run never leaves it behind. podpath recognises this program in a scenario and models it.
"""
import fcntl
import ipaddress
import os
import select
import socket
import struct
import sys
import time

TUNSETIFF, IFF_TUN, IFF_NO_PI = 0x400454CA, 0x0001, 0x1000


def main(argv):
    tun, port, lifetime, leases = "flannel0", 8285, 30.0, []
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--tun":
            tun = args.pop(0)
        elif a == "--port":
            port = int(args.pop(0))
        elif a == "--for":
            lifetime = float(args.pop(0))
        else:
            subnet, node = a.split("=")
            leases.append((ipaddress.ip_network(subnet), node))
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", tun.encode(), IFF_TUN | IFF_NO_PI))
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("0.0.0.0", port))
    end = time.monotonic() + lifetime
    while True:
        left = end - time.monotonic()
        if left <= 0:
            return 0
        ready, _, _ = select.select([fd, s], [], [], left)
        if fd in ready:
            pkt = os.read(fd, 65535)
            if len(pkt) >= 20 and pkt[0] >> 4 == 4:
                dst = ipaddress.ip_address(pkt[16:20])
                for subnet, node in leases:
                    if dst in subnet:
                        try:
                            s.sendto(pkt, (node, port))
                        except OSError as e:
                            print("send to", node, "failed:", e, file=sys.stderr, flush=True)
                        break
                else:
                    print("no lease for", dst, file=sys.stderr, flush=True)
        if s in ready:
            pkt, _ = s.recvfrom(65535)
            os.write(fd, pkt)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
