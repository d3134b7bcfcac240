package dev.podpath.sim.net;

import dev.podpath.model.packet.Frame;
import dev.podpath.model.topo.DeviceRef;
import java.util.ArrayList;
import java.util.List;

/**
 * A frame in flight with its bookkeeping, named after the kernel's {@code sk_buff}.
 *
 * @param packetId the IP packet this frame carries, or (for ARP) the packet that needed it
 * @param copyId which copy of the frame this is (a flood makes one per port)
 * @param arp whether this frame is part of an ARP exchange
 * @param crossed the bridges this frame crossed since it was last routed, with the port it entered
 *     each by, in order: entering a port a second time means it went round a bridge loop
 */
record Skb(long packetId, long copyId, Frame frame, boolean arp, List<Crossing> crossed) {

  /** A frame entered {@code bridge} through its port {@code port}. */
  record Crossing(DeviceRef bridge, DeviceRef port) {}

  Skb {
    crossed = List.copyOf(crossed);
  }

  /** A frame just made by a host (no bridge crossed yet). */
  Skb(long packetId, long copyId, Frame frame, boolean arp) {
    this(packetId, copyId, frame, arp, List.of());
  }

  Skb withFrame(Frame f) {
    return new Skb(packetId, copyId, f, arp, crossed);
  }

  Skb withCopy(long newCopyId) {
    return new Skb(packetId, newCopyId, frame, arp, crossed);
  }

  Skb crossedBridge(DeviceRef bridge, DeviceRef port) {
    List<Crossing> more = new ArrayList<>(crossed);
    more.add(new Crossing(bridge, port));
    return new Skb(packetId, copyId, frame, arp, more);
  }

  /** Where the frame entered {@code port} before, if it did: the index of that crossing. */
  int entered(DeviceRef port) {
    for (int i = 0; i < crossed.size(); i++) {
      if (crossed.get(i).port().equals(port)) {
        return i;
      }
    }
    return -1;
  }
}
