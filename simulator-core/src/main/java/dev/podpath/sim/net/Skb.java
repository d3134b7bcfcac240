package dev.podpath.sim.net;

import dev.podpath.model.packet.Frame;

/**
 * A frame in flight with its bookkeeping, named after the kernel's {@code sk_buff}.
 *
 * @param packetId the IP packet this frame carries, or (for ARP) the packet that needed it
 * @param copyId which copy of the frame this is (a flood makes one per port)
 * @param arp whether this frame is part of an ARP exchange
 * @param bridgeHops how many bridges the frame crossed without being routed (loop guard)
 */
record Skb(long packetId, long copyId, Frame frame, boolean arp, int bridgeHops) {

  Skb withFrame(Frame f) {
    return new Skb(packetId, copyId, f, arp, bridgeHops);
  }

  Skb withCopy(long newCopyId) {
    return new Skb(packetId, newCopyId, frame, arp, bridgeHops);
  }

  Skb crossedBridge() {
    return new Skb(packetId, copyId, frame, arp, bridgeHops + 1);
  }
}
